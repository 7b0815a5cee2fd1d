//! The made-up geography: countries, regions in them and cities in those, parents before
//! children, so that the bulk loader links each `part_of` at once.

use rand::Rng;

use super::GenerateError;
use super::names::{self, LANGUAGES};
use super::output::Output;
use super::world::{Place, World};
use crate::load::EntityRecord;

impl World {
    /// Writes the countries (one language each, in turn), the regions (each in a country at
    /// random) and the cities (each in a region at random).
    pub(super) fn write_places(&mut self, out: &mut Output<'_>) -> Result<(), GenerateError> {
        let plan = self.plan;
        for index in 0..plan.countries {
            let place = self.write_place(out, "country", index % LANGUAGES.len(), index, None)?;
            self.countries.push(place);
        }
        for _ in 0..plan.regions {
            let country = self.rng.random_range(0..plan.countries);
            let (language, parent) = (
                self.countries[country].language,
                self.countries[country].id.clone(),
            );
            let place = self.write_place(out, "region", language, country, Some(parent))?;
            self.regions.push(place);
        }
        for _ in 0..plan.cities {
            let region = &self.regions[self.rng.random_range(0..self.regions.len())];
            let (language, country, parent) = (region.language, region.country, region.id.clone());
            let place = self.write_place(out, "city", language, country, Some(parent))?;
            self.cities.push(place);
        }
        Ok(())
    }

    /// Writes a made-up region of one level, inside `part_of` when it has a parent.
    fn write_place(
        &mut self,
        out: &mut Output<'_>,
        level: &str,
        language: usize,
        country: usize,
        part_of: Option<String>,
    ) -> Result<Place, GenerateError> {
        let name = names::place(&LANGUAGES[language], &mut self.rng);
        let id = self.id("region:", &name);
        let shorthand = usize::from(part_of.is_some());
        let record = EntityRecord {
            id: id.clone(),
            name: name.clone(),
            level: Some(level.to_owned()),
            description: part_of.is_none().then(|| "A made-up country.".to_owned()),
            part_of,
            sources: self.source(),
            ..EntityRecord::default()
        };
        out.entity(&record, shorthand)?;
        Ok(Place {
            id,
            name,
            language,
            country,
        })
    }
}
