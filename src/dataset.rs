//! A loaded dataset: the graph and the search index built over it, shared by every request.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::analytics::Metrics;
use crate::analytics::cooperation::Participations;
use crate::load::{self, LoadError};
use crate::model::{Graph, Stats};
use crate::progress::{Progress, Silent};
use crate::search::{SearchError, SearchIndex};
use crate::snapshot::{self, SnapshotError};

/// Why a dataset could not be made ready.
#[derive(Debug, thiserror::Error)]
pub enum DatasetError {
    /// The data files could not be loaded.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The search index could not be built.
    #[error("building the search index failed: {0}")]
    Search(#[from] SearchError),
    /// The snapshot could not be read.
    #[error(transparent)]
    Snapshot(#[from] SnapshotError),
}

/// Where a dataset is read from, at start-up and again on each reload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataSource {
    /// Data directories, read, checked and indexed; none means nothing to reload from.
    Directories(Vec<PathBuf>),
    /// A snapshot written by `regiograph snapshot` (see [`crate::snapshot`]); a reload reads
    /// the file again, so replacing it and reloading swaps in the new snapshot.
    Snapshot(PathBuf),
}

impl From<Vec<PathBuf>> for DataSource {
    fn from(dirs: Vec<PathBuf>) -> Self {
        DataSource::Directories(dirs)
    }
}

impl DataSource {
    /// Whether there is anything to read (a snapshot, or at least one directory).
    pub fn is_empty(&self) -> bool {
        matches!(self, DataSource::Directories(dirs) if dirs.is_empty())
    }

    /// The directories or the snapshot, for messages.
    pub fn describe(&self) -> String {
        match self {
            DataSource::Directories(dirs) => {
                let shown: Vec<String> = dirs.iter().map(|p| p.display().to_string()).collect();
                shown.join(", ")
            }
            DataSource::Snapshot(path) => format!("snapshot {}", path.display()),
        }
    }

    /// Reads the dataset, reporting progress, and says how long each phase took (a snapshot
    /// has one phase: reading it, counted as `load`).
    pub fn load(&self, progress: &dyn Progress) -> Result<(Dataset, LoadTimings), DatasetError> {
        match self {
            DataSource::Directories(dirs) => Dataset::load_dirs_with_progress(dirs, progress),
            DataSource::Snapshot(path) => {
                let started = Instant::now();
                progress.start("reading the snapshot", 0);
                let data = snapshot::read(path);
                progress.finish();
                let elapsed = started.elapsed();
                let timings = LoadTimings {
                    load: elapsed,
                    total: elapsed,
                    ..LoadTimings::default()
                };
                Ok((data?, timings))
            }
        }
    }
}

/// The graph and its search index; immutable once built.
#[derive(Debug)]
pub struct Dataset {
    /// The cooperation graph.
    pub graph: Graph,
    /// The full-text index over the graph's entities.
    pub search: SearchIndex,
    /// Centrality, components and communities, computed once at load.
    pub metrics: Metrics,
    /// Every institution's participation in a project, for counts, sums and the cooperation
    /// matrix.
    pub participations: Participations,
    /// Entities by kind, relations by type and sources, counted once at load so that
    /// `stats` answers without counting.
    pub stats: Stats,
    /// A short digest of the data files; the same files always give the same version.
    pub version: String,
}

/// How long each phase of making a dataset ready took.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadTimings {
    /// Reading, parsing and checking the files, and building the graph.
    pub load: Duration,
    /// Building the full-text index.
    pub search_index: Duration,
    /// Computing centrality, components and communities, and the participation table.
    pub metrics: Duration,
    /// From start to ready; less than the sum, since indexing and metrics run side by side.
    pub total: Duration,
}

impl Dataset {
    /// Loads and checks a data directory, then indexes it.
    pub fn load(dir: &Path) -> Result<Self, DatasetError> {
        Self::load_with_progress(dir, &Silent).map(|(data, _)| data)
    }

    /// Loads a data directory like [`Dataset::load`], reporting progress, and says how long
    /// each phase took. The search index and the metrics are built on two threads at once.
    pub fn load_with_progress(
        dir: &Path,
        progress: &dyn Progress,
    ) -> Result<(Self, LoadTimings), DatasetError> {
        Self::load_dirs_with_progress(&[dir.to_owned()], progress)
    }

    /// Loads several data directories into one dataset (see [`load::load_dirs_with_progress`]),
    /// reporting progress, and says how long each phase took.
    pub fn load_dirs_with_progress(
        dirs: &[PathBuf],
        progress: &dyn Progress,
    ) -> Result<(Self, LoadTimings), DatasetError> {
        let started = Instant::now();
        let (graph, version) = load::load_dirs_with_progress(dirs, progress)?;
        let load = started.elapsed();
        let (data, mut timings) = Self::index(graph, version, progress)?;
        timings.load = load;
        timings.total = started.elapsed();
        Ok((data, timings))
    }

    fn index(
        graph: Graph,
        version: String,
        progress: &dyn Progress,
    ) -> Result<(Self, LoadTimings), DatasetError> {
        let started = Instant::now();
        progress.start("indexing and measuring", 0);
        let (search, metrics) = std::thread::scope(|scope| {
            let metrics = scope.spawn(|| {
                let started = Instant::now();
                let metrics = Metrics::compute(&graph);
                let participations = Participations::build(&graph);
                ((metrics, participations), started.elapsed())
            });
            let search_started = Instant::now();
            let search = SearchIndex::build(&graph).map(|index| (index, search_started.elapsed()));
            // The metrics thread does not panic on any graph; should it, the panic goes on.
            let metrics = metrics
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (search, metrics)
        });
        progress.finish();
        let (search, search_time) = search?;
        let stats = graph.stats();
        let ((metrics, participations), metrics_time) = metrics;
        let timings = LoadTimings {
            load: Duration::ZERO,
            search_index: search_time,
            metrics: metrics_time,
            total: started.elapsed(),
        };
        Ok((
            Dataset {
                graph,
                search,
                metrics,
                participations,
                stats,
                version,
            },
            timings,
        ))
    }
}
