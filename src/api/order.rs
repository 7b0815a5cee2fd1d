//! Answers list their fields in the order the query asks for them, as the GraphQL
//! specification requires ("ordered by the order in which they appear in the query").
//!
//! async-graphql 7 resolves an object's fields side by side and keeps them in the order they
//! finish (async-graphql#612), so a field that waits for the blocking pool (a search, a
//! traversal) comes out after its cheaper siblings, and the same query can answer its fields
//! in a different order from one request to the next. This extension reads each document's
//! order of response keys once (remembered by query text and operation), and after an
//! execution in which some work waited for the pool (`cpu::noting_waits`; nothing else makes a
//! resolver wait) puts every object of the answer that came out of order back in that order.

use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex};

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextExecute, NextParseQuery,
};
use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{Name, Response, ServerResult, Value, Variables};
use lru::LruCache;

/// The response keys one selection set asks for, in order of first appearance (fragments
/// expanded whatever their type condition: an object only holds the keys that applied to
/// it, and their relative order is the same), each with the order of what it selects.
#[derive(Debug, Default)]
pub struct KeyOrder {
    keys: Vec<(Name, Option<KeyOrder>)>,
}

impl KeyOrder {
    /// The order of an operation's selection set (the first operation when none is named).
    fn of(document: &ExecutableDocument, operation: Option<&str>) -> Option<KeyOrder> {
        let selection = match operation {
            Some(name) => document
                .operations
                .iter()
                .find(|(n, _)| n.is_some_and(|n| n.as_str() == name))
                .map(|(_, op)| &op.node.selection_set.node),
            None => document
                .operations
                .iter()
                .next()
                .map(|(_, op)| &op.node.selection_set.node),
        }?;
        Some(Self::build(document, &[selection]))
    }

    fn build(document: &ExecutableDocument, sets: &[&SelectionSet]) -> KeyOrder {
        let mut keys: Vec<(Name, Vec<&SelectionSet>)> = Vec::new();
        let mut path = Vec::new();
        for set in sets {
            collect(document, set, &mut keys, &mut path);
        }
        KeyOrder {
            keys: keys
                .into_iter()
                .map(|(key, below)| {
                    let child = (!below.is_empty()).then(|| Self::build(document, &below));
                    (key, child)
                })
                .collect(),
        }
    }

    fn position(&self, key: &str) -> usize {
        self.keys
            .iter()
            .position(|(k, _)| k.as_str() == key)
            .unwrap_or(usize::MAX)
    }

    /// Whether an object's keys come in this order: one pass, each key found after the last.
    fn in_order(&self, fields: &async_graphql::indexmap::IndexMap<Name, Value>) -> bool {
        let mut cursor = 0;
        fields.keys().all(|key| {
            while cursor < self.keys.len() && self.keys[cursor].0 != *key {
                cursor += 1;
            }
            cursor < self.keys.len()
        })
    }

    /// Puts every object of an answer that is out of this order back in it.
    pub fn apply(&self, value: &mut Value) {
        match value {
            Value::Object(fields) => {
                if !self.in_order(fields) {
                    fields.sort_by(|a, _, b, _| self.position(a).cmp(&self.position(b)));
                }
                // The keys are now in this order, so one cursor finds each one's order below.
                let mut cursor = 0;
                for (key, field) in fields.iter_mut() {
                    while cursor < self.keys.len() && self.keys[cursor].0 != *key {
                        cursor += 1;
                    }
                    if let Some((_, Some(child))) = self.keys.get(cursor) {
                        child.apply(field);
                    }
                }
            }
            Value::List(items) => items.iter_mut().for_each(|item| self.apply(item)),
            _ => {}
        }
    }
}

/// Adds the response keys of a selection set to `keys`, with the selection sets below each;
/// `path` holds the fragments being expanded, so that a cycle (which validation refuses
/// anyway) ends.
fn collect<'d>(
    document: &'d ExecutableDocument,
    set: &'d SelectionSet,
    keys: &mut Vec<(Name, Vec<&'d SelectionSet>)>,
    path: &mut Vec<&'d str>,
) {
    for selection in &set.items {
        match &selection.node {
            Selection::Field(field) => {
                let key = field.node.response_key().node.clone();
                let below = &field.node.selection_set.node;
                let at = match keys.iter().position(|(k, _)| *k == key) {
                    Some(at) => at,
                    None => {
                        keys.push((key, Vec::new()));
                        keys.len() - 1
                    }
                };
                if !below.items.is_empty() {
                    keys[at].1.push(below);
                }
            }
            Selection::InlineFragment(fragment) => {
                collect(document, &fragment.node.selection_set.node, keys, path);
            }
            Selection::FragmentSpread(spread) => {
                let name = spread.node.fragment_name.node.as_str();
                if path.contains(&name) {
                    continue;
                }
                if let Some(fragment) = document.fragments.get(&spread.node.fragment_name.node) {
                    path.push(name);
                    collect(document, &fragment.node.selection_set.node, keys, path);
                    path.pop();
                }
            }
        }
    }
}

/// How many documents' orders are remembered.
const REMEMBERED: usize = 512;

/// The orders read so far, by query text and operation name, shared by every request.
type Orders = Arc<Mutex<LruCache<(String, Option<String>), Arc<KeyOrder>>>>;

/// The extension that puts answers in query order.
#[derive(Clone)]
pub struct FieldOrder {
    orders: Orders,
}

impl Default for FieldOrder {
    fn default() -> Self {
        let size = NonZeroUsize::new(REMEMBERED).unwrap_or(NonZeroUsize::MIN);
        FieldOrder {
            orders: Arc::new(Mutex::new(LruCache::new(size))),
        }
    }
}

impl FieldOrder {
    /// The order of response keys of a document's operation, read once per text and
    /// operation.
    pub fn order_of(
        &self,
        query: &str,
        operation: Option<&str>,
        document: &ExecutableDocument,
    ) -> Option<Arc<KeyOrder>> {
        let key = (query.to_owned(), operation.map(str::to_owned));
        if let Some(order) = lock(&self.orders).get(&key) {
            return Some(Arc::clone(order));
        }
        let order = Arc::new(KeyOrder::of(document, operation)?);
        lock(&self.orders).put(key, Arc::clone(&order));
        Some(order)
    }
}

impl ExtensionFactory for FieldOrder {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(RequestOrder {
            orders: Arc::clone(&self.orders),
            operation: Mutex::default(),
            order: Mutex::default(),
        })
    }
}

/// The extension for one request: the operation asked for, then the order of its answer.
struct RequestOrder {
    orders: Orders,
    operation: Mutex<Option<String>>,
    order: Mutex<Option<Arc<KeyOrder>>>,
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poison| poison.into_inner())
}

#[async_graphql::async_trait::async_trait]
impl Extension for RequestOrder {
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        request: async_graphql::Request,
        next: async_graphql::extensions::NextPrepareRequest<'_>,
    ) -> ServerResult<async_graphql::Request> {
        lock(&self.operation).clone_from(&request.operation_name);
        next.run(ctx, request).await
    }

    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        // The document guard runs inside `next`, so only documents within its limits get here.
        let document = next.run(ctx, query, variables).await?;
        let operation = lock(&self.operation).clone();
        let shared = FieldOrder {
            orders: Arc::clone(&self.orders),
        };
        *lock(&self.order) = shared.order_of(query, operation.as_deref(), &document);
        Ok(document)
    }

    async fn execute(
        &self,
        ctx: &ExtensionContext<'_>,
        operation_name: Option<&str>,
        next: NextExecute<'_>,
    ) -> Response {
        // Fields finish out of order only when one of them waited for the blocking pool; an
        // answer computed without waiting is already in order and is not walked.
        let (mut response, waited) = crate::cpu::noting_waits(next.run(ctx, operation_name)).await;
        let order = lock(&self.order).take();
        if waited && let Some(order) = order {
            order.apply(&mut response.data);
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_come_back_in_the_order_of_the_query_fragments_included() {
        let document = async_graphql::parser::parse_query(
            "{ b a: x ...F list { z y } } fragment F on Query { c b { w } }",
        )
        .expect("parses");
        let order = KeyOrder::of(&document, None).expect("an operation");
        let mut answer = Value::from_json(serde_json::json!({
            "list": [{ "y": 1, "z": 2 }, { "y": 3, "z": 4 }],
            "c": 0,
            "a": 0,
            "b": { "w": 0 },
        }))
        .expect("a value");
        order.apply(&mut answer);
        assert_eq!(
            serde_json::to_string(&answer).expect("JSON"),
            r#"{"b":{"w":0},"a":0,"c":0,"list":[{"z":2,"y":1},{"z":4,"y":3}]}"#
        );
    }
}
