//! The HTTP server: GraphQL over HTTP, the playground, health, readiness, metrics, reload,
//! and the limits that keep it standing.

pub mod config;
mod graphql;
mod metrics;
mod reload;

use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use arc_swap::ArcSwap;
use axum::error_handling::HandleErrorLayer;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{BoxError, Json, Router};
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

use crate::Dataset;
use crate::api::{self, RegioSchema};

/// What every request handler shares: the schema, the dataset being served (swapped
/// atomically on reload), the settings and the metrics.
#[derive(Clone)]
pub struct AppState {
    shared: Arc<Shared>,
}

struct Shared {
    schema: RegioSchema,
    current: ArcSwap<Dataset>,
    config: ServerConfig,
    metrics: Metrics,
    data_dir: Option<PathBuf>,
    reloading: tokio::sync::Mutex<()>,
}

impl AppState {
    /// Serves a dataset with the default settings and no reload.
    pub fn new(data: Dataset) -> Self {
        Self::with_config(data, ServerConfig::default(), None)
    }

    /// Serves a dataset with these settings; `data_dir` is where reloads read from.
    pub fn with_config(data: Dataset, config: ServerConfig, data_dir: Option<PathBuf>) -> Self {
        let metrics = Metrics::new();
        metrics.dataset(&data);
        let schema = api::schema_with(api::SchemaOptions {
            introspection: config.introspection,
        });
        AppState {
            shared: Arc::new(Shared {
                schema,
                current: ArcSwap::from_pointee(data),
                config,
                metrics,
                data_dir,
                reloading: tokio::sync::Mutex::new(()),
            }),
        }
    }

    /// The dataset being served now.
    pub fn data(&self) -> Arc<Dataset> {
        self.shared.current.load_full()
    }

    /// The settings.
    pub fn config(&self) -> &ServerConfig {
        &self.shared.config
    }

    fn schema(&self) -> &RegioSchema {
        &self.shared.schema
    }

    fn metrics(&self) -> &Metrics {
        &self.shared.metrics
    }
}

/// The GraphiQL playground page, with an example query for the bundled data.
const GRAPHIQL_PAGE: &str = include_str!("graphiql.html");

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

/// Builds the router: GraphQL on `/graphql` (POST and GET), the playground on `/`,
/// `/health`, `/ready`, `/metrics` and, with an admin token, `POST /admin/reload`.
pub fn app(state: AppState) -> Router {
    let config = state.config().clone();
    // Only GraphQL work is shed and timed out; health and metrics must answer under load.
    let graphql = Router::new()
        .route("/graphql", get(graphql::get).post(graphql::post))
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
        .route("/", get(playground))
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

fn cors(config: &ServerConfig) -> CorsLayer {
    let origins = if config.cors_origins.iter().any(|o| o == "*") {
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
        return CorsLayer::new();
    }
    CorsLayer::new()
        .allow_origin(origins)
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([header::CONTENT_TYPE, header::ACCEPT, header::IF_NONE_MATCH])
        .expose_headers([
            header::ETAG,
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

/// Records every request's route, status and latency.
async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", |p| p.as_str())
        .to_owned();
    let method = request.method().to_string();
    let response = next.run(request).await;
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

async fn playground() -> impl IntoResponse {
    Html(GRAPHIQL_PAGE)
}

async fn health() -> impl IntoResponse {
    Json(serde_json::json!({ "status": "ok" }))
}

async fn ready(State(state): State<AppState>) -> impl IntoResponse {
    let data = state.data();
    Json(serde_json::json!({
        "status": "ready",
        "version": data.version,
        "entities": data.graph.entity_count(),
        "relations": data.graph.relation_count(),
    }))
}

async fn metrics_text(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        state.metrics().encode(),
    )
}

/// Serves the app on a bound listener until `shutdown` completes, then finishes the
/// requests in flight.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown)
        .await
}

/// Completes on Ctrl-C or, on Unix, SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => tracing::info!("Ctrl-C received, shutting down"),
        () = terminate => tracing::info!("SIGTERM received, shutting down"),
    }
}
