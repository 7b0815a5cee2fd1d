//! Lookups by external identifier (`entityByExternalId`); each entity's codes are its
//! `externalIds` (objects/external_ids.rs).

use async_graphql::{Context, Object, Result};

use super::args::dataset;
use super::enums::ExternalIdScheme;
use super::objects::Entity;

/// The entry point for lookups by external id.
#[derive(Default)]
pub struct ExternalIdQuery;

#[Object]
impl ExternalIdQuery {
    /// The entity that holds an external id, or null if none does. The value is compared
    /// exactly, as its scheme writes it (capitals for ISO 3166 and NUTS codes).
    async fn entity_by_external_id(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The scheme of the code.")] scheme: ExternalIdScheme,
        #[graphql(desc = "The code (`ES13`, `ES-CB`, `999999999`).")] value: String,
    ) -> Result<Option<Entity>> {
        let data = dataset(ctx)?;
        Ok(data
            .graph
            .find_external(scheme.into(), value.trim())
            .map(|index| Entity::new(data, index)))
    }
}
