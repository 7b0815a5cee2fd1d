//! The HTTP server: the GraphQL endpoint, the GraphiQL playground, graph exports and the health check.

use std::future::Future;
use std::sync::Arc;

use async_graphql_axum::{GraphQLRequest, GraphQLResponse};
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use tokio::net::TcpListener;
use tower_http::trace::TraceLayer;

use crate::Dataset;
use crate::api::{self, RegioSchema};
use crate::export::{self, ExportError, Format, Selection};

/// What every request handler shares: the schema and the loaded dataset.
#[derive(Clone)]
pub struct AppState {
    schema: RegioSchema,
    data: Arc<Dataset>,
}

impl AppState {
    /// Makes the state for a loaded dataset.
    pub fn new(data: Dataset) -> Self {
        AppState {
            schema: api::schema(),
            data: Arc::new(data),
        }
    }

    /// The dataset being served.
    pub fn data(&self) -> &Arc<Dataset> {
        &self.data
    }
}

/// The GraphiQL playground page, with an example query for the bundled data.
const GRAPHIQL_PAGE: &str = include_str!("graphiql.html");

/// Builds the router: `POST`/`GET /graphql`, the playground at `/`, `GET /export/{format}`
/// and `GET /health`.
pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/", get(playground))
        .route("/graphql", get(graphql).post(graphql))
        .route("/health", get(health))
        .route("/export/{format}", get(export_graph))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

async fn graphql(State(state): State<AppState>, request: GraphQLRequest) -> GraphQLResponse {
    let request = request.into_inner().data(state.data.clone());
    state.schema.execute(request).await.into()
}

/// The query parameters of `GET /export/{format}`, as in [`Selection`].
#[derive(Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ExportParams {
    center: Option<String>,
    depth: Option<usize>,
    relation_types: Option<String>,
    kinds: Option<String>,
    as_of: Option<String>,
    since: Option<String>,
    until: Option<String>,
}

/// Exports the graph or a neighbourhood: 400 for bad parameters, 404 for an unknown centre.
async fn export_graph(
    State(state): State<AppState>,
    Path(format): Path<String>,
    params: Result<Query<ExportParams>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let format: Format = match format.parse() {
        Ok(format) => format,
        Err(error) => return (StatusCode::BAD_REQUEST, format!("{error}\n")).into_response(),
    };
    let params = match params {
        Ok(Query(params)) => params,
        Err(rejection) => {
            return (
                StatusCode::BAD_REQUEST,
                format!("{}\n", rejection.body_text()),
            )
                .into_response();
        }
    };
    let selection = Selection {
        center: params.center,
        depth: params.depth,
        relation_types: params.relation_types,
        kinds: params.kinds,
        as_of: params.as_of,
        since: params.since,
        until: params.until,
    };
    let data = &state.data;
    let result = selection
        .subgraph(&data.graph)
        .and_then(|subgraph| export::to_bytes(format, &data.graph, &data.metrics, &subgraph));
    match result {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, format.media_type().to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{}\"", format.file_name()),
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(error @ (ExportError::BadParameter { .. } | ExportError::UnknownFormat(_))) => {
            (StatusCode::BAD_REQUEST, format!("{error}\n")).into_response()
        }
        Err(error @ ExportError::UnknownCenter(_)) => {
            (StatusCode::NOT_FOUND, format!("{error}\n")).into_response()
        }
        Err(error) => {
            tracing::error!(%error, "export failed");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal error; it has been logged\n",
            )
                .into_response()
        }
    }
}

async fn playground() -> impl IntoResponse {
    Html(GRAPHIQL_PAGE)
}

async fn health(State(state): State<AppState>) -> impl IntoResponse {
    Json(serde_json::json!({
        "status": "ok",
        "entities": state.data.graph.entity_count(),
        "relations": state.data.graph.relation_count(),
    }))
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
