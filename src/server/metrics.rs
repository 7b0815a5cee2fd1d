//! Prometheus metrics: requests by route, operation and status, latency, rejections, the
//! loaded graph and reloads.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use crate::Dataset;

/// Labels of a finished HTTP request.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    /// The route, such as `/graphql`.
    pub route: String,
    /// The HTTP method.
    pub method: String,
    /// The status code.
    pub status: u16,
}

/// Labels of a GraphQL operation.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct OperationLabels {
    /// The operation name the client gave, or `anonymous`.
    pub operation: String,
    /// `ok`, `field_errors` or `request_error`.
    pub outcome: String,
}

/// Labels of a refused request.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ReasonLabels {
    /// Why it was refused.
    pub reason: String,
}

/// Labels of the data-version information metric.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct VersionLabels {
    /// The digest of the loaded data files.
    pub version: String,
}

/// Every metric the server exports.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RequestLabels, Histogram>,
    operations: Family<OperationLabels, Counter>,
    rejected: Family<ReasonLabels, Counter>,
    entities: Gauge,
    relations: Gauge,
    data_version: Family<VersionLabels, Gauge>,
    reloads: Counter,
    reload_failures: Counter,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metrics").finish_non_exhaustive()
    }
}

impl Metrics {
    /// Registers every metric.
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("regiograph");
        let requests = Family::<RequestLabels, Counter>::default();
        let latency = Family::<RequestLabels, Histogram>::new_with_constructor(|| {
            Histogram::new(exponential_buckets(0.000_25, 2.0, 16))
        });
        let operations = Family::<OperationLabels, Counter>::default();
        let rejected = Family::<ReasonLabels, Counter>::default();
        let entities = Gauge::default();
        let relations = Gauge::default();
        let data_version = Family::<VersionLabels, Gauge>::default();
        let reloads = Counter::default();
        let reload_failures = Counter::default();
        registry.register(
            "http_requests",
            "HTTP requests by route, method and status",
            requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "HTTP request latency",
            latency.clone(),
        );
        registry.register(
            "graphql_operations",
            "GraphQL operations by name and outcome",
            operations.clone(),
        );
        registry.register(
            "rejected_requests",
            "Requests refused, by reason",
            rejected.clone(),
        );
        registry.register(
            "graph_entities",
            "Entities in the loaded graph",
            entities.clone(),
        );
        registry.register(
            "graph_relations",
            "Relations in the loaded graph",
            relations.clone(),
        );
        registry.register(
            "data_version",
            "The loaded data's version (always 1)",
            data_version.clone(),
        );
        registry.register("reloads", "Successful data reloads", reloads.clone());
        registry.register(
            "reload_failures",
            "Data reloads refused because the new data was invalid",
            reload_failures.clone(),
        );
        Metrics {
            registry,
            requests,
            latency,
            operations,
            rejected,
            entities,
            relations,
            data_version,
            reloads,
            reload_failures,
        }
    }

    /// Records a finished HTTP request.
    pub fn request(&self, labels: RequestLabels, seconds: f64) {
        self.latency.get_or_create(&labels).observe(seconds);
        let status = labels.status;
        self.requests.get_or_create(&labels).inc();
        let reason = match status {
            413 => Some("body_too_large"),
            415 => Some("unsupported_media_type"),
            406 => Some("not_acceptable"),
            405 => Some("method_not_allowed"),
            503 => Some("overloaded_or_timed_out"),
            _ => None,
        };
        if let Some(reason) = reason {
            self.rejected(reason);
        }
    }

    /// Records a refused request.
    pub fn rejected(&self, reason: &str) {
        self.rejected
            .get_or_create(&ReasonLabels {
                reason: reason.to_owned(),
            })
            .inc();
    }

    /// Records a GraphQL operation.
    pub fn operation(&self, operation: Option<&str>, outcome: &str) {
        let labels = OperationLabels {
            operation: operation.unwrap_or("anonymous").chars().take(64).collect(),
            outcome: outcome.to_owned(),
        };
        self.operations.get_or_create(&labels).inc();
    }

    /// Records the dataset now being served.
    pub fn dataset(&self, data: &Dataset) {
        self.entities.set(data.graph.entity_count() as i64);
        self.relations.set(data.graph.relation_count() as i64);
        self.data_version.clear();
        self.data_version
            .get_or_create(&VersionLabels {
                version: data.version.clone(),
            })
            .set(1);
    }

    /// Records a reload and whether it succeeded.
    pub fn reload(&self, succeeded: bool) {
        if succeeded {
            self.reloads.inc()
        } else {
            self.reload_failures.inc()
        };
    }

    /// The metrics in Prometheus' text format.
    pub fn encode(&self) -> String {
        let mut text = String::new();
        if encode(&mut text, &self.registry).is_err() {
            text.clear();
        }
        text
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}
