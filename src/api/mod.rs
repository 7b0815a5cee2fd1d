//! The GraphQL API: the schema, its object types and the root query.
//!
//! Object types are thin wrappers over the graph; the dataset reaches resolvers as
//! request data (`Arc<Dataset>`), so the server can swap datasets between requests.

mod enums;
mod error;
mod objects;
mod page;
mod query;

use async_graphql::{EmptyMutation, EmptySubscription, Schema};

pub use enums::{Direction, EntityKind, RelationType};
pub use error::UserError;
pub use objects::{Entity, Relation};
pub use query::Query;

/// The regiograph GraphQL schema.
pub type RegioSchema = Schema<Query, EmptyMutation, EmptySubscription>;

/// The deepest selection nesting a query may have.
pub const MAX_DEPTH: usize = 16;

/// The largest total cost (one per selected field) a query may have.
pub const MAX_COMPLEXITY: usize = 5_000;

/// Builds the schema with its limits. The dataset is attached to each request, not here.
pub fn schema() -> RegioSchema {
    Schema::build(Query, EmptyMutation, EmptySubscription)
        .limit_depth(MAX_DEPTH)
        .limit_complexity(MAX_COMPLEXITY)
        .limit_recursive_depth(64)
        .limit_directives(16)
        .finish()
}

/// The schema in GraphQL's schema definition language, as published in `schema.graphql`.
pub fn sdl() -> String {
    schema().sdl()
}
