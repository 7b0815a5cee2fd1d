//! Projects: under a programme, on one or two topics, with a heavy-tailed number of partners.

use rand::Rng;
use rand::seq::IndexedRandom;
use rand_distr::{Distribution, LogNormal};

use super::draw::{sample, zipf};
use super::names;
use super::output::Output;
use super::world::{Busy, Popularity, World, title_case};
use super::{FIRST_YEAR, GenerateError, LAST_YEAR};
use crate::load::{EntityRecord, RelationRecord};

impl World {
    /// Writes the projects, each under a programme and on one or two topics drawn by
    /// popularity, with partners picked with preference for busy institutions and for the
    /// lead partner's country; their number follows a log-normal law whose mean spends the
    /// relations the other kinds leave of the requested density.
    pub(super) fn write_projects(
        &mut self,
        out: &mut Output<'_>,
        popularity: &Popularity,
        busy: &Busy,
    ) -> Result<(), GenerateError> {
        let plan = self.plan;
        let fixed_relations = plan.regions
            + plan.cities
            + plan.institutions * 135 / 100
            + plan.people * 12 / 10
            + plan.projects * 25 / 10
            + plan.events * 3;
        let target = (self.options.entities as f64 * self.options.relations_per_entity) as usize;
        let partner_budget = target.saturating_sub(fixed_relations).max(plan.projects);
        let mean_partners = partner_budget as f64 / plan.projects.max(1) as f64;
        // A log-normal with sigma 0.9 has mean exp(mu + 0.405).
        let partners = LogNormal::new(mean_partners.max(1.0).ln() - 0.405, 0.9)
            .map_err(|e| GenerateError::Distribution(e.to_string()))?;
        let country_popularity = self
            .institutions_by_country
            .iter()
            .map(|list| zipf(list.len(), 0.9))
            .collect::<Result<Vec<_>, _>>()?;
        for _ in 0..plan.projects {
            let topic_a = self.topics[sample(&popularity.topics, &mut self.rng)].clone();
            let word = names::PROJECT_WORDS
                .choose(&mut self.rng)
                .copied()
                .unwrap_or("Network");
            let base = names::TOPIC_WORDS
                .choose(&mut self.rng)
                .copied()
                .unwrap_or("innovation");
            let acronym: String = base
                .split([' ', '-'])
                .filter_map(|w| w.chars().next())
                .chain(word.chars().take(2))
                .collect::<String>()
                .to_uppercase();
            let name = format!(
                "{acronym}{} – {} {word}",
                self.rng.random_range(1..100),
                title_case(base)
            );
            let id = self.id("project:", &name);
            let start = self.rng.random_range(FIRST_YEAR..LAST_YEAR);
            let month = self.rng.random_range(1..=12);
            let end = (start + self.rng.random_range(1..=5)).min(LAST_YEAR);
            let programme = self.programmes[sample(&popularity.programmes, &mut self.rng)].clone();
            let record = EntityRecord {
                id: id.clone(),
                name,
                description: Some(format!("A made-up project on {base}.")),
                start: Some(format!("{start}-{month:02}")),
                end: Some(end.to_string()),
                programme: Some(programme),
                sources: self.source(),
                ..EntityRecord::default()
            };
            out.entity(&record, 1)?;
            let topics = 1 + usize::from(self.rng.random_bool(0.5));
            let mut chosen_topics = vec![topic_a];
            if topics == 2 {
                let other = self.topics[sample(&popularity.topics, &mut self.rng)].clone();
                if other != chosen_topics[0] {
                    chosen_topics.push(other);
                }
            }
            for topic in chosen_topics {
                let relation = self.link("focuses_on", id.clone(), topic);
                out.relation(&relation)?;
            }
            let wanted = (partners.sample(&mut self.rng).round() as usize).clamp(1, 200);
            let lead = busy.pick(&mut self.rng);
            let lead_country = self.institutions[lead].1;
            let mut chosen = vec![lead];
            let mut attempts = 0;
            while chosen.len() < wanted && attempts < wanted * 4 {
                attempts += 1;
                let local = &self.institutions_by_country[lead_country];
                let candidate = if self.rng.random_bool(0.6) && !local.is_empty() {
                    let pick = sample(&country_popularity[lead_country], &mut self.rng);
                    local[pick.min(local.len() - 1)]
                } else {
                    busy.pick(&mut self.rng)
                };
                if !chosen.contains(&candidate) {
                    chosen.push(candidate);
                }
            }
            for (rank, partner) in chosen.into_iter().enumerate() {
                let partner = self.institutions[partner].0.clone();
                let relation = RelationRecord {
                    role: Some(if rank == 0 { "coordinator" } else { "partner" }.to_owned()),
                    start: Some(format!("{start}-{month:02}")),
                    end: Some(end.to_string()),
                    ..self.link("partner_in", partner, id.clone())
                };
                out.relation(&relation)?;
            }
        }
        Ok(())
    }
}
