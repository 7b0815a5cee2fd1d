//! The GraphQL API: the schema, its object types and the root query.
//!
//! Object types are thin wrappers over the graph; the dataset reaches resolvers as
//! request data (`Arc<Dataset>`), so the server can swap datasets between requests.

mod analytics;
mod args;
pub mod cache;
mod cooperation;
mod direct;
mod enums;
mod error;
mod executor;
mod external;
pub mod guard;
mod objects;
mod order;
mod page;
pub mod persisted;
mod query;
mod search;

use async_graphql::{EmptyMutation, EmptySubscription, MergedObject, Schema};

pub use enums::{Direction, EntityKind, RelationType};
pub use error::UserError;
pub use executor::{Answer, Executor};
pub use objects::{Entity, Relation};

/// The root query type: each capability contributes its own entry points.
#[derive(MergedObject, Default)]
pub struct Query(
    query::CoreQuery,
    external::ExternalIdQuery,
    search::SearchQuery,
    analytics::AnalyticsQuery,
    cooperation::CooperationQuery,
);

/// The regiograph GraphQL schema.
pub type RegioSchema = Schema<Query, EmptyMutation, EmptySubscription>;

/// The deepest selection nesting a query may have.
pub const MAX_DEPTH: usize = 16;

/// The largest total cost (one per selected field) a query may have.
pub const MAX_COMPLEXITY: usize = 5_000;

/// Choices that change how the schema answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SchemaOptions {
    /// Whether introspection, and field suggestions in error messages, are on.
    pub introspection: bool,
    /// The largest estimated answer a query may ask for (see [`guard::DocumentLimits`]).
    pub max_answer_cost: u64,
}

impl Default for SchemaOptions {
    fn default() -> Self {
        SchemaOptions {
            introspection: true,
            max_answer_cost: guard::DocumentLimits::default().max_cost,
        }
    }
}

pub use persisted::PERSISTED_QUERIES;

/// The schema in GraphQL's schema definition language, as published in `schema.graphql`.
pub fn sdl() -> String {
    // Extensions do not change the types, so a bare schema gives the same definition.
    Schema::build(Query::default(), EmptyMutation, EmptySubscription)
        .finish()
        .sdl()
}
