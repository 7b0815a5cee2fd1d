//! What the document guard knows of the schema: each field's type and default page size, and
//! each input type's shape, read from the schema's own definition language.

use std::collections::{HashMap, HashSet};

use async_graphql::parser::types::{BaseType, Type, TypeKind, TypeSystemDefinition};

use crate::api::page::DEFAULT_PAGE_SIZE;

/// What the guard knows of the schema: the type each field returns and, for a list with a
/// `first` or `limit` argument, its default page size; and the shape of every type a variable
/// can have. Built from the schema's own definition, so it cannot drift from the code.
#[derive(Debug, Default)]
pub struct SchemaIndex {
    /// Fields by owner type, then by name; two lookups by `&str`, so a lookup allocates nothing.
    fields: HashMap<String, HashMap<String, FieldInfo>>,
    /// Input types (scalars, enums and input objects) by name.
    inputs: HashMap<String, InputInfo>,
}

#[derive(Debug, Clone)]
pub(super) struct FieldInfo {
    /// The named type the field returns, lists unwrapped.
    pub(super) returns: String,
    /// The page size of a `first` or `limit` argument left out, when the field has one.
    pub(super) default_page: Option<u64>,
}

/// What a variable's value may be, for one named input type.
#[derive(Debug, Clone)]
pub(super) enum InputInfo {
    /// `Int`: a whole number that fits in 32 bits.
    Int,
    /// `Float`: any number.
    Float,
    /// `String`.
    String,
    /// `Boolean`.
    Boolean,
    /// `ID`: text (whole numbers are accepted by GraphQL too, but left to full validation).
    Id,
    /// A scalar of this schema, whose rules only its code knows.
    CustomScalar,
    /// An enum and its values.
    Enum(HashSet<String>),
    /// An input object: its fields (name, type, whether it has a default), and whether exactly
    /// one field must be given (`@oneOf`).
    Object {
        fields: Vec<(String, Type, bool)>,
        one_of: bool,
    },
}

impl SchemaIndex {
    /// Reads the schema definition language of a schema.
    pub fn from_sdl(sdl: &str) -> Self {
        let mut index = SchemaIndex::default();
        for (name, info) in [
            ("Int", InputInfo::Int),
            ("Float", InputInfo::Float),
            ("String", InputInfo::String),
            ("Boolean", InputInfo::Boolean),
            ("ID", InputInfo::Id),
        ] {
            index.inputs.insert(name.to_owned(), info);
        }
        let Ok(document) = async_graphql::parser::parse_schema(sdl) else {
            return index;
        };
        for definition in &document.definitions {
            let TypeSystemDefinition::Type(definition) = definition else {
                continue;
            };
            let owner = definition.node.name.node.to_string();
            let list = match &definition.node.kind {
                TypeKind::Object(object) => &object.fields,
                TypeKind::Interface(interface) => &interface.fields,
                TypeKind::Scalar => {
                    index.inputs.insert(owner, InputInfo::CustomScalar);
                    continue;
                }
                TypeKind::Enum(enumeration) => {
                    let values = enumeration
                        .values
                        .iter()
                        .map(|v| v.node.value.node.to_string())
                        .collect();
                    index.inputs.insert(owner, InputInfo::Enum(values));
                    continue;
                }
                TypeKind::InputObject(object) => {
                    let fields = object
                        .fields
                        .iter()
                        .map(|f| {
                            let f = &f.node;
                            let default = f.default_value.is_some();
                            (f.name.node.to_string(), f.ty.node.clone(), default)
                        })
                        .collect();
                    let one_of = definition
                        .node
                        .directives
                        .iter()
                        .any(|d| d.node.name.node == "oneOf");
                    index
                        .inputs
                        .insert(owner, InputInfo::Object { fields, one_of });
                    continue;
                }
                TypeKind::Union(_) => continue,
            };
            let fields = index.fields.entry(owner).or_default();
            for field in list {
                let field = &field.node;
                let mut base = &field.ty.node.base;
                while let BaseType::List(inner) = base {
                    base = &inner.base;
                }
                let returns = match base {
                    BaseType::Named(name) => name.to_string(),
                    BaseType::List(_) => String::new(),
                };
                let default_page = field
                    .arguments
                    .iter()
                    .find(|a| matches!(a.node.name.node.as_str(), "first" | "limit"))
                    .map(|a| match a.node.default_value.as_ref().map(|v| &v.node) {
                        Some(async_graphql::Value::Number(n)) => {
                            n.as_u64().unwrap_or(DEFAULT_PAGE_SIZE as u64)
                        }
                        _ => DEFAULT_PAGE_SIZE as u64,
                    });
                fields.insert(
                    field.name.node.to_string(),
                    FieldInfo {
                        returns,
                        default_page,
                    },
                );
            }
        }
        index
    }

    /// What the schema says of the field `name` of the type `owner`.
    pub(super) fn field(&self, owner: &str, name: &str) -> Option<&FieldInfo> {
        self.fields.get(owner)?.get(name)
    }

    /// What the schema says of the input type `name`.
    pub(super) fn input(&self, name: &str) -> Option<&InputInfo> {
        self.inputs.get(name)
    }
}
