//! Reloading the data without losing what is served: the new dataset is built beside the old
//! one and swapped in atomically; invalid data leaves the old one serving.

use std::future::Future;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::AppState;
use crate::DatasetError;

/// Why a reload did not happen.
#[derive(Debug, thiserror::Error)]
pub enum ReloadError {
    /// The server was started without a data directory or snapshot to reload from.
    #[error("this server has no data directory or snapshot to reload from")]
    NoDataDirectory,
    /// The new data is invalid; the old data keeps serving.
    #[error("the new data was refused; the previous data keeps serving:\n{0}")]
    Invalid(#[from] DatasetError),
    /// The loading task failed; the old data keeps serving.
    #[error("the reload task failed")]
    Task,
}

/// What a successful reload swapped in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reloaded {
    /// The version before the reload.
    pub previous_version: String,
    /// The version now served.
    pub version: String,
    /// Entities now served.
    pub entities: usize,
    /// Relations now served.
    pub relations: usize,
}

impl AppState {
    /// Reads the data directories (or the snapshot) again and swaps the new dataset in;
    /// requests in flight finish on the dataset they started with. One reload runs at a time.
    pub async fn reload(&self) -> Result<Reloaded, ReloadError> {
        let _one_at_a_time = self.shared.reloading.lock().await;
        let source = self.shared.source.clone();
        if source.is_empty() {
            return Err(ReloadError::NoDataDirectory);
        }
        let started = std::time::Instant::now();
        let loaded =
            tokio::task::spawn_blocking(move || source.load(&crate::progress::Silent)).await;
        let result = match loaded {
            Ok(Ok((data, timings))) => {
                let previous = self.data();
                let reloaded = Reloaded {
                    previous_version: previous.version.clone(),
                    version: data.version.clone(),
                    entities: data.graph.entity_count(),
                    relations: data.graph.relation_count(),
                };
                self.shared.metrics.dataset(&data);
                self.shared.current.store(std::sync::Arc::new(data));
                self.shared.answers.clear();
                self.shared.metrics.answer_cache_size(0, 0);
                tracing::info!(
                    version = %reloaded.version,
                    previous = %reloaded.previous_version,
                    entities = reloaded.entities,
                    relations = reloaded.relations,
                    load_ms = timings.load.as_millis() as u64,
                    search_index_ms = timings.search_index.as_millis() as u64,
                    metrics_ms = timings.metrics.as_millis() as u64,
                    elapsed_ms = started.elapsed().as_millis() as u64,
                    "data reloaded"
                );
                Ok(reloaded)
            }
            Ok(Err(error)) => Err(ReloadError::Invalid(error)),
            Err(_) => Err(ReloadError::Task),
        };
        if let Err(error) = &result {
            tracing::error!("reload refused: {error}");
        }
        self.shared.metrics.reload(result.is_ok());
        result
    }
}

/// Reloads on every SIGHUP until the process ends.
///
/// The handler is installed when this function is called, so a SIGHUP that arrives before
/// the returned future first runs reloads instead of ending the process.
pub fn reload_on_sighup(state: AppState) -> impl Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    {
        let hangups = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup());
        async move {
            let mut hangups = match hangups {
                Ok(signal) => signal,
                Err(error) => {
                    tracing::error!(%error, "cannot listen for SIGHUP; reload by signal is off");
                    return;
                }
            };
            while hangups.recv().await.is_some() {
                tracing::info!("SIGHUP received, reloading the data");
                // The outcome is logged by `reload`.
                let _ = state.reload().await;
            }
        }
    }
    #[cfg(not(unix))]
    async move {
        let _ = state;
    }
}

/// Compares two byte strings in time that does not depend on where they differ.
fn same_secret(given: &[u8], expected: &[u8]) -> bool {
    given.len() == expected.len()
        && given
            .iter()
            .zip(expected)
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

/// `POST /admin/reload`, with `Authorization: Bearer <token>`.
pub async fn admin_reload(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(expected) = state.shared.config.admin_token.as_deref() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    if !same_secret(given.as_bytes(), expected.as_bytes()) {
        state.shared.metrics.rejected("unauthorized");
        let mut response = (
            StatusCode::UNAUTHORIZED,
            Json(json!({ "error": "a valid bearer token is required" })),
        )
            .into_response();
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            header::HeaderValue::from_static("Bearer"),
        );
        return response;
    }
    match state.reload().await {
        Ok(reloaded) => Json(json!({
            "status": "reloaded",
            "previousVersion": reloaded.previous_version,
            "version": reloaded.version,
            "entities": reloaded.entities,
            "relations": reloaded.relations,
        }))
        .into_response(),
        Err(ReloadError::Invalid(error)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(json!({ "status": "refused", "version": state.data().version, "problems": error.to_string() })),
        )
            .into_response(),
        Err(error) => (StatusCode::SERVICE_UNAVAILABLE, Json(json!({ "status": "failed", "error": error.to_string() }))).into_response(),
    }
}
