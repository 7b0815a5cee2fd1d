//! A loaded dataset: the graph and the search index built over it, shared by every request.

use std::path::Path;

use crate::analytics::Metrics;
use crate::load::{self, LoadError};
use crate::model::Graph;
use crate::search::{SearchError, SearchIndex};

/// Why a dataset could not be made ready.
#[derive(Debug, thiserror::Error)]
pub enum DatasetError {
    /// The data files could not be loaded.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The search index could not be built.
    #[error("building the search index failed: {0}")]
    Search(#[from] SearchError),
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
    /// A short digest of the data files; the same files always give the same version.
    pub version: String,
}

impl Dataset {
    /// Builds the search index and the network metrics over a graph, with a version that
    /// names where it came from.
    pub fn new(graph: Graph, version: impl Into<String>) -> Result<Self, DatasetError> {
        let search = SearchIndex::build(&graph)?;
        let metrics = Metrics::compute(&graph);
        Ok(Dataset {
            graph,
            search,
            metrics,
            version: version.into(),
        })
    }

    /// Loads and checks a data directory, then indexes it.
    pub fn load(dir: &Path) -> Result<Self, DatasetError> {
        let (graph, version) = load::load_dir_versioned(dir)?;
        Self::new(graph, version)
    }
}
