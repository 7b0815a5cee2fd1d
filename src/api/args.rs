//! Reading arguments shared by every entry point: the dataset, ids, numeric ranges.

use std::sync::Arc;

use async_graphql::{Context, ErrorExtensions, Result};

use super::error::{UserError, internal};
use crate::Dataset;
use crate::model::{self, Graph, NodeIndex};

/// The dataset attached to the request.
pub fn dataset<'a>(ctx: &Context<'a>) -> Result<&'a Arc<Dataset>> {
    ctx.data::<Arc<Dataset>>().map_err(|e| internal(e.message))
}

/// Resolves a required id argument, optionally checking the entity's kind.
pub fn resolve(
    graph: &Graph,
    argument: &'static str,
    id: &str,
    kind: Option<model::EntityKind>,
) -> Result<NodeIndex> {
    let index = graph.find(id).ok_or_else(|| {
        UserError::UnknownEntity {
            argument,
            id: id.to_owned(),
        }
        .extend()
    })?;
    let actual = graph.entity(index).kind();
    match kind {
        Some(expected) if expected != actual => Err(UserError::WrongKind {
            argument,
            id: id.to_owned(),
            expected: expected.as_str(),
            actual: actual.as_str(),
        }
        .extend()),
        _ => Ok(index),
    }
}

pub fn check_range(argument: &str, value: i32, min: i32, max: usize) -> Result<usize> {
    if value < min || value as i64 > max as i64 {
        return Err(UserError::OutOfRange {
            argument: argument.to_owned(),
            value,
            min,
            max,
        }
        .extend());
    }
    Ok(value as usize)
}

/// Runs graph work off the executor threads, at most one piece per core (see [`crate::cpu`]),
/// so that a long traversal cannot stall the requests that share its executor thread.
pub async fn blocking<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T> {
    crate::cpu::run(work).await.map_err(internal)
}

/// Runs graph work of about `steps` steps (entities or relations read) on the calling thread
/// when it is small, and like [`blocking`] when it may be large (see [`crate::cpu::run_sized`]).
pub async fn blocking_if_large<T: Send + 'static>(
    steps: usize,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T> {
    crate::cpu::run_sized(steps, work).await.map_err(internal)
}
