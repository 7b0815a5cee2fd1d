//! Synthetic datasets in the bulk format, shaped like real cooperation data, for benchmarks.
//!
//! The world has countries > regions > cities; institutions crowd into a few cities; projects
//! run under programmes with many partners each, drawn with preference for the busy ones, so
//! that degrees are heavy-tailed; people hold positions; topics have a long tail; dates cover
//! two decades. Names are made up in eleven languages, accents included. The same seed always
//! gives the same files: the generator uses ChaCha8, whose output is fixed across platforms and
//! versions, and never iterates a hash map.

mod cordis;
mod draw;
mod events;
mod institutions;
mod names;
mod output;
mod places;
mod projects;
mod topics;
mod world;

pub use cordis::{CordisSummary, generate_cordis};

use std::path::{Path, PathBuf};

use crate::load::SourceRecord;
use crate::progress::Progress;
use output::{Output, Writer};
use world::World;

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
    let mut output = Output::new(
        Writer::create(&out.join("entities.jsonl"))?,
        Writer::create(&out.join("relations.jsonl"))?,
        summary,
        progress,
    );
    progress.start("generating", world.plan.total() as u64);
    world.write(&mut output)?;
    output.report_rest();
    progress.finish();
    output.finish()
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
