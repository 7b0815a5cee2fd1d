//! Runs GraphQL requests: a document seen for the first time goes through the document guard
//! and full validation; a document that passed before runs on a second, bare copy of the
//! schema, without extensions, which skips the checks and the per-field extension calls.
//!
//! async-graphql calls every extension around every field it resolves (a registry lookup
//! and a boxed future per extension per field, list items included) as soon as a schema has
//! one extension. The guard and the field order need nothing per field: the guard checks a
//! document before it runs, and the order is put right after. So a request whose document is
//! known (see [`DocumentGuard::known_document`]) runs on the bare schema, in async-graphql's
//! fast validation mode (fragment cycles, depth and complexity only), and the executor does
//! the field order's work itself. A known document whose every field the direct writer
//! knows is not executed at all: its answer is written straight from the graph
//! ([`super::direct`]).

use std::sync::Arc;

use async_graphql::{EmptyMutation, EmptySubscription, Request, Response, Schema, ValidationMode};

use super::direct::DirectAnswers;
use super::guard::{DocumentGuard, DocumentLimits, SchemaIndex};
use super::order::FieldOrder;
use crate::Dataset;

use super::{MAX_COMPLEXITY, MAX_DEPTH, Query, RegioSchema, SchemaOptions, sdl};

/// The two copies of the schema and what they share.
pub struct Executor {
    /// The schema with the document guard and the field order, for documents not known yet.
    checked: RegioSchema,
    /// The bare schema, for documents known to pass.
    known: RegioSchema,
    guard: DocumentGuard,
    order: FieldOrder,
    direct: DirectAnswers,
}

/// What running a request gives.
pub enum Answer {
    /// The JSON text of an answer without errors, written straight from the graph.
    Written(Vec<u8>),
    /// The executor's response.
    Executed(Response),
}

impl Executor {
    /// Builds both schemas with these options.
    pub fn new(options: SchemaOptions) -> Self {
        let guard = DocumentGuard {
            limits: DocumentLimits {
                max_cost: options.max_answer_cost,
                ..DocumentLimits::default()
            },
            schema: Arc::new(SchemaIndex::from_sdl(&sdl())),
            cache: Arc::default(),
        };
        let order = FieldOrder::default();
        // The field order runs outermost, so that the guard has checked a document before its
        // order is read.
        let checked = builder(options)
            .extension(order.clone())
            .extension(guard.clone())
            .finish();
        let known = builder(options)
            .validation_mode(ValidationMode::Fast)
            .finish();
        Executor {
            checked,
            known,
            guard,
            order,
            direct: DirectAnswers::default(),
        }
    }

    /// The schema that checks every document, for anything but running requests.
    pub fn schema(&self) -> &RegioSchema {
        &self.checked
    }

    /// Runs a request on a dataset.
    pub async fn execute(&self, request: Request, data: Arc<Dataset>) -> Answer {
        let Some(document) = self.guard.known_document(&request) else {
            return Answer::Executed(self.checked.execute(request.data(data)).await);
        };
        let operation = request.operation_name.as_deref();
        if let Some(written) = self
            .direct
            .answer(
                &request.query,
                operation,
                &document,
                &data,
                &request.variables,
            )
            .await
        {
            return Answer::Written(written);
        }
        let mut request = request.data(data);
        let operation = request.operation_name.as_deref();
        let order = self.order.order_of(&request.query, operation, &document);
        request.set_parsed_query(document);
        // As in the field order's extension: only an answer in which some work waited for
        // the blocking pool can have come out of order.
        let (mut response, waited) = crate::cpu::noting_waits(self.known.execute(request)).await;
        if waited && let Some(order) = order {
            order.apply(&mut response.data);
        }
        Answer::Executed(response)
    }
}

/// A schema builder with the limits every copy has.
fn builder(
    options: SchemaOptions,
) -> async_graphql::SchemaBuilder<Query, EmptyMutation, EmptySubscription> {
    let builder = Schema::build(Query::default(), EmptyMutation, EmptySubscription)
        .limit_depth(MAX_DEPTH)
        .limit_complexity(MAX_COMPLEXITY)
        .limit_recursive_depth(64)
        .limit_directives(16);
    if options.introspection {
        builder
    } else {
        builder.disable_introspection().disable_suggestions()
    }
}
