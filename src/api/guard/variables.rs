//! A quick check that a request's variables fit the types its operation declares, so that a
//! document validated once can serve requests with new variable values without being
//! validated again.
//!
//! Of async-graphql's validation rules, only one looks at variable values: the one checking
//! that each argument's value fits the argument's type, with variables put in. Every other rule
//! depends on the text alone, and an earlier rule (variables in allowed positions) already made
//! sure that each variable's declared type fits where it is used. So when every value given
//! fits its declared type, validating again would find what it found before. The check here is
//! deliberately strict: it says yes only when it is sure (no nulls, no custom scalars, no
//! whole-number IDs), and a request it is unsure of is validated in full, with async-graphql's
//! own messages for whatever is wrong.

use async_graphql::Variables;
use async_graphql::parser::types::{BaseType, DocumentOperations, ExecutableDocument, Type};
use async_graphql_value::ConstValue;

use super::schema_index::{InputInfo, SchemaIndex};

/// Whether every variable given to the selected operation surely fits its declared type.
/// `false` also when the operation cannot be picked (validation or execution explains why).
pub(super) fn surely_valid(
    document: &ExecutableDocument,
    operation_name: Option<&str>,
    variables: &Variables,
    schema: &SchemaIndex,
) -> bool {
    let operation = match (&document.operations, operation_name) {
        (DocumentOperations::Single(operation), None) => operation,
        (DocumentOperations::Multiple(operations), Some(name)) => match operations.get(name) {
            Some(operation) => operation,
            None => return false,
        },
        (DocumentOperations::Multiple(operations), None) if operations.len() == 1 => {
            match operations.values().next() {
                Some(operation) => operation,
                None => return false,
            }
        }
        _ => return false,
    };
    operation
        .node
        .variable_definitions
        .iter()
        .all(|definition| {
            let definition = &definition.node;
            // A variable left out is not checked by validation either: the resolver's argument
            // falls back to the declared default, or execution reports it missing.
            variables
                .get(&definition.name.node)
                .is_none_or(|value| fits(&definition.var_type.node, value, schema))
        })
}

/// Whether a value surely fits a type; `null` never does here (see the module comment).
fn fits(ty: &Type, value: &ConstValue, schema: &SchemaIndex) -> bool {
    match (&ty.base, value) {
        (_, ConstValue::Null) => false,
        (BaseType::List(inner), ConstValue::List(items)) => {
            items.iter().all(|item| fits(inner, item, schema))
        }
        // A single value where a list is expected is read as a list of one.
        (BaseType::List(inner), value) => fits(inner, value, schema),
        (BaseType::Named(name), value) => match schema.input(name) {
            Some(info) => fits_named(info, value, schema),
            None => false,
        },
    }
}

fn fits_named(info: &InputInfo, value: &ConstValue, schema: &SchemaIndex) -> bool {
    match (info, value) {
        (InputInfo::Int, ConstValue::Number(n)) => {
            n.as_i64().is_some_and(|n| i32::try_from(n).is_ok())
        }
        (InputInfo::Float, ConstValue::Number(_))
        | (InputInfo::String, ConstValue::String(_))
        | (InputInfo::Boolean, ConstValue::Boolean(_))
        | (InputInfo::Id, ConstValue::String(_)) => true,
        (InputInfo::Enum(values), ConstValue::String(name)) => values.contains(name.as_str()),
        (InputInfo::Enum(values), ConstValue::Enum(name)) => values.contains(name.as_str()),
        (
            InputInfo::Object {
                fields,
                one_of: false,
            },
            ConstValue::Object(given),
        ) => {
            given
                .keys()
                .all(|key| fields.iter().any(|(name, _, _)| name == key.as_str()))
                && fields
                    .iter()
                    .all(|(name, ty, has_default)| match given.get(name.as_str()) {
                        Some(value) => fits(ty, value, schema),
                        None => ty.nullable || *has_default,
                    })
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> SchemaIndex {
        SchemaIndex::from_sdl(
            "enum Kind { REGION CITY }
             scalar PartialDate
             input Window { since: PartialDate, kinds: [Kind!]!, first: Int = 10 }
             type Query { a(id: ID!): Int }",
        )
    }

    fn sure(query: &str, variables: serde_json::Value) -> bool {
        let document = async_graphql::parser::parse_query(query).unwrap();
        let variables = Variables::from_json(variables);
        surely_valid(&document, None, &variables, &index())
    }

    #[test]
    fn values_that_fit_are_recognised() {
        let query = "query ($id: ID!, $n: Int, $k: [Kind!], $w: Window) { a(id: $id) }";
        assert!(sure(query, serde_json::json!({ "id": "x", "n": 3 })));
        assert!(sure(query, serde_json::json!({ "k": ["CITY", "REGION"] })));
        assert!(sure(query, serde_json::json!({ "k": "CITY" })));
        assert!(sure(query, serde_json::json!({ "w": { "kinds": [] } })));
        assert!(sure(query, serde_json::json!({ "unused": { "x": 1 } })));
    }

    #[test]
    fn anything_doubtful_goes_to_full_validation() {
        let query = "query ($id: ID!, $n: Int, $k: [Kind!], $w: Window) { a(id: $id) }";
        for variables in [
            serde_json::json!({ "id": null }),
            serde_json::json!({ "id": 7 }),
            serde_json::json!({ "n": 3_000_000_000u64 }),
            serde_json::json!({ "n": 1.5 }),
            serde_json::json!({ "k": ["TOWN"] }),
            serde_json::json!({ "w": {} }),
            serde_json::json!({ "w": { "kinds": [], "other": 1 } }),
            serde_json::json!({ "w": { "kinds": [], "since": "2020" } }),
        ] {
            assert!(!sure(query, variables.clone()), "{variables}");
        }
        let two = "query A($id: ID!) { a(id: $id) } query B { a(id: \"x\") }";
        assert!(!sure(two, serde_json::json!({ "id": "x" })));
    }
}
