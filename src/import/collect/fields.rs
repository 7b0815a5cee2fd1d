//! Small rules for the fields of imported records: names, aliases, sources, figures and
//! addresses.

use crate::load::{AddressRecord, EntityRecord, FigureRecord};

use super::super::rows::{Amount, Place, ProjectKey};

/// The project key as a user reads it.
pub(super) fn key_text(key: &ProjectKey) -> String {
    match key {
        ProjectKey::Cordis(id) | ProjectKey::Keep(id) | ProjectKey::Kohesio(id) => id.clone(),
        ProjectKey::Named { programme, name } => format!("`{name}` of {programme}"),
    }
}

pub(super) fn add_source(sources: &mut Vec<String>, source: &str) {
    if !sources.iter().any(|s| s == source) {
        sources.push(source.to_owned());
    }
}

/// A name as published, with each run of spaces and line breaks made one space (names in
/// spreadsheets carry line breaks from their cells).
pub(super) fn tidy(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Adds a name as an alias unless the entity already has it, written exactly so.
pub(super) fn add_alias(record: &mut EntityRecord, name: &str) {
    let name = tidy(name);
    if name.is_empty() || record.name == name || record.aliases.contains(&name) {
        return;
    }
    record.aliases.push(name);
}

pub(super) fn fill(slot: &mut Option<String>, value: Option<String>) {
    if slot.is_none() {
        *slot = value;
    }
}

pub(super) fn figures(amounts: &[Amount]) -> Vec<FigureRecord> {
    amounts
        .iter()
        .map(|amount| FigureRecord {
            label: amount.label.to_owned(),
            value: amount.value,
            unit: Some("EUR".to_owned()),
            ..FigureRecord::default()
        })
        .collect()
}

/// Adds the amounts whose label the record has no figure for yet.
pub(super) fn add_figures(existing: &mut Vec<FigureRecord>, amounts: &[Amount]) {
    for figure in figures(amounts) {
        if !existing.iter().any(|f| f.label == figure.label) {
            existing.push(figure);
        }
    }
}

pub(super) fn address(place: &Place) -> Option<AddressRecord> {
    let address = AddressRecord {
        street: place.street.clone(),
        postcode: place.postcode.clone(),
        town: place.town.clone(),
        country: place.country.as_ref().map(|c| c.as_str().to_owned()),
        nuts: place.nuts.clone(),
        latitude: place.coordinates.map(|(lat, _)| lat),
        longitude: place.coordinates.map(|(_, lon)| lon),
    };
    (address != AddressRecord::default()).then_some(address)
}
