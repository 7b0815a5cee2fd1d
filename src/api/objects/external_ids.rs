//! Every entity's `externalIds`: the codes other datasets use for it, and a region's NUTS
//! codes.

use super::*;

/// A code that another dataset uses for an entity (an ISO 3166 or NUTS code, a PIC, a CORDIS
/// project id, ...), with the sources that state it.
#[derive(Description)]
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

#[Object(use_type_description)]
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
pub fn nuts_codes(entity: &model::Entity) -> Vec<String> {
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
