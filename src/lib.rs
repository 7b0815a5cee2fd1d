//! regiograph: a GraphQL knowledge-graph service about cooperation between regions.
//!
//! The crate is layered so that every arrow points towards the core:
//! [`model`] (the graph) <- [`load`] (data files) <- [`search`], [`analytics`] <- [`api`]
//! (GraphQL) <- [`server`] (HTTP); [`export`] writes graphs for network tools. `main.rs` is a thin command-line front end.
//! [`text`] folds names the one way that search, the generator and the importers share.

pub mod analytics;
pub mod api;
pub mod cpu;
pub mod dataset;
pub mod export;
pub mod generate;
pub mod import;
pub mod load;
pub mod model;
pub mod progress;
pub mod search;
pub mod server;
pub mod snapshot;
pub mod text;

pub use dataset::{DataSource, Dataset, DatasetError, LoadTimings};
