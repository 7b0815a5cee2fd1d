//! The front-end served from the binary: the GraphiQL playground on `/`, the network
//! explorer on `/explore`, and their bundled scripts, styles and fonts under `/assets/`.
//!
//! `build.rs` bundles `web/` with esbuild and generates the asset table included here, so
//! nothing is fetched from another origin at run time; every page carries a
//! Content-Security-Policy that allows only this origin. When the front-end could not be
//! built (no Node.js, or `REGIOGRAPH_SKIP_WEB`), the table is empty, [`missing`] says why,
//! and the pages answer 503 with a short explanation while `/graphql` works as usual.

use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// One embedded file of the front-end bundle.
pub struct Asset {
    /// The URL path it is served at (`/`, `/explore`, `/assets/explore-HASH.js`).
    pub path: &'static str,
    /// Its `Content-Type`.
    pub content_type: &'static str,
    /// Its bytes.
    pub body: &'static [u8],
}

mod generated {
    use super::Asset;
    include!(concat!(env!("OUT_DIR"), "/assets.rs"));
}

/// The Content-Security-Policy of every page: scripts, styles, fonts and requests from this
/// origin only (inline styles are allowed for GraphiQL and the graph library; images may be
/// `data:` or `blob:` URLs made by the page, for exports).
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; \
     connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
     frame-ancestors 'none'";

/// Why the front-end is missing from this binary, or `None` when it is built in.
pub fn missing() -> Option<&'static str> {
    generated::WEB_MISSING
}

/// Every embedded file.
pub fn assets() -> &'static [Asset] {
    generated::ASSETS
}

/// The embedded file at a URL path.
pub fn asset(path: &str) -> Option<&'static Asset> {
    generated::ASSETS.iter().find(|asset| asset.path == path)
}

/// Logs, at start-up, that the front-end is missing and what to do about it.
pub fn warn_if_missing() {
    if let Some(reason) = missing() {
        tracing::warn!(
            "front-end not built: {reason}; the playground (/) and the explorer (/explore) show \
             an explanation instead, /graphql works; install Node.js 20 or newer with npm and \
             rebuild"
        );
    }
}

/// `GET /`: the GraphiQL playground.
pub async fn playground() -> Response {
    page("/", "playground")
}

/// `GET /explore`: the network explorer (its views are in the query string).
pub async fn explore() -> Response {
    page("/explore", "explorer")
}

/// `GET /assets/{*file}`: a bundled script, style sheet or font. Names carry a content hash,
/// so they may be cached for good.
pub async fn bundled(Path(file): Path<String>) -> Response {
    match asset(&format!("/assets/{file}")) {
        Some(asset) => with_headers(
            (StatusCode::OK, asset.body).into_response(),
            asset.content_type,
            "public, max-age=31536000, immutable",
        ),
        None => (StatusCode::NOT_FOUND, "no such asset\n").into_response(),
    }
}

fn page(path: &str, what: &str) -> Response {
    match asset(path) {
        Some(asset) => with_headers(
            (StatusCode::OK, asset.body).into_response(),
            asset.content_type,
            "no-cache",
        ),
        None => {
            let reason = missing().unwrap_or("the page is missing from the build");
            let html = format!(
                "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
                 <title>regiograph: the {what} is not built</title></head><body>\
                 <h1>The {what} is not built into this binary</h1>\
                 <p>Reason: {}.</p>\
                 <p>Install Node.js 20 or newer with npm and rebuild (<code>cargo run --release \
                 -- serve</code>); the build runs <code>npm ci</code> in <code>web/</code> and \
                 bundles the pages.</p>\
                 <p>GraphQL works without it: <code>POST /graphql</code> or \
                 <code>GET /graphql?query=...</code>.</p></body></html>\n",
                escape(reason)
            );
            with_headers(
                (StatusCode::SERVICE_UNAVAILABLE, html).into_response(),
                "text/html; charset=utf-8",
                "no-cache",
            )
        }
    }
}

fn with_headers(
    mut response: Response,
    content_type: &'static str,
    cache: &'static str,
) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

/// Escapes text for HTML.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_neutralises_markup() {
        assert_eq!(escape("<b>&"), "&lt;b&gt;&amp;");
    }

    #[test]
    fn the_table_is_consistent() {
        // Either the front-end is built in (both pages present) or the reason is given.
        let pages = asset("/").is_some() && asset("/explore").is_some();
        assert!(pages || missing().is_some());
        for asset in assets() {
            assert!(asset.path.starts_with('/'), "{}", asset.path);
            assert!(!asset.content_type.is_empty());
        }
    }
}
