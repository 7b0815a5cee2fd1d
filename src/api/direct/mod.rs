//! Answers known documents straight from the graph, without async-graphql's executor, when
//! every field they ask for is one this module knows (an entity's own fields, its pages of
//! relations, a ranking, a shortest path, a page of full-text search hits without filters).
//!
//! The executor resolves each field as a future, each object into a map and each answer into
//! a tree of values before it is written out, about 0.3 µs a field. A document that passed
//! validation before (see [`DocumentGuard::known_document`](super::guard::DocumentGuard))
//! and whose operation [`Plan`](plan::Plan) covers is instead written as JSON in one pass
//! over the graph. The plan is made once per query text and operation. Anything a plan does
//! not cover, and any request that would be answered with an error, goes to the executor as
//! before, so the two give the same answers byte for byte (a test compares them).

mod plan;
mod write;

use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex};

use async_graphql::Variables;
use async_graphql::parser::types::ExecutableDocument;
use lru::LruCache;

use crate::Dataset;
use write::{Declined, Place};

/// How many documents' plans (or that they have none) are remembered.
const REMEMBERED: usize = 512;

/// Plans by query text and operation name; `None` for a document that has none.
type Plans = LruCache<(String, Option<String>), Option<Arc<plan::Plan>>>;

/// The plans made so far, shared by every request.
pub struct DirectAnswers {
    plans: Mutex<Plans>,
}

impl Default for DirectAnswers {
    fn default() -> Self {
        let size = NonZeroUsize::new(REMEMBERED).unwrap_or(NonZeroUsize::MIN);
        DirectAnswers {
            plans: Mutex::new(LruCache::new(size)),
        }
    }
}

impl DirectAnswers {
    /// The JSON text of the answer to a known document on this dataset, or `None` when the
    /// executor must answer it. An answer that needs work the rule of [`crate::cpu`] sends
    /// to the blocking pool (a search, say) is written again there.
    pub async fn answer(
        &self,
        query: &str,
        operation: Option<&str>,
        document: &ExecutableDocument,
        data: &Arc<Dataset>,
        variables: &Variables,
    ) -> Option<Vec<u8>> {
        let plan = self.plan(query, operation, document)?;
        let here = Place::Here {
            path_reads: crate::cpu::INLINE_PATH_READS,
        };
        match write::answer(&plan, data, variables, here) {
            Ok(written) => Some(written),
            Err(Declined::ToExecutor) => None,
            Err(Declined::ToPool) => {
                let (data, variables) = (data.clone(), variables.clone());
                let pooled = move || write::answer(&plan, &data, &variables, Place::Pool);
                crate::cpu::run(pooled).await.ok()?.ok()
            }
        }
    }

    fn plan(
        &self,
        query: &str,
        operation: Option<&str>,
        document: &ExecutableDocument,
    ) -> Option<Arc<plan::Plan>> {
        let key = (query.to_owned(), operation.map(str::to_owned));
        if let Some(plan) = self.lock().get(&key) {
            return plan.clone();
        }
        let plan = plan::Plan::of(document, operation).map(Arc::new);
        self.lock().put(key, plan.clone());
        plan
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Plans> {
        self.plans
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::write::{self, Declined, Place};
    use super::*;
    use crate::model::NodeIndex;

    /// The plan of a one-operation document.
    fn plan(text: &str) -> plan::Plan {
        let document = async_graphql::parser::parse_query(text).expect("the document parses");
        plan::Plan::of(&document, None).expect("the writer knows every field")
    }

    /// The bundled data, loaded once for these tests.
    fn bundled() -> Arc<Dataset> {
        static DATA: std::sync::OnceLock<Arc<Dataset>> = std::sync::OnceLock::new();
        DATA.get_or_init(|| {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
            Arc::new(Dataset::load(&dir).expect("the bundled data loads"))
        })
        .clone()
    }

    #[test]
    fn a_path_search_past_its_budget_is_written_again_on_the_pool() {
        let data = bundled();
        let graph = &data.graph;
        // The two entities farthest apart, by the number of relations the search reads.
        let ids: Vec<NodeIndex> = graph.entity_indices().collect();
        let filter = crate::analytics::Filter::default();
        let reads = |a, b, budget| {
            crate::analytics::shortest_path_within(graph, a, b, 10, &filter, budget).is_err()
        };
        let (a, b) = ids
            .iter()
            .flat_map(|&a| ids.iter().step_by(5).map(move |&b| (a, b)))
            .find(|&(a, b)| reads(a, b, 64))
            .expect("a search that reads more than 64 relations");
        let text = "query ($a: ID!, $b: ID!) { path(from: $a, to: $b, maxLength: 10) { length \
                    entities { id } relations { type } } }";
        let plan = plan(text);
        let mut variables = Variables::default();
        for (name, end) in [("a", a), ("b", b)] {
            let id = async_graphql::Value::String(graph.entity(end).id.clone());
            variables.insert(async_graphql::Name::new(name), id);
        }
        let small = Place::Here { path_reads: 64 };
        let ample = Place::Here {
            path_reads: usize::MAX,
        };
        assert_eq!(
            write::answer(&plan, &data, &variables, small),
            Err(Declined::ToPool)
        );
        let on_pool = write::answer(&plan, &data, &variables, Place::Pool);
        let here = write::answer(&plan, &data, &variables, ample);
        assert!(on_pool.is_ok(), "{on_pool:?}");
        assert_eq!(on_pool, here);
    }

    #[test]
    fn a_search_is_written_on_the_pool_and_its_errors_are_left_to_the_executor() {
        let data = bundled();
        let plan = plan(
            "query ($q: String!, $first: Int! = 10, $after: String) { \
             search(query: $q, first: $first, after: $after) { totalCount \
             hits { score entity { id } } } }",
        );
        let here = Place::Here {
            path_reads: usize::MAX,
        };
        let answer = |variables: serde_json::Value, place| {
            let variables = Variables::from_json(variables);
            write::answer(&plan, &data, &variables, place)
        };
        let good = serde_json::json!({ "q": "university" });
        assert_eq!(answer(good.clone(), here), Err(Declined::ToPool));
        let written = answer(good, Place::Pool).expect("an answer on the pool");
        let written = String::from_utf8(written).expect("UTF-8");
        assert!(
            written.starts_with("{\"data\":{\"search\":{\"totalCount\":"),
            "{written}"
        );
        // What the arguments alone refuse never goes to the pool.
        for bad in [
            serde_json::json!({ "q": "university", "first": 0 }),
            serde_json::json!({ "q": "university", "first": 101 }),
            serde_json::json!({ "q": "university", "after": "not a cursor" }),
        ] {
            assert_eq!(answer(bad, here), Err(Declined::ToExecutor));
        }
        // A text over the limits is refused by the search itself, on the pool.
        let long = serde_json::json!({ "q": "x".repeat(501) });
        assert_eq!(answer(long.clone(), here), Err(Declined::ToPool));
        assert_eq!(answer(long, Place::Pool), Err(Declined::ToExecutor));
    }
}
