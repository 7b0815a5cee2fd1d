//! Events: in a city, organised by a busy institution, half of them under a programme.

use rand::Rng;
use rand::seq::IndexedRandom;

use super::GenerateError;
use super::draw::sample;
use super::output::Output;
use super::world::{Busy, Popularity, World};
use crate::load::{EntityRecord, RelationRecord};

/// The kinds of event written, as spelled in data files.
const KINDS: [&str; 5] = [
    "conference",
    "meeting",
    "study_visit",
    "staff_exchange",
    "award",
];

impl World {
    /// Writes the events, each on a day in a city drawn by popularity, organised by a busy
    /// institution and, for half of them, under a programme.
    pub(super) fn write_events(
        &mut self,
        out: &mut Output<'_>,
        popularity: &Popularity,
        busy: &Busy,
    ) -> Result<(), GenerateError> {
        for _ in 0..self.plan.events {
            let city = sample(&popularity.cities, &mut self.rng);
            let kind = KINDS.choose(&mut self.rng).copied().unwrap_or("meeting");
            let year = self.year();
            let month = self.rng.random_range(1..=12);
            let day = self.rng.random_range(1..=28);
            let label = match kind {
                "conference" => "Conference",
                "study_visit" => "Study visit",
                "staff_exchange" => "Staff exchange",
                "award" => "Awards ceremony",
                _ => "Partner meeting",
            };
            let name = format!("{label} in {} {year}", self.cities[city].name);
            let id = self.id("event:", &name);
            let programme = self
                .rng
                .random_bool(0.5)
                .then(|| self.programmes[sample(&popularity.programmes, &mut self.rng)].clone());
            let record = EntityRecord {
                id: id.clone(),
                name,
                kind: Some(kind.to_owned()),
                start: Some(format!("{year}-{month:02}-{day:02}")),
                place: Some(self.cities[city].id.clone()),
                sources: self.source(),
                ..EntityRecord::default()
            };
            out.entity(&record, 1)?;
            let organiser = self.institutions[busy.pick(&mut self.rng)].0.clone();
            let mut links = vec![("organised", organiser, id.clone())];
            if let Some(programme) = programme {
                links.push(("under_programme", id.clone(), programme));
            }
            for (rel_type, from, to) in links {
                let relation = RelationRecord {
                    start: Some(format!("{year}-{month:02}-{day:02}")),
                    ..self.link(rel_type, from, to)
                };
                out.relation(&relation)?;
            }
        }
        Ok(())
    }
}
