//! `GET /export/{format}`: the graph or a neighbourhood as a file, and how export errors
//! become HTTP answers.

use axum::Extension;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::Pinned;
use crate::export::{self, ExportError, Format, Selection};

/// A user's mistake is answered with what is wrong (400, or 404 for an unknown centre); a
/// failure of ours is logged and answered with a generic 500.
impl IntoResponse for ExportError {
    fn into_response(self) -> Response {
        match self {
            ExportError::BadParameter { .. } | ExportError::UnknownFormat(_) => {
                (StatusCode::BAD_REQUEST, format!("{self}\n")).into_response()
            }
            ExportError::UnknownCenter(_) => {
                (StatusCode::NOT_FOUND, format!("{self}\n")).into_response()
            }
            ExportError::Io(_) | ExportError::Csv(_) | ExportError::Json(_) => {
                tracing::error!(error = %self, "export failed");
                internal_error()
            }
        }
    }
}

/// The answer to a failure the caller cannot mend: its cause is logged, not shown.
pub(super) fn internal_error() -> Response {
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal error; it has been logged\n",
    )
        .into_response()
}

/// A file to download: its media type, its name and its bytes.
pub(super) fn attachment(media_type: &str, file_name: &str, bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, media_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file_name}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// Exports the graph or a neighbourhood: 400 for bad parameters, 404 for an unknown centre.
pub(super) async fn export_graph(
    Extension(Pinned(data)): Extension<Pinned>,
    Path(format): Path<String>,
    selection: Result<Query<Selection>, QueryRejection>,
) -> Response {
    let format: Format = match format.parse() {
        Ok(format) => format,
        Err(error) => return ExportError::into_response(error),
    };
    let selection = match selection {
        Ok(Query(selection)) => selection,
        Err(rejection) => {
            return (
                StatusCode::BAD_REQUEST,
                format!("{}\n", rejection.body_text()),
            )
                .into_response();
        }
    };
    // Serialising a large graph is CPU work: it shares the per-core limit with searches.
    let result = crate::cpu::run(move || {
        selection
            .subgraph(&data.graph)
            .and_then(|subgraph| export::to_bytes(format, &data.graph, &data.metrics, &subgraph))
    })
    .await;
    match result {
        Ok(Ok(bytes)) => attachment(format.media_type(), format.file_name(), bytes),
        Ok(Err(error)) => error.into_response(),
        Err(error) => {
            tracing::error!(%error, "export task failed");
            internal_error()
        }
    }
}
