//! GraphQL over HTTP, as the GraphQL-over-HTTP specification asks: `POST` with JSON,
//! `GET` for queries, the response media type negotiated from `Accept`, and status codes that
//! say whether the request itself was wrong.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::parser::types::OperationType;
use axum::Extension;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use super::response_cache::AnswerKey;
use super::{AppState, Pinned};
use crate::Dataset;
use crate::api;

/// The two media types a GraphQL response can be sent as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Media {
    /// `application/graphql-response+json`: status codes follow the outcome.
    GraphQLResponse,
    /// `application/json`: the legacy type; GraphQL outcomes are answered with 200.
    Json,
}

impl Media {
    fn content_type(self) -> &'static str {
        match self {
            Media::GraphQLResponse => "application/graphql-response+json; charset=utf-8",
            Media::Json => "application/json; charset=utf-8",
        }
    }
}

/// Picks the response media type from an `Accept` header, or `None` when neither is acceptable.
///
/// No `Accept` header, `*/*` and `application/*` mean `application/json`, as the
/// specification recommends for clients that predate the newer type.
pub fn negotiate(accept: Option<&str>) -> Option<Media> {
    let Some(accept) = accept.filter(|a| !a.trim().is_empty()) else {
        return Some(Media::Json);
    };
    let mut best: Option<(f32, u8, Media)> = None;
    for range in accept.split(',') {
        let mut parts = range.split(';');
        let media_type = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
        let mut quality = 1.0f32;
        let mut charset_ok = true;
        for parameter in parts {
            let (name, value) = parameter.split_once('=').unwrap_or((parameter, ""));
            let value = value.trim().trim_matches('"').to_ascii_lowercase();
            match name.trim().to_ascii_lowercase().as_str() {
                "q" => quality = value.parse().unwrap_or(0.0),
                "charset" => charset_ok = value == "utf-8",
                _ => {}
            }
        }
        // The second number ranks how exactly the range names the type.
        let candidate = match media_type.as_str() {
            "application/graphql-response+json" => (3, Media::GraphQLResponse),
            "application/json" => (2, Media::Json),
            "application/*" | "*/*" => (1, Media::Json),
            _ => continue,
        };
        if quality <= 0.0 || !charset_ok {
            continue;
        }
        if best.is_none_or(|(q, rank, _)| quality > q || (quality == q && candidate.0 > rank)) {
            best = Some((quality, candidate.0, candidate.1));
        }
    }
    best.map(|(_, _, media)| media)
}

/// A refusal before any GraphQL work, with a JSON error body.
fn refuse(status: StatusCode, media: Media, message: impl Into<String>) -> Response {
    let body = json!({ "errors": [{ "message": message.into() }] });
    let mut response = (status, body.to_string()).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(media.content_type()),
    );
    response
}

/// Whether a `Content-Type` header names JSON in UTF-8.
fn is_json(content_type: &str) -> bool {
    let mut parts = content_type.split(';');
    let media_type = parts.next().unwrap_or_default().trim();
    media_type.eq_ignore_ascii_case("application/json")
        && parts.all(|p| match p.split_once('=') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("charset") => {
                value.trim().trim_matches('"').eq_ignore_ascii_case("utf-8")
            }
            _ => true,
        })
}

/// The parameters of a GraphQL request, from a JSON body or a query string.
struct Params {
    query: Option<String>,
    variables: Option<Value>,
    operation_name: Option<String>,
    extensions: Option<Map<String, Value>>,
}

/// Reads the parameters from a JSON object, checking their types.
fn params(object: Map<String, Value>) -> Result<Params, String> {
    let mut params = Params {
        query: None,
        variables: None,
        operation_name: None,
        extensions: None,
    };
    for (key, value) in object {
        match (key.as_str(), value) {
            (_, Value::Null) => {}
            ("query", Value::String(query)) => params.query = Some(query),
            ("query", _) => return Err("`query` must be a string".into()),
            ("variables", Value::Object(variables)) => {
                params.variables = Some(Value::Object(variables))
            }
            ("variables", _) => return Err("`variables` must be an object".into()),
            ("operationName", Value::String(name)) => params.operation_name = Some(name),
            ("operationName", _) => return Err("`operationName` must be a string".into()),
            ("extensions", Value::Object(extensions)) => params.extensions = Some(extensions),
            ("extensions", _) => return Err("`extensions` must be an object".into()),
            _ => {}
        }
    }
    let persisted = params
        .extensions
        .as_ref()
        .is_some_and(|e| e.contains_key("persistedQuery"));
    if params.query.is_none() && !persisted {
        return Err("the request has no `query`".into());
    }
    Ok(params)
}

/// `POST /graphql`.
pub async fn post(
    State(state): State<AppState>,
    Extension(Pinned(data)): Extension<Pinned>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some(media) = negotiate(headers.get(header::ACCEPT).and_then(|v| v.to_str().ok())) else {
        return refuse(
            StatusCode::NOT_ACCEPTABLE,
            Media::Json,
            "accept application/graphql-response+json or application/json",
        );
    };
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if !is_json(content_type) {
        return refuse(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            media,
            "send the request as application/json (UTF-8)",
        );
    }
    let object = match serde_json::from_slice::<Value>(&body) {
        Ok(Value::Object(object)) => object,
        Ok(Value::Array(_)) => {
            return refuse(
                StatusCode::BAD_REQUEST,
                media,
                "batched requests are not supported: send one operation per request",
            );
        }
        Ok(_) => {
            return refuse(
                StatusCode::BAD_REQUEST,
                media,
                "the body must be a JSON object",
            );
        }
        Err(error) => {
            return refuse(
                StatusCode::BAD_REQUEST,
                media,
                format!("the body is not valid JSON: {error}"),
            );
        }
    };
    match params(object) {
        Ok(params) => execute(&state, data, params, media, None).await,
        Err(message) => refuse(StatusCode::BAD_REQUEST, media, message),
    }
}

/// `GET /graphql?query=...`: queries only, cacheable with an ETag.
pub async fn get(
    State(state): State<AppState>,
    Extension(Pinned(data)): Extension<Pinned>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    let Some(media) = negotiate(headers.get(header::ACCEPT).and_then(|v| v.to_str().ok())) else {
        return refuse(
            StatusCode::NOT_ACCEPTABLE,
            Media::Json,
            "accept application/graphql-response+json or application/json",
        );
    };
    // A GET carries no body; a body type other than JSON is a form post in disguise.
    if let Some(content_type) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        && !is_json(content_type)
    {
        return refuse(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            media,
            "a GET request carries no body; leave out Content-Type",
        );
    }
    let pairs: HashMap<String, String> =
        match serde_urlencoded::from_str(raw.as_deref().unwrap_or_default()) {
            Ok(pairs) => pairs,
            Err(error) => {
                return refuse(
                    StatusCode::BAD_REQUEST,
                    media,
                    format!("the query string cannot be read: {error}"),
                );
            }
        };
    let mut object = Map::new();
    for (key, value) in pairs {
        let value = match key.as_str() {
            "variables" | "extensions" => match serde_json::from_str::<Value>(&value) {
                Ok(value) => value,
                Err(error) => {
                    return refuse(
                        StatusCode::BAD_REQUEST,
                        media,
                        format!("`{key}` is not valid JSON: {error}"),
                    );
                }
            },
            _ => Value::String(value),
        };
        object.insert(key, value);
    }
    let params = match params(object) {
        Ok(params) => params,
        Err(message) => return refuse(StatusCode::BAD_REQUEST, media, message),
    };
    if let Some(query) = &params.query
        && let Ok(document) = async_graphql::parser::parse_query(query)
    {
        let is_mutation = document.operations.iter().any(|(name, operation)| {
            operation.node.ty != OperationType::Query
                && params
                    .operation_name
                    .as_deref()
                    .is_none_or(|wanted| name.is_some_and(|n| n.as_str() == wanted))
        });
        if is_mutation {
            let mut response = refuse(
                StatusCode::METHOD_NOT_ALLOWED,
                media,
                "only queries may be sent with GET; use POST",
            );
            response
                .headers_mut()
                .insert(header::ALLOW, HeaderValue::from_static("POST"));
            return response;
        }
    }
    let etag = format!("\"{}\"", data.version);
    let matches = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|tags| {
            tags.split(',')
                .any(|t| t.trim() == "*" || t.trim().trim_start_matches("W/") == etag)
        });
    if matches {
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        if let Ok(value) = HeaderValue::from_str(&etag) {
            response.headers_mut().insert(header::ETAG, value);
        }
        return response;
    }
    execute(&state, data, params, media, Some(etag)).await
}

async fn execute(
    state: &AppState,
    data: Arc<Dataset>,
    mut params: Params,
    media: Media,
    etag: Option<String>,
) -> Response {
    let query = state
        .persisted()
        .resolve(params.query.take(), params.extensions.as_mut());
    // A repeated request on the same data is answered from the response cache.
    let answer_key = match &query {
        Ok(text) if state.answers().is_on() => Some(AnswerKey {
            version: data.version.clone(),
            query: text.clone(),
            operation: params.operation_name.clone(),
            variables: params
                .variables
                .as_ref()
                .map(Value::to_string)
                .unwrap_or_default(),
        }),
        _ => None,
    };
    if let Some(key) = &answer_key {
        let cached = state.answers().get(key);
        state.metrics().answer_cache(cached.is_some());
        if let Some(body) = cached {
            state
                .metrics()
                .operation(params.operation_name.as_deref(), "ok");
            return answer(StatusCode::OK, body, media, etag);
        }
    }
    let mut request = async_graphql::Request::new(query.as_deref().unwrap_or_default());
    if let Some(variables) = params.variables {
        request = request.variables(async_graphql::Variables::from_json(variables));
    }
    if let Some(name) = &params.operation_name {
        request = request.operation_name(name.clone());
    }
    if let Some(extensions) = params.extensions {
        for (key, value) in extensions {
            if let Ok(value) = async_graphql::Value::from_json(value) {
                request.extensions.insert(key, value);
            }
        }
    }
    let response = match query {
        Ok(_) => match state.executor().execute(request, data).await {
            api::Answer::Executed(response) => response,
            api::Answer::Written(body) => {
                // Written straight from the graph: an answer without errors.
                let metrics = state.metrics();
                metrics.operation(params.operation_name.as_deref(), "ok");
                metrics.direct_answer();
                let body = Bytes::from(body);
                if let Some(key) = answer_key {
                    let (entries, bytes) = state.answers().put(key, body.clone());
                    metrics.answer_cache_size(entries, bytes);
                }
                return answer(StatusCode::OK, body, media, etag);
            }
        },
        Err(message) => {
            async_graphql::Response::from_errors(vec![async_graphql::ServerError::new(
                message, None,
            )])
        }
    };
    // Parse and validation failures have no data and no error path: the request itself was wrong.
    let request_error = response.data == async_graphql::Value::Null
        && !response.errors.is_empty()
        && response.errors.iter().all(|e| e.path.is_empty());
    let outcome = match (request_error, response.errors.is_empty()) {
        (true, _) => "request_error",
        (false, true) => "ok",
        (false, false) => "field_errors",
    };
    state
        .metrics()
        .operation(params.operation_name.as_deref(), outcome);
    if response.errors.iter().any(|e| {
        e.extensions
            .as_ref()
            .and_then(|x| x.get("code"))
            .is_some_and(|c| *c == async_graphql::Value::from("QUERY_TOO_LARGE"))
    }) {
        state.metrics().rejected("query_too_large");
    }
    let internal = || json!({ "errors": [{ "message": "internal error" }] }).to_string();
    let (status, body) = if request_error && media == Media::GraphQLResponse {
        // A request error goes out without `data`, as the media type asks.
        let mut body = serde_json::to_value(&response).unwrap_or_else(|_| json!({}));
        if let Value::Object(map) = &mut body {
            map.remove("data");
        }
        (StatusCode::BAD_REQUEST, body.to_string())
    } else {
        // Written straight to text: no intermediate JSON tree.
        let body = serde_json::to_string(&response).unwrap_or_else(|_| internal());
        (StatusCode::OK, body)
    };
    let body = Bytes::from(body);
    if let Some(key) = answer_key
        && response.errors.is_empty()
        && status == StatusCode::OK
    {
        let (entries, bytes) = state.answers().put(key, body.clone());
        state.metrics().answer_cache_size(entries, bytes);
    }
    answer(status, body, media, etag)
}

/// An answer with its media type, and its ETag when it has one and succeeded.
fn answer(status: StatusCode, body: Bytes, media: Media, etag: Option<String>) -> Response {
    let mut http = (status, body).into_response();
    let headers = http.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(media.content_type()),
    );
    if let Some(etag) = etag.and_then(|e| HeaderValue::from_str(&e).ok())
        && status == StatusCode::OK
    {
        headers.insert(header::ETAG, etag);
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    }
    http
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_headers_pick_the_media_type() {
        assert_eq!(negotiate(None), Some(Media::Json));
        assert_eq!(negotiate(Some("*/*")), Some(Media::Json));
        assert_eq!(
            negotiate(Some("application/graphql-response+json")),
            Some(Media::GraphQLResponse)
        );
        assert_eq!(
            negotiate(Some(
                "application/json;q=0.9, application/graphql-response+json"
            )),
            Some(Media::GraphQLResponse)
        );
        assert_eq!(
            negotiate(Some(
                "application/graphql-response+json;q=0.5, application/json"
            )),
            Some(Media::Json)
        );
        assert_eq!(negotiate(Some("text/html")), None);
        assert_eq!(
            negotiate(Some("application/json; charset=iso-8859-1")),
            None
        );
    }

    #[test]
    fn only_utf8_json_is_json() {
        assert!(is_json("application/json"));
        assert!(is_json("application/json; charset=utf-8"));
        assert!(!is_json("application/json; charset=latin1"));
        assert!(!is_json("text/plain"));
        assert!(!is_json("application/x-www-form-urlencoded"));
    }
}
