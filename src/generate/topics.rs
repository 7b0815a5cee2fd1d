//! Topics with a long tail, and the programmes projects run under.

use rand::Rng;

use super::GenerateError;
use super::names;
use super::output::Output;
use super::world::World;
use crate::load::EntityRecord;

impl World {
    /// Writes the topics: every base word, then qualified ones for the long tail.
    pub(super) fn write_topics(&mut self, out: &mut Output<'_>) -> Result<(), GenerateError> {
        for index in 0..self.plan.topics {
            let base = names::TOPIC_WORDS[index % names::TOPIC_WORDS.len()];
            let round = index / names::TOPIC_WORDS.len();
            let name = if round == 0 {
                base.to_owned()
            } else {
                let qualifier =
                    names::TOPIC_QUALIFIERS[(round - 1) % names::TOPIC_QUALIFIERS.len()];
                let cycle = (round - 1) / names::TOPIC_QUALIFIERS.len();
                if cycle == 0 {
                    format!("{qualifier} {base}")
                } else {
                    format!("{qualifier} {base} {}", cycle + 1)
                }
            };
            let id = self.write_named(out, "topic:", name)?;
            self.topics.push(id);
        }
        Ok(())
    }

    /// Writes the programmes, in seven-year cycles: cross-border ones between two countries
    /// and regional funds of one.
    pub(super) fn write_programmes(&mut self, out: &mut Output<'_>) -> Result<(), GenerateError> {
        let countries = self.plan.countries;
        for index in 0..self.plan.programmes {
            let cycle = [2007, 2014, 2021][index % 3];
            let country = self.rng.random_range(0..countries);
            let other = self.rng.random_range(0..countries);
            let name = if index % 2 == 0 && country != other {
                format!(
                    "Cross-border Programme {}–{} {cycle}–{}",
                    self.countries[country].name,
                    self.countries[other].name,
                    cycle + 6
                )
            } else {
                format!(
                    "Regional Innovation Fund {} {cycle}–{}",
                    self.countries[country].name,
                    cycle + 6
                )
            };
            let id = self.id("programme:", &name);
            let record = EntityRecord {
                id: id.clone(),
                name,
                kind: Some(
                    if index % 2 == 0 {
                        "cooperation_programme"
                    } else {
                        "funding_programme"
                    }
                    .to_owned(),
                ),
                start: Some(cycle.to_string()),
                end: Some((cycle + 6).to_string()),
                sources: self.source(),
                ..EntityRecord::default()
            };
            out.entity(&record, 0)?;
            self.programmes.push(id);
        }
        Ok(())
    }
}
