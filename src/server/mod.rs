//! The HTTP server: GraphQL over HTTP, the playground and the explorer, graph exports,
//! health, readiness, metrics, reload, and the limits that keep it standing.

pub mod config;
mod conn;
mod export;
mod graphql;
mod metrics;
mod reload;
mod response_cache;
mod tables;
pub mod web;

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use arc_swap::ArcSwap;
use axum::error_handling::HandleErrorLayer;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{BoxError, Extension, Json, Router};
use tokio::net::TcpListener;
use tower::ServiceBuilder;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{
    MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

pub use config::ServerConfig;
pub use graphql::{Media, negotiate};
pub use metrics::Metrics;
pub use reload::{ReloadError, Reloaded, reload_on_sighup};

use crate::api;
use crate::{DataSource, Dataset};

/// What every request handler shares: the schema, the dataset being served (swapped
/// atomically on reload), the settings and the metrics.
#[derive(Clone)]
pub struct AppState {
    shared: Arc<Shared>,
}

struct Shared {
    executor: api::Executor,
    current: ArcSwap<Dataset>,
    config: ServerConfig,
    metrics: Metrics,
    source: DataSource,
    reloading: tokio::sync::Mutex<()>,
    persisted: api::persisted::PersistedQueries,
    answers: response_cache::ResponseCache,
}

impl AppState {
    /// Serves a dataset with the default settings and no reload.
    pub fn new(data: Dataset) -> Self {
        Self::with_config(data, ServerConfig::default(), Vec::new())
    }

    /// Serves a dataset with these settings; `source` is where reloads read from (no
    /// directory: no reload).
    pub fn with_config(data: Dataset, config: ServerConfig, source: impl Into<DataSource>) -> Self {
        let metrics = Metrics::new();
        metrics.dataset(&data);
        let answers = response_cache::ResponseCache::new(config.response_cache_bytes);
        let executor = api::Executor::new(api::SchemaOptions {
            introspection: config.introspection,
            max_answer_cost: config.max_answer_cost,
        });
        AppState {
            shared: Arc::new(Shared {
                executor,
                current: ArcSwap::from_pointee(data),
                config,
                metrics,
                source: source.into(),
                reloading: tokio::sync::Mutex::new(()),
                persisted: api::persisted::PersistedQueries::default(),
                answers,
            }),
        }
    }

    /// The automatic persisted queries seen so far.
    pub fn persisted(&self) -> &api::persisted::PersistedQueries {
        &self.shared.persisted
    }

    /// The dataset being served now.
    pub fn data(&self) -> Arc<Dataset> {
        self.shared.current.load_full()
    }

    /// The settings.
    pub fn config(&self) -> &ServerConfig {
        &self.shared.config
    }

    fn executor(&self) -> &api::Executor {
        &self.shared.executor
    }

    fn metrics(&self) -> &Metrics {
        &self.shared.metrics
    }

    fn answers(&self) -> &response_cache::ResponseCache {
        &self.shared.answers
    }
}

/// The dataset a request is answered from, taken when the request arrives: every part of the
/// answer, and its `x-data-version` header, comes from this one dataset even when a reload swaps
/// in another meanwhile.
#[derive(Clone)]
pub struct Pinned(pub Arc<Dataset>);

/// The response header that names the data version an answer comes from, so that a client
/// behind a load balancer can tell which data each replica served it.
pub const DATA_VERSION: header::HeaderName = header::HeaderName::from_static("x-data-version");

/// Request ids: a process-wide counter, unique for the life of the process.
#[derive(Clone, Default)]
struct CountingIds(Arc<AtomicU64>);

impl MakeRequestId for CountingIds {
    fn make_request_id<B>(&mut self, _: &axum::http::Request<B>) -> Option<RequestId> {
        let id = self.0.fetch_add(1, Ordering::Relaxed) + 1;
        HeaderValue::from_str(&format!("{id:x}"))
            .ok()
            .map(RequestId::new)
    }
}

/// Builds the router: GraphQL on `/graphql` (POST and GET), the playground on `/`, the
/// explorer on `/explore` with its files under `/assets/`, `GET /export/{format}`, `/health`, `/ready`, `/metrics` and, with an admin token,
/// `POST /admin/reload`.
pub fn app(state: AppState) -> Router {
    let config = state.config().clone();
    // Only GraphQL and export work is shed and timed out; health and metrics must answer
    // under load.
    let graphql = Router::new()
        .route("/graphql", get(graphql::get).post(graphql::post))
        .route("/export/{format}", get(export::export_graph))
        .route("/export/aggregate", get(tables::aggregate))
        .route("/export/cooperation", get(tables::cooperation))
        .route("/export/collaborators", get(tables::collaborators))
        .layer(
            ServiceBuilder::new()
                .layer(HandleErrorLayer::new(overloaded))
                .load_shed()
                .concurrency_limit(config.max_in_flight)
                .layer(TimeoutLayer::with_status_code(
                    StatusCode::SERVICE_UNAVAILABLE,
                    config.request_timeout,
                )),
        );
    let mut router = Router::new()
        .merge(graphql)
        .route("/", get(web::playground))
        .route("/explore", get(web::explore))
        .route("/assets/{*file}", get(web::bundled))
        .route("/health", get(health))
        .route("/ready", get(ready))
        .route("/metrics", get(metrics_text));
    if config.admin_token.is_some() {
        router = router.route("/admin/reload", post(reload::admin_reload));
    }
    let header_name = axum::http::HeaderName::from_static("x-request-id");
    // Router layers wrap every route after routing, the last added outermost: the body limit
    // runs before CORS so preflights stay cheap, and `track` sees every status, 413 included.
    router
        .layer(cors(&config))
        .layer(RequestBodyLimitLayer::new(config.max_body_bytes))
        .layer(middleware::from_fn_with_state(state.clone(), track))
        .layer(PropagateRequestIdLayer::new(header_name.clone()))
        .layer(TraceLayer::new_for_http().make_span_with(|request: &Request| {
            let id = request.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
            tracing::info_span!("request", id = %id, method = %request.method(), path = %request.uri().path())
        }))
        .layer(SetRequestIdLayer::new(header_name, CountingIds::default()))
        .with_state(state)
}

/// CORS for the configured origins. The answer varies with the request's `Origin` only when
/// a list of origins is allowed: with `*` (or CORS off) every origin gets the same headers,
/// so tower-http's default `Vary` (78 bytes on every response) is left out.
fn cors(config: &ServerConfig) -> CorsLayer {
    let any = config.cors_origins.iter().any(|o| o == "*");
    let origins = if any {
        AllowOrigin::any()
    } else {
        AllowOrigin::list(
            config
                .cors_origins
                .iter()
                .filter_map(|o| HeaderValue::from_str(o).ok()),
        )
    };
    if config.cors_origins.is_empty() {
        return CorsLayer::new().vary([]);
    }
    let layer = if any {
        CorsLayer::new().vary([])
    } else {
        CorsLayer::new()
    };
    layer
        .allow_origin(origins)
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([header::CONTENT_TYPE, header::ACCEPT, header::IF_NONE_MATCH])
        .expose_headers([
            header::ETAG,
            DATA_VERSION,
            axum::http::HeaderName::from_static("x-request-id"),
        ])
        .max_age(std::time::Duration::from_secs(600))
}

async fn overloaded(error: BoxError) -> Response {
    let message = if error.is::<tower::load_shed::error::Overloaded>() {
        "the server is busy; try again shortly"
    } else {
        "the request could not be served"
    };
    let mut response = (
        StatusCode::SERVICE_UNAVAILABLE,
        Json(serde_json::json!({ "errors": [{ "message": message }] })),
    )
        .into_response();
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    response
}

/// Pins the dataset for the request, names its version in the answer's `x-data-version`
/// header, and records every request's route, status and latency.
async fn track(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let started = Instant::now();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", |p| p.as_str())
        .to_owned();
    let method = request.method().to_string();
    let data = state.data();
    request.extensions_mut().insert(Pinned(Arc::clone(&data)));
    let mut response = next.run(request).await;
    if let Ok(version) = HeaderValue::from_str(&data.version) {
        response.headers_mut().insert(DATA_VERSION, version);
    }
    let labels = metrics::RequestLabels {
        route,
        method,
        status: response.status().as_u16(),
    };
    state
        .metrics()
        .request(labels, started.elapsed().as_secs_f64());
    response
}

async fn health() -> impl IntoResponse {
    Json(serde_json::json!({ "status": "ok" }))
}

async fn ready(Extension(Pinned(data)): Extension<Pinned>) -> impl IntoResponse {
    Json(serde_json::json!({
        "status": "ready",
        "version": data.version,
        "entities": data.graph.entity_count(),
        "relations": data.graph.relation_count(),
    }))
}

async fn metrics_text(State(state): State<AppState>) -> impl IntoResponse {
    let (entries, bytes) = state.data().search.clause_matches();
    state.metrics().clause_matches_size(entries, bytes);
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        state.metrics().encode(),
    )
}

/// Listens on `address` with a listen backlog of 4,096 (the kernel may cap it lower,
/// `net.core.somaxconn`): tokio's default of 1,024 overflows when thousands of clients connect
/// at once, and every overflowed connection then waits a second for its SYN to be resent.
pub fn bind(address: std::net::SocketAddr) -> std::io::Result<TcpListener> {
    let socket = if address.is_ipv4() {
        tokio::net::TcpSocket::new_v4()?
    } else {
        tokio::net::TcpSocket::new_v6()?
    };
    socket.set_reuseaddr(true)?;
    socket.bind(address)?;
    socket.listen(4096)
}

/// Serves the app on a bound listener until `shutdown` completes, then finishes the
/// requests in flight; connections live under the limits of the state's `ServerConfig`
/// (header-read and idle timeouts, a cap on open connections).
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    web::warn_if_missing();
    conn::serve(listener, app(state.clone()), state, shutdown).await
}

/// Completes on Ctrl-C or, on Unix, SIGTERM.
///
/// The signal handlers are installed when this function is called, not when the future is
/// first polled, so a signal that arrives while the server is starting is not lost (SIGTERM's
/// default action would end the process without a clean shutdown).
pub fn shutdown_signal() -> impl Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let interrupt = signal(SignalKind::interrupt());
        let terminate = signal(SignalKind::terminate());
        async move {
            let (mut interrupt, mut terminate) = match (interrupt, terminate) {
                (Ok(interrupt), Ok(terminate)) => (interrupt, terminate),
                (Err(error), _) | (_, Err(error)) => {
                    tracing::error!(%error, "cannot listen for Ctrl-C or SIGTERM");
                    return std::future::pending().await;
                }
            };
            tokio::select! {
                _ = interrupt.recv() => tracing::info!("Ctrl-C received, shutting down"),
                _ = terminate.recv() => tracing::info!("SIGTERM received, shutting down"),
            }
        }
    }
    #[cfg(not(unix))]
    async {
        if tokio::signal::ctrl_c().await.is_ok() {
            tracing::info!("Ctrl-C received, shutting down");
        } else {
            std::future::pending::<()>().await;
        }
    }
}
