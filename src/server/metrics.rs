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

/// One open connection, counted in `regiograph_open_connections` while it lives.
#[derive(Debug)]
pub struct OpenConnection(Gauge);

impl Drop for OpenConnection {
    fn drop(&mut self) {
        self.0.dec();
    }
}

/// Labels of the data-version information metric.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct VersionLabels {
    /// The digest of the loaded data files.
    pub version: String,
}

/// How many distinct operation names get a series of their own.
pub const MAX_OPERATION_NAMES: usize = 100;

/// Whether a text is a GraphQL name (`[_A-Za-z][_0-9A-Za-z]*`) of at most 64 characters.
fn is_graphql_name(text: &str) -> bool {
    let mut chars = text.chars();
    text.len() <= 64
        && chars
            .next()
            .is_some_and(|c| c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
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
    open_connections: Gauge,
    closed_connections: Family<ReasonLabels, Counter>,
    answer_cache_hits: Counter,
    answer_cache_misses: Counter,
    answer_cache_entries: Gauge,
    clause_matches_entries: Gauge,
    clause_matches_bytes: Gauge,
    answer_cache_bytes: Gauge,
    direct_answers: Counter,
    cpu_waiting: Gauge,
    operation_names: std::sync::Mutex<std::collections::HashSet<String>>,
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
        let open_connections = Gauge::default();
        let closed_connections = Family::<ReasonLabels, Counter>::default();
        let (answer_cache_hits, answer_cache_misses) = (Counter::default(), Counter::default());
        let (answer_cache_entries, answer_cache_bytes) = (Gauge::default(), Gauge::default());
        let (clause_matches_entries, clause_matches_bytes) = (Gauge::default(), Gauge::default());
        registry.register(
            "search_clause_matches_entries",
            "Lists of the documents a search's prefix or typo clause matched, kept for searching the word again",
            clause_matches_entries.clone(),
        );
        registry.register(
            "search_clause_matches_bytes",
            "Bytes held by the kept lists of documents that prefix and typo clauses matched",
            clause_matches_bytes.clone(),
        );
        let cpu_waiting = Gauge::default();
        let direct_answers = Counter::default();
        registry.register(
            "graphql_direct_answers",
            "GraphQL answers written straight from the graph, without async-graphql's executor",
            direct_answers.clone(),
        );
        registry.register(
            "cpu_waiting",
            "Pieces of CPU-heavy work (searches, traversals, exports) waiting for a core now",
            cpu_waiting.clone(),
        );
        registry.register(
            "response_cache_hits",
            "GraphQL requests answered from the response cache",
            answer_cache_hits.clone(),
        );
        registry.register(
            "response_cache_misses",
            "GraphQL requests the response cache did not hold, answered by executing them",
            answer_cache_misses.clone(),
        );
        registry.register(
            "response_cache_entries",
            "Answers held in the response cache",
            answer_cache_entries.clone(),
        );
        registry.register(
            "response_cache_bytes",
            "Bytes of answers and their keys held in the response cache",
            answer_cache_bytes.clone(),
        );
        registry.register(
            "open_connections",
            "HTTP connections open now",
            open_connections.clone(),
        );
        registry.register(
            "closed_connections",
            "HTTP connections the server closed, by reason (header_timeout, idle_timeout)",
            closed_connections.clone(),
        );
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
            open_connections,
            closed_connections,
            answer_cache_hits,
            answer_cache_misses,
            answer_cache_entries,
            clause_matches_entries,
            clause_matches_bytes,
            answer_cache_bytes,
            direct_answers,
            cpu_waiting,
            requests,
            latency,
            operations,
            rejected,
            entities,
            relations,
            data_version,
            reloads,
            reload_failures,
            operation_names: std::sync::Mutex::default(),
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

    /// Records an answer written straight from the graph.
    pub fn direct_answer(&self) {
        self.direct_answers.inc();
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
    ///
    /// Operation names come from clients, so only the first [`MAX_OPERATION_NAMES`] distinct
    /// names that are valid GraphQL names get a series of their own; the rest count as
    /// `other`. Otherwise any client could grow memory and `/metrics` without bound.
    pub fn operation(&self, operation: Option<&str>, outcome: &str) {
        let name = match operation {
            None => "anonymous".to_owned(),
            Some(name) if is_graphql_name(name) => {
                let mut seen = self
                    .operation_names
                    .lock()
                    .unwrap_or_else(|e| e.into_inner());
                if seen.contains(name) || seen.len() < MAX_OPERATION_NAMES {
                    seen.insert(name.to_owned());
                    name.to_owned()
                } else {
                    "other".to_owned()
                }
            }
            Some(_) => "other".to_owned(),
        };
        let labels = OperationLabels {
            operation: name,
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

    /// Counts a request the response cache answered (`hit`) or did not.
    pub fn answer_cache(&self, hit: bool) {
        if hit {
            self.answer_cache_hits.inc();
        } else {
            self.answer_cache_misses.inc();
        }
    }

    /// Records how many answers and bytes the response cache holds.
    pub fn answer_cache_size(&self, entries: usize, bytes: usize) {
        self.answer_cache_entries.set(entries as i64);
        self.answer_cache_bytes.set(bytes as i64);
    }

    /// Records how many lists of clause matches the current data's search index keeps.
    pub fn clause_matches_size(&self, entries: usize, bytes: usize) {
        self.clause_matches_entries.set(entries as i64);
        self.clause_matches_bytes.set(bytes as i64);
    }

    /// Counts a connection as open until the returned guard is dropped.
    pub fn connection_opened(&self) -> OpenConnection {
        self.open_connections.inc();
        OpenConnection(self.open_connections.clone())
    }

    /// Records that the server closed a connection for `reason`.
    pub fn connection_closed(&self, reason: &str) {
        self.closed_connections
            .get_or_create(&ReasonLabels {
                reason: reason.to_owned(),
            })
            .inc();
    }

    /// The metrics in Prometheus' text format.
    pub fn encode(&self) -> String {
        self.cpu_waiting.set(crate::cpu::waiting() as i64);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_chosen_operation_names_cannot_grow_the_metrics_without_bound() {
        let metrics = Metrics::new();
        for i in 0..1_000 {
            metrics.operation(Some(&format!("Dashboard{i}")), "ok");
        }
        metrics.operation(Some("not a name!"), "ok");
        metrics.operation(None, "ok");
        let text = metrics.encode();
        let series = text
            .lines()
            .filter(|l| l.starts_with("regiograph_graphql_operations_total{"))
            .count();
        assert_eq!(
            series,
            MAX_OPERATION_NAMES + 2,
            "100 names, `other` and `anonymous`"
        );
        assert!(text.contains("operation=\"Dashboard0\""));
        assert!(text.contains(
            "regiograph_graphql_operations_total{operation=\"other\",outcome=\"ok\"} 901"
        ));
    }
}
