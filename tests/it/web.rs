//! The pages served from the binary, through the real router: the playground and the
//! explorer answer HTML with a same-origin-only Content-Security-Policy, reference only
//! their own bundled assets (no CDN, no other origin), the assets answer with the right
//! types and caching, and the playground's example queries run on the bundled data.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use regiograph::server::app;
use regiograph::server::web;
use serde_json::Value;
use tower::ServiceExt;

/// A GET through the real router: status, headers and body.
async fn get(path: &str) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let request = Request::get(path).body(Body::empty()).expect("a request");
    let response = app(super::state())
        .oneshot(request)
        .await
        .expect("the router never fails");
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .expect("a body")
        .to_bytes()
        .to_vec();
    (status, headers, body)
}

fn header_value(headers: &axum::http::HeaderMap, name: header::HeaderName) -> &str {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

/// The values of `src="..."` and `href="..."` in a page.
fn references(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attribute in ["src=\"", "href=\""] {
        let mut rest = html;
        while let Some(at) = rest.find(attribute) {
            rest = &rest[at + attribute.len()..];
            if let Some(end) = rest.find('"') {
                found.push(rest[..end].to_owned());
                rest = &rest[end..];
            }
        }
    }
    found
}

#[tokio::test]
async fn the_pages_are_built_in_and_load_nothing_from_elsewhere() {
    assert_eq!(
        web::missing(),
        None,
        "the front-end must be built for the tests (install Node.js 20 with npm)"
    );
    for path in ["/", "/explore", "/explore?entity=region:cantabria&depth=2"] {
        let (status, headers, body) = get(path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(
            header_value(&headers, header::CONTENT_TYPE),
            "text/html; charset=utf-8"
        );
        let csp = header_value(&headers, header::CONTENT_SECURITY_POLICY);
        assert!(csp.contains("default-src 'self'"), "{path}: {csp}");
        assert!(csp.contains("script-src 'self';"), "{path}: {csp}");
        assert!(csp.contains("connect-src 'self'"), "{path}: {csp}");
        let html = String::from_utf8(body).expect("UTF-8");
        assert!(
            !html.contains("http://") && !html.contains("https://"),
            "{path} names another origin"
        );
        let references = references(&html);
        assert!(references.len() >= 2, "{path}: {references:?}");
        for reference in references.iter().filter(|r| r.starts_with("/assets/")) {
            let (status, headers, body) = get(reference).await;
            assert_eq!(status, StatusCode::OK, "{reference}");
            assert!(!body.is_empty(), "{reference}");
            let expected = if reference.ends_with(".js") {
                "text/javascript; charset=utf-8"
            } else {
                "text/css; charset=utf-8"
            };
            assert_eq!(header_value(&headers, header::CONTENT_TYPE), expected);
            assert!(header_value(&headers, header::CACHE_CONTROL).contains("immutable"));
        }
        for reference in &references {
            assert!(
                reference.starts_with('/') || reference.starts_with('#'),
                "{path}: {reference} is not on this origin"
            );
        }
    }
    let (status, _, _) = get("/assets/no-such-file.js").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _) = get("/assets/../Cargo.toml").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_playground_example_queries_run_on_the_bundled_data() {
    let (_, _, body) = get("/").await;
    let html = String::from_utf8(body).expect("UTF-8");
    let start = html
        .find(r#"<script type="application/json" id="examples">"#)
        .expect("the examples block");
    let rest = &html[start..];
    let json = &rest[rest.find('>').map_or(0, |i| i + 1)..rest.find("</script>").unwrap_or(0)];
    let tabs: Vec<Value> = serde_json::from_str(json).expect("the examples are JSON");
    assert!(
        tabs.len() >= 6,
        "a welcome tab and the README's five questions"
    );
    for tab in tabs {
        let query = tab["query"].as_str().expect("a query");
        let data = super::data(query).await;
        assert!(
            data.as_object()
                .is_some_and(|fields| fields.values().all(|v| !v.is_null())),
            "an example answered null:\n{query}"
        );
    }
}
