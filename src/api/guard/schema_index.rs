//! What the document guard knows of the schema: each field's type and default page size,
//! read from the schema's own definition language.

use std::collections::HashMap;

use crate::api::page::DEFAULT_PAGE_SIZE;

/// What the guard knows of each field: the type it returns and, for a list with a `first`
/// or `limit` argument, its default page size. Built from the schema's own definition, so
/// it cannot drift from the code.
#[derive(Debug, Default)]
pub struct SchemaIndex {
    fields: HashMap<(String, String), FieldInfo>,
}

#[derive(Debug, Clone)]
pub(super) struct FieldInfo {
    /// The named type the field returns, lists unwrapped.
    pub(super) returns: String,
    /// The page size of a `first` or `limit` argument left out, when the field has one.
    pub(super) default_page: Option<u64>,
}

impl SchemaIndex {
    /// Reads the schema definition language of a schema.
    pub fn from_sdl(sdl: &str) -> Self {
        use async_graphql::parser::types::{BaseType, TypeKind, TypeSystemDefinition};
        let mut fields = HashMap::new();
        let Ok(document) = async_graphql::parser::parse_schema(sdl) else {
            return SchemaIndex::default();
        };
        for definition in &document.definitions {
            let TypeSystemDefinition::Type(definition) = definition else {
                continue;
            };
            let owner = definition.node.name.node.to_string();
            let list = match &definition.node.kind {
                TypeKind::Object(object) => &object.fields,
                TypeKind::Interface(interface) => &interface.fields,
                _ => continue,
            };
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
                    (owner.clone(), field.name.node.to_string()),
                    FieldInfo {
                        returns,
                        default_page,
                    },
                );
            }
        }
        SchemaIndex { fields }
    }

    /// What the schema says of the field `name` of the type `owner`.
    pub(super) fn field(&self, owner: &str, name: &str) -> Option<&FieldInfo> {
        self.fields.get(&(owner.to_owned(), name.to_owned()))
    }
}
