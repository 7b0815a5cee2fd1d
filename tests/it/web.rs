//! The pages served from the binary, through the real router: the playground and the
//! explorer answer HTML with a same-origin-only Content-Security-Policy, reference only
//! their own bundled assets (no CDN, no other origin), the assets answer with the right
//! types and caching, and the playground's example queries run on the bundled data. The
//! explorer's copies of the schema's enums (web/src/explore/vocabulary.js) are the schema's,
//! and the front-end code passes ESLint and Prettier (web/eslint.config.js, web/.prettierrc).

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

/// The values of `enum NAME` in schema.graphql, in order (descriptions and directives left out).
fn schema_enum(schema: &str, name: &str) -> Vec<String> {
    let mut values = Vec::new();
    let mut lines = schema
        .lines()
        .skip_while(|line| line.trim() != format!("enum {name} {{"));
    assert!(lines.next().is_some(), "schema.graphql has no enum {name}");
    let mut in_description = false;
    for line in lines {
        let line = line.trim();
        if line == "}" && !in_description {
            break;
        }
        if in_description && line.ends_with("\"\"\"") {
            in_description = false;
            continue;
        }
        if let Some(rest) = line.strip_prefix("\"\"\"") {
            // A description on one line opens and closes; otherwise it opens.
            in_description = rest.is_empty() || !rest.ends_with("\"\"\"");
            continue;
        }
        if in_description || line.is_empty() {
            continue;
        }
        let value = line.split_whitespace().next().unwrap_or_default();
        values.push(value.to_owned());
    }
    assert!(!values.is_empty(), "enum {name} has no values");
    values
}

/// The explorer's copies of the schema's enums, as web/src/explore/vocabulary.js exports
/// them when Node imports it: `kinds` (the keys of `KINDS`), `relationTypes`, `regionScales`.
fn explorer_vocabulary() -> Value {
    let script = "const v = await import('./web/src/explore/vocabulary.js'); \
        console.log(JSON.stringify({ kinds: Object.keys(v.KINDS), \
        relationTypes: v.RELATION_TYPES, regionScales: v.REGION_SCALES }));";
    let output = std::process::Command::new("node")
        .args(["--input-type=module", "-e", script])
        .current_dir(super::root())
        .output()
        .expect("node runs (install Node.js 20 or newer)");
    assert!(
        output.status.success(),
        "node could not import vocabulary.js:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("vocabulary.js's lists as JSON")
}

#[test]
fn the_explorer_vocabulary_is_the_schema_enums() {
    let schema =
        std::fs::read_to_string(super::root().join("schema.graphql")).expect("schema.graphql");
    let vocabulary = explorer_vocabulary();
    for (list, enumeration) in [
        ("kinds", "EntityKind"),
        ("relationTypes", "RelationType"),
        ("regionScales", "RegionScale"),
    ] {
        let copied: Vec<String> =
            serde_json::from_value(vocabulary[list].clone()).expect("a list of names");
        assert_eq!(
            copied,
            schema_enum(&schema, enumeration),
            "vocabulary.js's {list} must list {enumeration}'s values in the schema's order"
        );
    }
}

#[test]
fn the_schema_enum_reader_reads_values_not_descriptions() {
    let schema = r#"enum Other {
	A
}
"""
Doc.
"""
enum Colour {
	"""
	Red, the
	first.
	"""
	RED
	"""Sea
	and sky."""
	BLUISH
	"""One line."""
	GREEN @deprecated(reason: "no")
	BLUE
}
"#;
    assert_eq!(
        schema_enum(schema, "Colour"),
        ["RED", "BLUISH", "GREEN", "BLUE"]
    );
    assert_eq!(schema_enum(schema, "Other"), ["A"]);
}

/// Runs one of the front-end tools web/package.json pins, from the repository's root.
fn front_end_tool(tool: &str, args: &[&str]) -> std::process::Output {
    let program = super::root().join("web/node_modules/.bin").join(tool);
    assert!(
        program.is_file(),
        "{} is missing: the build installs web/'s packages with `npm ci` (install Node.js 20 or newer)",
        program.display()
    );
    std::process::Command::new(program)
        .args(args)
        .current_dir(super::root())
        .output()
        .expect("the tool runs")
}

/// The front-end code that ESLint and Prettier keep clean.
const FRONT_END: [&str; 4] = [
    "web/src",
    "web/build.mjs",
    "web/eslint.config.js",
    "tests/*.mjs",
];

#[test]
fn the_front_end_code_passes_eslint() {
    assert_eq!(web::missing(), None, "the front-end must be built");
    let mut args = vec!["--config", "web/eslint.config.js", "--max-warnings", "0"];
    args.extend(FRONT_END);
    let output = front_end_tool("eslint", &args);
    assert!(
        output.status.success(),
        "ESLint found problems (fix them; `--fix` mends some):\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn the_front_end_code_is_formatted_by_prettier() {
    assert_eq!(web::missing(), None, "the front-end must be built");
    let mut args = vec!["--config", "web/.prettierrc", "--check"];
    args.extend(FRONT_END);
    let output = front_end_tool("prettier", &args);
    assert!(
        output.status.success(),
        "Prettier would reformat these (run it with --write instead of --check):\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
