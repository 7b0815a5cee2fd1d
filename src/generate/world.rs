//! The generator's state: what exists so far, for later records to link to, and the order of
//! the steps that write it.

use std::collections::HashMap;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::Zipf;

use super::draw::{sample, shuffle, zipf};
use super::output::Output;
use super::{FIRST_YEAR, GenerateError, GenerateOptions, LAST_YEAR, Plan, SOURCES};
use crate::load::{EntityRecord, RelationRecord};
use crate::text::fold_terms;

/// A place generated so far: its id, name, language and country.
pub(super) struct Place {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) language: usize,
    pub(super) country: usize,
}

/// The generator's state: what exists so far, for later records to link to.
pub(super) struct World {
    pub(super) options: GenerateOptions,
    pub(super) plan: Plan,
    pub(super) rng: ChaCha8Rng,
    pub(super) countries: Vec<Place>,
    pub(super) regions: Vec<Place>,
    pub(super) cities: Vec<Place>,
    pub(super) topics: Vec<String>,
    pub(super) programmes: Vec<String>,
    /// Institution ids, and for each its country.
    pub(super) institutions: Vec<(String, usize)>,
    /// Institutions per country, in creation order.
    pub(super) institutions_by_country: Vec<Vec<usize>>,
    /// Slugs used so far per kind prefix, to keep ids unique and readable.
    slugs: HashMap<String, u32>,
}

/// How strongly later records prefer some cities, topics and programmes: a Zipf law over each
/// list, in the order it was written.
pub(super) struct Popularity {
    pub(super) cities: Zipf<f64>,
    pub(super) topics: Zipf<f64>,
    pub(super) programmes: Zipf<f64>,
}

/// The institutions by how busy they are: preference follows a Zipf law over a fixed shuffled
/// order, so that the busy ones are spread over cities.
pub(super) struct Busy {
    popularity: Zipf<f64>,
    order: Vec<usize>,
}

impl Busy {
    /// An institution, drawn with preference for the busy ones.
    pub(super) fn pick(&self, rng: &mut ChaCha8Rng) -> usize {
        self.order[sample(&self.popularity, rng)]
    }
}

impl World {
    pub(super) fn new(options: GenerateOptions) -> Self {
        let plan = Plan::new(options.entities);
        World {
            options,
            plan,
            rng: ChaCha8Rng::seed_from_u64(options.seed),
            countries: Vec::new(),
            regions: Vec::new(),
            cities: Vec::new(),
            topics: Vec::new(),
            programmes: Vec::new(),
            institutions: Vec::new(),
            institutions_by_country: vec![Vec::new(); plan.countries],
            slugs: HashMap::new(),
        }
    }

    /// Writes every entity and relation, kind after kind, so that each record links only to
    /// what is already written: places, topics, programmes, institutions, people, projects,
    /// events.
    pub(super) fn write(&mut self, out: &mut Output<'_>) -> Result<(), GenerateError> {
        self.write_places(out)?;
        self.write_topics(out)?;
        self.write_programmes(out)?;
        let popularity = Popularity {
            cities: zipf(self.cities.len(), 1.05)?,
            topics: zipf(self.topics.len(), 1.1)?,
            programmes: zipf(self.programmes.len(), 1.0)?,
        };
        self.write_institutions(out, &popularity)?;
        let mut order: Vec<usize> = (0..self.institutions.len()).collect();
        shuffle(&mut order, &mut self.rng);
        let busy = Busy {
            popularity: zipf(self.institutions.len(), 0.9)?,
            order,
        };
        self.write_people(out, &busy)?;
        self.write_projects(out, &popularity, &busy)?;
        self.write_events(out, &popularity, &busy)
    }

    /// A new readable id: the folded name, with a number when the name was used before.
    pub(super) fn id(&mut self, prefix: &str, name: &str) -> String {
        let mut slug = fold_terms(name).join("-");
        slug.truncate(60);
        let slug = slug.trim_end_matches('-').to_owned();
        let key = format!("{prefix}{slug}");
        let count = self.slugs.entry(key.clone()).or_insert(0);
        *count += 1;
        if *count == 1 {
            key
        } else {
            format!("{key}-{count}")
        }
    }

    /// The sources a record cites: one of the synthetic sources, at random.
    pub(super) fn source(&mut self) -> Vec<String> {
        vec![format!(
            "source:synthetic-{}",
            self.rng.random_range(1..=SOURCES)
        )]
    }

    /// A year the data covers, at random.
    pub(super) fn year(&mut self) -> u32 {
        self.rng.random_range(FIRST_YEAR..=LAST_YEAR)
    }

    /// Writes an entity that has only a name (a topic, a person) and says its id.
    pub(super) fn write_named(
        &mut self,
        out: &mut Output<'_>,
        prefix: &str,
        name: String,
    ) -> Result<String, GenerateError> {
        let id = self.id(prefix, &name);
        let record = EntityRecord {
            id: id.clone(),
            name,
            sources: self.source(),
            ..EntityRecord::default()
        };
        out.entity(&record, 0)?;
        Ok(id)
    }

    /// A relation of a type between two entities, citing a source drawn at random.
    pub(super) fn link(&mut self, rel_type: &str, from: String, to: String) -> RelationRecord {
        RelationRecord {
            rel_type: rel_type.to_owned(),
            from,
            to,
            sources: self.source(),
            ..RelationRecord::default()
        }
    }
}

/// "circular economy" -> "Circular Economy".
pub(super) fn title_case(text: &str) -> String {
    text.split(' ')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect()
            })
        })
        .collect::<Vec<_>>()
        .join(" ")
}
