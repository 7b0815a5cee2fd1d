//! Institutions, crowded into popular cities, and the people who hold positions at them.

use rand::Rng;
use rand::seq::IndexedRandom;

use super::draw::sample;
use super::names::{self, LANGUAGES};
use super::output::Output;
use super::world::{Busy, Popularity, World, title_case};
use super::{GenerateError, LAST_YEAR};
use crate::load::{EntityRecord, RelationRecord};

impl World {
    /// Writes the institutions: each in a city drawn by popularity and named in the city's
    /// language, a company or a public body; about one in three states a topic of its own.
    pub(super) fn write_institutions(
        &mut self,
        out: &mut Output<'_>,
        popularity: &Popularity,
    ) -> Result<(), GenerateError> {
        for _ in 0..self.plan.institutions {
            let city = sample(&popularity.cities, &mut self.rng);
            let (language, country) = (self.cities[city].language, self.cities[city].country);
            let words = &LANGUAGES[language];
            let (name, kind) = if self.rng.random_bool(0.45) {
                let family = words
                    .family
                    .choose(&mut self.rng)
                    .copied()
                    .unwrap_or("Nova");
                let form = words
                    .company_forms
                    .choose(&mut self.rng)
                    .copied()
                    .unwrap_or("Ltd");
                let topic = self.rng.random_range(0..names::TOPIC_WORDS.len());
                (
                    format!("{family} {} {form}", title_case(names::TOPIC_WORDS[topic])),
                    "company",
                )
            } else {
                let (template, kind) = words
                    .bodies
                    .choose(&mut self.rng)
                    .copied()
                    .unwrap_or(("{}", "other"));
                (template.replace("{}", &self.cities[city].name), kind)
            };
            let id = self.id("institution:", &name);
            let record = EntityRecord {
                id: id.clone(),
                name,
                kind: Some(kind.to_owned()),
                located_in: Some(self.cities[city].id.clone()),
                sources: self.source(),
                ..EntityRecord::default()
            };
            out.entity(&record, 1)?;
            if self.rng.random_bool(0.35) {
                let topic = sample(&popularity.topics, &mut self.rng);
                let relation = self.link("focuses_on", id.clone(), self.topics[topic].clone());
                out.relation(&relation)?;
            }
            self.institutions_by_country[country].push(self.institutions.len());
            self.institutions.push((id, country));
        }
        Ok(())
    }

    /// Writes the people, each working at a busy institution and named in its country's
    /// language; one in five holds a second position at another.
    pub(super) fn write_people(
        &mut self,
        out: &mut Output<'_>,
        busy: &Busy,
    ) -> Result<(), GenerateError> {
        for _ in 0..self.plan.people {
            let employer = busy.pick(&mut self.rng);
            let (employer_id, country) = self.institutions[employer].clone();
            let language = self.countries[country].language;
            let name = names::person(&LANGUAGES[language], &mut self.rng);
            let id = self.write_named(out, "person:", name)?;
            let positions = if self.rng.random_bool(0.2) { 2 } else { 1 };
            for position in 0..positions {
                let at = if position == 0 {
                    employer_id.clone()
                } else {
                    self.institutions[busy.pick(&mut self.rng)].0.clone()
                };
                let start = self.year();
                let end = (self.rng.random_bool(0.5))
                    .then(|| (start + self.rng.random_range(1..=8)).min(LAST_YEAR));
                let role = LANGUAGES[language]
                    .roles
                    .choose(&mut self.rng)
                    .copied()
                    .map(str::to_owned);
                let relation = RelationRecord {
                    role,
                    start: Some(start.to_string()),
                    end: end.map(|e| e.to_string()),
                    ..self.link("holds_position", id.clone(), at)
                };
                out.relation(&relation)?;
            }
        }
        Ok(())
    }
}
