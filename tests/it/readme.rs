//! The README's example queries run on the bundled data and answer without errors.

use serde_json::Value;

/// The ```graphql blocks of the README, in order.
pub fn readme_queries() -> Vec<String> {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("the README");
    let mut queries = Vec::new();
    let mut current: Option<String> = None;
    for line in readme.lines() {
        match (&mut current, line.trim_end()) {
            (None, "```graphql") => current = Some(String::new()),
            (Some(query), "```") => {
                queries.push(std::mem::take(query));
                current = None;
            }
            (Some(query), text) => {
                query.push_str(text);
                query.push('\n');
            }
            (None, _) => {}
        }
    }
    queries
}

/// Whether an answer holds something besides nulls and empty lists.
fn has_content(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Array(items) => items.iter().any(has_content),
        Value::Object(fields) => fields.values().any(has_content),
        _ => true,
    }
}

#[tokio::test]
async fn every_readme_query_answers_with_data() {
    let queries = readme_queries();
    assert_eq!(
        queries.len(),
        8,
        "the README promises seven research queries and one on the reference layer"
    );
    for query in queries {
        let data = super::data(&query).await;
        let fields = data.as_object().expect("an object");
        for (field, value) in fields {
            assert!(
                has_content(value),
                "`{field}` answered nothing for:\n{query}"
            );
        }
    }
}
