//! Reading the fields of a record that need more than a parse: required and published
//! texts, figures, an institution's address, and dates in order.

use std::collections::HashMap;
use std::str::FromStr;

use crate::model::{Address, EntityKind, Figure, PartialDate, SourceIndex, SourceList};

use super::super::records::{AddressRecord, FigureRecord, Location};
use super::{Builder, article};

impl Builder {
    /// A free-text field as the dataset publishes it (a project's status): reported when it
    /// is blank, since a blank value states nothing.
    pub(super) fn published_text(
        &mut self,
        text: Option<&str>,
        field: &str,
        location: &Location,
    ) -> Option<Box<str>> {
        let text = text?;
        if text.trim().is_empty() {
            self.problem(
                location,
                field,
                format!("`{field}` is empty: leave it out when no source gives one"),
            );
            return None;
        }
        Some(Box::from(text))
    }

    pub(super) fn required<T: FromStr>(
        &mut self,
        text: Option<&str>,
        field: &str,
        kind: EntityKind,
        location: &Location,
    ) -> Option<T>
    where
        T::Err: std::fmt::Display,
    {
        if text.is_none() {
            self.problem(
                location,
                "id",
                format!("{} {kind} needs a `{field}` field", article(kind)),
            );
        }
        self.parse_value(text, field, location)
    }

    /// Checks the figures of an entity or a relation; a figure without sources cites the
    /// record's own.
    pub(super) fn figures(
        &mut self,
        records: &[FigureRecord],
        own_sources: &[SourceIndex],
        location: &Location,
    ) -> Vec<Figure> {
        let mut figures = Vec::with_capacity(records.len());
        let mut own: Option<SourceList> = None;
        for figure in records {
            let sources = if figure.sources.is_empty() {
                match &own {
                    Some(own) => own.clone(),
                    None => own.insert(self.share_sources(own_sources.to_vec())).clone(),
                }
            } else {
                // An unknown source of a figure is reported at the figure, not at the
                // record's own `sources`.
                let at = Location {
                    file: location.file.clone(),
                    line: location.line_of("figures"),
                    field_lines: HashMap::new(),
                };
                let sources = self.resolve_sources(&figure.sources, &at);
                self.share_sources(sources)
            };
            if !figure.value.is_finite() {
                self.problem(
                    location,
                    "figures",
                    format!("figure `{}` has a value that is not a number", figure.label),
                );
            }
            figures.push(Figure {
                label: self.share_text(&figure.label),
                value: figure.value,
                unit: figure.unit.as_deref().map(|unit| self.share_text(unit)),
                approximate: figure.approximate,
                year: self.parse_value(figure.year.as_deref(), "figures", location),
                sources,
            });
        }
        figures
    }

    /// Checks an institution's address: coordinates must be degrees on the globe. An address
    /// with no field at all is left out.
    pub(super) fn address(
        &mut self,
        record: &AddressRecord,
        location: &Location,
    ) -> Option<Box<Address>> {
        let mut coordinate = |name: &str, value: Option<f64>, limit: f64| {
            let value = value?;
            if (-limit..=limit).contains(&value) {
                Some(value)
            } else {
                self.problem(
                    location,
                    "address",
                    format!(
                        "`address`: {name} {value} is out of range; a {name} is a number of degrees from -{limit} to {limit}"
                    ),
                );
                None
            }
        };
        let latitude = coordinate("latitude", record.latitude, 90.0);
        let longitude = coordinate("longitude", record.longitude, 180.0);
        let text = |value: &Option<String>| value.as_deref().map(Box::from);
        let address = Address {
            street: text(&record.street),
            postcode: text(&record.postcode),
            town: text(&record.town),
            country: text(&record.country),
            nuts: text(&record.nuts),
            latitude,
            longitude,
        };
        (address != Address::default()).then(|| Box::new(address))
    }

    pub(super) fn check_date_order(
        &mut self,
        start: Option<PartialDate>,
        end: Option<PartialDate>,
        location: &Location,
    ) {
        if let (Some(start), Some(end)) = (start, end)
            && start.earliest() > end.latest()
        {
            self.problem(
                location,
                "end",
                format!("`end` ({end}) is before `start` ({start})"),
            );
        }
    }
}
