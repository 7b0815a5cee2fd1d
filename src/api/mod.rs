//! The GraphQL API: the schema, its object types and the root query.
//!
//! Object types are thin wrappers over the graph; the dataset reaches resolvers as
//! request data (`Arc<Dataset>`), so the server can swap datasets between requests.

mod analytics;
mod args;
pub mod cache;
mod cooperation;
mod enums;
mod error;
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
}

impl Default for SchemaOptions {
    fn default() -> Self {
        SchemaOptions {
            introspection: true,
        }
    }
}

pub use persisted::PERSISTED_QUERIES;

/// Builds the schema with the default options.
pub fn schema() -> RegioSchema {
    schema_with(SchemaOptions::default())
}

/// Builds the schema with its limits, the document guard and automatic persisted queries.
/// The dataset is attached to each request, not here.
pub fn schema_with(options: SchemaOptions) -> RegioSchema {
    // The field order runs outermost, so that the guard has checked a document before its
    // order is read.
    let mut builder = Schema::build(Query::default(), EmptyMutation, EmptySubscription)
        .extension(order::FieldOrder::default())
        .extension(guard::DocumentGuard {
            limits: guard::DocumentLimits::default(),
            schema: std::sync::Arc::new(guard::SchemaIndex::from_sdl(&sdl())),
            cache: std::sync::Arc::default(),
        })
        .limit_depth(MAX_DEPTH)
        .limit_complexity(MAX_COMPLEXITY)
        .limit_recursive_depth(64)
        .limit_directives(16);
    if !options.introspection {
        builder = builder.disable_introspection().disable_suggestions();
    }
    builder.finish()
}

/// The schema in GraphQL's schema definition language, as published in `schema.graphql`.
pub fn sdl() -> String {
    // Extensions do not change the types, so a bare schema gives the same definition.
    Schema::build(Query::default(), EmptyMutation, EmptySubscription)
        .finish()
        .sdl()
}
