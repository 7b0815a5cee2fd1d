//! Synthetic datasets in the bulk format, shaped like real cooperation data, for benchmarks.
//!
//! The world has countries > regions > cities; institutions crowd into a few cities; projects
//! run under programmes with many partners each, drawn with preference for the busy ones, so
//! that degrees are heavy-tailed; people hold positions; topics have a long tail; dates cover
//! two decades. Names are made up in eleven languages, accents included. The same seed always
//! gives the same files: the generator uses ChaCha8, whose output is fixed across platforms and
//! versions, and never iterates a hash map.

mod cordis;
mod names;

pub use cordis::{CordisSummary, generate_cordis};

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, LogNormal, Zipf};

use crate::load::{EntityRecord, RelationRecord, SourceRecord};
use crate::progress::Progress;
use crate::search::fold::fold_terms;
use names::LANGUAGES;

/// Why a dataset could not be generated.
#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    /// The requested size is too small for the shape (it needs a few of every kind).
    #[error("--entities must be at least {min}; got {got}")]
    TooSmall {
        /// The smallest size accepted.
        min: usize,
        /// The size asked for.
        got: usize,
    },
    /// The number of relations per entity is not a positive number.
    #[error("--relations-per-entity must be a positive number; got {0}")]
    Density(f64),
    /// A distribution's parameters were out of range (a bug in the generator's shape).
    #[error("the generator's shape is out of range: {0}")]
    Distribution(String),
    /// A file could not be written.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
}

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct GenerateOptions {
    /// How many entities, about; the counts per kind are rounded.
    pub entities: usize,
    /// The seed; the same seed gives the same files.
    pub seed: u64,
    /// How many relations per entity, on average.
    pub relations_per_entity: f64,
}

/// What was written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Sources written.
    pub sources: usize,
    /// Entities written.
    pub entities: usize,
    /// Relations written, counting those written as shorthand fields of entities.
    pub relations: usize,
}

/// The smallest size the generator accepts.
pub const MIN_ENTITIES: usize = 100;

/// How many synthetic sources the records cite.
const SOURCES: usize = 12;

/// The years the data covers.
const FIRST_YEAR: u32 = 2006;
const LAST_YEAR: u32 = 2025;

/// Writes `sources.jsonl`, `entities.jsonl` and `relations.jsonl` into `out`.
pub fn generate(
    options: GenerateOptions,
    out: &Path,
    progress: &dyn Progress,
) -> Result<Summary, GenerateError> {
    if options.entities < MIN_ENTITIES {
        return Err(GenerateError::TooSmall {
            min: MIN_ENTITIES,
            got: options.entities,
        });
    }
    if !(options.relations_per_entity.is_finite() && options.relations_per_entity > 0.0) {
        return Err(GenerateError::Density(options.relations_per_entity));
    }
    std::fs::create_dir_all(out).map_err(|source| GenerateError::Write {
        path: out.to_owned(),
        source,
    })?;
    let mut world = World::new(options);
    let mut summary = Summary::default();
    let mut sources = Writer::create(&out.join("sources.jsonl"))?;
    for index in 0..SOURCES {
        let record = SourceRecord {
            id: format!("source:synthetic-{}", index + 1),
            title: format!("Synthetic cooperation register, part {}", index + 1),
            publisher: Some("regiograph generate".to_owned()),
            date: Some("2025".to_owned()),
            kind: Some("report".to_owned()),
            description: Some(format!(
                "Made-up records from seed {}; nothing in them is real.",
                options.seed
            )),
            ..SourceRecord::default()
        };
        sources.line(&record)?;
        summary.sources += 1;
    }
    sources.finish()?;
    let mut entities = Writer::create(&out.join("entities.jsonl"))?;
    let mut relations = Writer::create(&out.join("relations.jsonl"))?;
    progress.start("generating", world.plan.total() as u64);
    world.write(&mut entities, &mut relations, &mut summary, progress)?;
    progress.finish();
    entities.finish()?;
    relations.finish()?;
    Ok(summary)
}

/// How many entities of each kind.
#[derive(Debug, Clone, Copy)]
struct Plan {
    countries: usize,
    regions: usize,
    cities: usize,
    topics: usize,
    programmes: usize,
    institutions: usize,
    people: usize,
    events: usize,
    projects: usize,
}

impl Plan {
    fn new(n: usize) -> Self {
        let countries = (n / 40_000).clamp(3, 40);
        let regions = (n / 4_000).max(countries * 2);
        let cities = (n / 50).max(regions * 2);
        let topics = (n / 200).max(30);
        let programmes = (n / 1_000).max(5);
        let institutions = n / 4;
        let people = n / 10;
        let events = n * 7 / 100;
        let fixed =
            countries + regions + cities + topics + programmes + institutions + people + events;
        let projects = n.saturating_sub(fixed).max(10);
        Plan {
            countries,
            regions,
            cities,
            topics,
            programmes,
            institutions,
            people,
            events,
            projects,
        }
    }

    fn total(&self) -> usize {
        self.countries
            + self.regions
            + self.cities
            + self.topics
            + self.programmes
            + self.institutions
            + self.people
            + self.events
            + self.projects
    }
}

/// A place generated so far: its id, name, language and country.
struct Place {
    id: String,
    name: String,
    language: usize,
    country: usize,
}

/// The generator's state: what exists so far, for later records to link to.
struct World {
    options: GenerateOptions,
    plan: Plan,
    rng: ChaCha8Rng,
    countries: Vec<Place>,
    regions: Vec<Place>,
    cities: Vec<Place>,
    topics: Vec<String>,
    programmes: Vec<String>,
    /// Institution ids, and for each its country.
    institutions: Vec<(String, usize)>,
    /// Institutions per country, in creation order.
    institutions_by_country: Vec<Vec<usize>>,
    /// Slugs used so far per kind prefix, to keep ids unique and readable.
    slugs: std::collections::HashMap<String, u32>,
}

impl World {
    fn new(options: GenerateOptions) -> Self {
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
            slugs: std::collections::HashMap::new(),
        }
    }

    /// A new readable id: the folded name, with a number when the name was used before.
    fn id(&mut self, prefix: &str, name: &str) -> String {
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

    fn source(&mut self) -> Vec<String> {
        vec![format!(
            "source:synthetic-{}",
            self.rng.random_range(1..=SOURCES)
        )]
    }

    fn year(&mut self) -> u32 {
        self.rng.random_range(FIRST_YEAR..=LAST_YEAR)
    }

    /// Writes a made-up region of one level, inside `part_of` when it has a parent.
    fn write_place(
        &mut self,
        entities: &mut Writer,
        level: &str,
        language: usize,
        country: usize,
        part_of: Option<String>,
    ) -> Result<Place, GenerateError> {
        let name = names::place(&LANGUAGES[language], &mut self.rng);
        let id = self.id("region:", &name);
        let record = EntityRecord {
            id: id.clone(),
            name: name.clone(),
            level: Some(level.to_owned()),
            description: part_of.is_none().then(|| "A made-up country.".to_owned()),
            part_of,
            sources: self.source(),
            ..EntityRecord::default()
        };
        entities.line(&record)?;
        Ok(Place {
            id,
            name,
            language,
            country,
        })
    }

    fn write(
        &mut self,
        entities: &mut Writer,
        relations: &mut Writer,
        summary: &mut Summary,
        progress: &dyn Progress,
    ) -> Result<(), GenerateError> {
        let plan = self.plan;
        let count = |summary: &mut Summary, relations: usize| {
            summary.entities += 1;
            summary.relations += relations;
            if summary.entities.is_multiple_of(4096) {
                progress.advance(4096);
            }
        };
        // Countries, regions, cities: parents before children, so the bulk loader links
        // each `part_of` at once.
        for index in 0..plan.countries {
            let place =
                self.write_place(entities, "country", index % LANGUAGES.len(), index, None)?;
            count(summary, 0);
            self.countries.push(place);
        }
        for _ in 0..plan.regions {
            let country = self.rng.random_range(0..plan.countries);
            let (language, parent) = (
                self.countries[country].language,
                self.countries[country].id.clone(),
            );
            let place = self.write_place(entities, "region", language, country, Some(parent))?;
            count(summary, 1);
            self.regions.push(place);
        }
        for _ in 0..plan.cities {
            let region = &self.regions[self.rng.random_range(0..self.regions.len())];
            let (language, country, parent) = (region.language, region.country, region.id.clone());
            let place = self.write_place(entities, "city", language, country, Some(parent))?;
            count(summary, 1);
            self.cities.push(place);
        }
        // Topics: every base word, then qualified ones for the long tail.
        for index in 0..plan.topics {
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
            let id = self.id("topic:", &name);
            let record = EntityRecord {
                id: id.clone(),
                name,
                sources: self.source(),
                ..EntityRecord::default()
            };
            entities.line(&record)?;
            count(summary, 0);
            self.topics.push(id);
        }
        // Programmes: seven-year cycles.
        for index in 0..plan.programmes {
            let cycle = [2007, 2014, 2021][index % 3];
            let country = self.rng.random_range(0..plan.countries);
            let other = self.rng.random_range(0..plan.countries);
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
            entities.line(&record)?;
            count(summary, 0);
            self.programmes.push(id);
        }
        // Institutions crowd into popular cities (Zipf), each in the city's language.
        let city_popularity = zipf(self.cities.len(), 1.05)?;
        let topic_popularity = zipf(self.topics.len(), 1.1)?;
        for _ in 0..plan.institutions {
            let city = sample(&city_popularity, &mut self.rng);
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
            entities.line(&record)?;
            count(summary, 1);
            // About one in three institutions states a topic of its own.
            if self.rng.random_bool(0.35) {
                let topic = sample(&topic_popularity, &mut self.rng);
                let relation = RelationRecord {
                    rel_type: "focuses_on".to_owned(),
                    from: id.clone(),
                    to: self.topics[topic].clone(),
                    sources: self.source(),
                    ..RelationRecord::default()
                };
                relations.line(&relation)?;
                summary.relations += 1;
            }
            self.institutions_by_country[country].push(self.institutions.len());
            self.institutions.push((id, country));
        }
        // Busy institutions take part in many projects: preference follows a Zipf law over a
        // fixed shuffled order, so the busy ones are spread over cities.
        let institution_popularity = zipf(self.institutions.len(), 0.9)?;
        let mut order: Vec<usize> = (0..self.institutions.len()).collect();
        shuffle(&mut order, &mut self.rng);
        // People hold positions, some two.
        for _ in 0..plan.people {
            let employer = order[sample(&institution_popularity, &mut self.rng)];
            let (employer_id, country) = self.institutions[employer].clone();
            let language = self.countries[country].language;
            let name = names::person(&LANGUAGES[language], &mut self.rng);
            let id = self.id("person:", &name);
            let record = EntityRecord {
                id: id.clone(),
                name,
                sources: self.source(),
                ..EntityRecord::default()
            };
            entities.line(&record)?;
            count(summary, 0);
            let positions = if self.rng.random_bool(0.2) { 2 } else { 1 };
            for position in 0..positions {
                let at = if position == 0 {
                    employer_id.clone()
                } else {
                    self.institutions[order[sample(&institution_popularity, &mut self.rng)]]
                        .0
                        .clone()
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
                    rel_type: "holds_position".to_owned(),
                    from: id.clone(),
                    to: at,
                    role,
                    start: Some(start.to_string()),
                    end: end.map(|e| e.to_string()),
                    sources: self.source(),
                    ..RelationRecord::default()
                };
                relations.line(&relation)?;
                summary.relations += 1;
            }
        }
        // Projects: a programme, topics, and partners with a heavy-tailed count, picked with
        // preference for busy institutions and for the lead partner's country.
        let programme_popularity = zipf(self.programmes.len(), 1.0)?;
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
            let topic_a = self.topics[sample(&topic_popularity, &mut self.rng)].clone();
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
            let programme = self.programmes[sample(&programme_popularity, &mut self.rng)].clone();
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
            entities.line(&record)?;
            count(summary, 1);
            let topics = 1 + usize::from(self.rng.random_bool(0.5));
            let mut chosen_topics = vec![topic_a];
            if topics == 2 {
                let other = self.topics[sample(&topic_popularity, &mut self.rng)].clone();
                if other != chosen_topics[0] {
                    chosen_topics.push(other);
                }
            }
            for topic in chosen_topics {
                let relation = RelationRecord {
                    rel_type: "focuses_on".to_owned(),
                    from: id.clone(),
                    to: topic,
                    sources: self.source(),
                    ..RelationRecord::default()
                };
                relations.line(&relation)?;
                summary.relations += 1;
            }
            let wanted = (partners.sample(&mut self.rng).round() as usize).clamp(1, 200);
            let lead = order[sample(&institution_popularity, &mut self.rng)];
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
                    order[sample(&institution_popularity, &mut self.rng)]
                };
                if !chosen.contains(&candidate) {
                    chosen.push(candidate);
                }
            }
            for (rank, partner) in chosen.into_iter().enumerate() {
                let relation = RelationRecord {
                    rel_type: "partner_in".to_owned(),
                    from: self.institutions[partner].0.clone(),
                    to: id.clone(),
                    role: Some(if rank == 0 { "coordinator" } else { "partner" }.to_owned()),
                    start: Some(format!("{start}-{month:02}")),
                    end: Some(end.to_string()),
                    sources: self.source(),
                    ..RelationRecord::default()
                };
                relations.line(&relation)?;
                summary.relations += 1;
            }
        }
        // Events: in a city, organised by an institution, often under a programme, with
        // people taking part.
        let kinds = [
            "conference",
            "meeting",
            "study_visit",
            "staff_exchange",
            "award",
        ];
        for _ in 0..plan.events {
            let city = sample(&city_popularity, &mut self.rng);
            let kind = kinds.choose(&mut self.rng).copied().unwrap_or("meeting");
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
                .then(|| self.programmes[sample(&programme_popularity, &mut self.rng)].clone());
            let record = EntityRecord {
                id: id.clone(),
                name,
                kind: Some(kind.to_owned()),
                start: Some(format!("{year}-{month:02}-{day:02}")),
                place: Some(self.cities[city].id.clone()),
                sources: self.source(),
                ..EntityRecord::default()
            };
            entities.line(&record)?;
            count(summary, 1);
            let organiser = self.institutions
                [order[sample(&institution_popularity, &mut self.rng)]]
            .0
            .clone();
            let mut links = vec![("organised", organiser, id.clone())];
            if let Some(programme) = programme {
                links.push(("under_programme", id.clone(), programme));
            }
            summary.relations += links.len();
            for link in links {
                let relation = RelationRecord {
                    rel_type: link.0.to_owned(),
                    from: link.1,
                    to: link.2,
                    start: Some(format!("{year}-{month:02}-{day:02}")),
                    sources: self.source(),
                    ..RelationRecord::default()
                };
                relations.line(&relation)?;
            }
        }
        progress.advance((summary.entities % 4096) as u64);
        Ok(())
    }
}

/// A Zipf distribution over `1..=n` with exponent `s`.
pub(crate) fn zipf(n: usize, s: f64) -> Result<Zipf<f64>, GenerateError> {
    Zipf::new(n.max(1) as f64, s).map_err(|e| GenerateError::Distribution(e.to_string()))
}

/// A 0-based index drawn from a Zipf distribution.
fn sample(zipf: &Zipf<f64>, rng: &mut ChaCha8Rng) -> usize {
    (zipf.sample(rng) as usize).saturating_sub(1)
}

/// A Fisher–Yates shuffle with the generator's own random numbers.
fn shuffle(items: &mut [usize], rng: &mut ChaCha8Rng) {
    for i in (1..items.len()).rev() {
        let j = rng.random_range(0..=i);
        items.swap(i, j);
    }
}

/// "circular economy" -> "Circular Economy".
fn title_case(text: &str) -> String {
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

/// A buffered JSON Lines file.
struct Writer {
    path: PathBuf,
    out: BufWriter<File>,
}

impl Writer {
    fn create(path: &Path) -> Result<Self, GenerateError> {
        let file = File::create(path).map_err(|source| GenerateError::Write {
            path: path.to_owned(),
            source,
        })?;
        Ok(Writer {
            path: path.to_owned(),
            out: BufWriter::with_capacity(1 << 20, file),
        })
    }

    fn line(&mut self, record: &impl serde::Serialize) -> Result<(), GenerateError> {
        let error = |source| GenerateError::Write {
            path: self.path.clone(),
            source,
        };
        serde_json::to_writer(&mut self.out, record)
            .map_err(|e| error(std::io::Error::other(e)))?;
        self.out.write_all(b"\n").map_err(error)
    }

    fn finish(mut self) -> Result<(), GenerateError> {
        self.out.flush().map_err(|source| GenerateError::Write {
            path: self.path,
            source,
        })
    }
}
