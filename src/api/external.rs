//! External identifiers in GraphQL: each entity's codes, and lookups by code.

use std::sync::Arc;

use async_graphql::{Context, Object, Result};

use super::args::dataset;
use super::enums::ExternalIdScheme;
use super::objects::{Entity, Source, sources};
use crate::Dataset;
use crate::model::{self, NodeIndex};

/// A code that another dataset uses for an entity (an ISO 3166 or NUTS code, a PIC, a CORDIS
/// project id, ...), with the sources that state it.
pub struct ExternalId {
    data: Arc<Dataset>,
    id: model::ExternalId,
}

impl ExternalId {
    /// Every external id of the entity at `index`.
    pub fn all(data: &Arc<Dataset>, index: NodeIndex) -> Vec<ExternalId> {
        data.graph
            .entity(index)
            .external_ids
            .iter()
            .map(|id| ExternalId {
                data: data.clone(),
                id: id.clone(),
            })
            .collect()
    }
}

#[Object]
impl ExternalId {
    /// The scheme the code belongs to.
    async fn scheme(&self) -> ExternalIdScheme {
        self.id.scheme.into()
    }

    /// The code, written as its scheme writes it (`ES13`, `ES-CB`, `999999999`).
    async fn value(&self) -> &str {
        &self.id.value
    }

    /// The versions of the classification the code is valid in (NUTS: `2016`, `2021`,
    /// `2024`); empty for schemes without versions.
    async fn versions(&self) -> Vec<String> {
        self.id.versions.iter().map(|v| v.to_string()).collect()
    }

    /// The documents and datasets that state the code.
    async fn sources(&self) -> Vec<Source> {
        sources(&self.data, &self.id.sources)
    }
}

/// A region's NUTS codes, most recent version first (then by code).
pub(crate) fn nuts_codes(entity: &model::Entity) -> Vec<String> {
    let mut codes: Vec<&model::ExternalId> = entity
        .external_ids
        .iter()
        .filter(|id| id.scheme == model::ExternalIdScheme::Nuts)
        .collect();
    codes.sort_by(|a, b| {
        let latest = |id: &model::ExternalId| id.versions.iter().max().cloned();
        latest(b)
            .cmp(&latest(a))
            .then_with(|| a.value.cmp(&b.value))
    });
    codes.into_iter().map(|id| id.value.to_string()).collect()
}

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
