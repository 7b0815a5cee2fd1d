//! Answers known documents straight from the graph, without async-graphql's executor, when
//! every field they ask for is one this module knows (an entity's own fields, its pages of
//! relations, a ranking, a shortest path).
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
    /// to the blocking pool is written again there.
    pub async fn answer(
        &self,
        query: &str,
        operation: Option<&str>,
        document: &ExecutableDocument,
        data: &Arc<Dataset>,
        variables: &Variables,
    ) -> Option<Vec<u8>> {
        let plan = self.plan(query, operation, document)?;
        match write::answer(&plan, data, variables, Place::Here) {
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
