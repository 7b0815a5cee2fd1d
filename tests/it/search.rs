//! Search: plain words, case- and accent-insensitive, ranked, filtered by kind, and safe
//! on any input.

use serde_json::json;

use super::{check, check_error, data};

/// The ids of the hits of a search, best first.
async fn hits(query: &str) -> Vec<String> {
    let found = data(&format!(
        r#"{{ search(query: {}, first: 100) {{ totalCount hits {{ score entity {{ id }} }} }} }}"#,
        serde_json::to_string(query).expect("a string")
    ))
    .await;
    let hits = found["search"]["hits"].as_array().expect("a list");
    assert_eq!(
        found["search"]["totalCount"].as_u64(),
        Some(hits.len() as u64)
    );
    hits.iter()
        .map(|h| h["entity"]["id"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// Checks that `query` finds `expected` as its best hit.
async fn check_top(query: &str, expected: &str) {
    let found = hits(query).await;
    assert_eq!(
        found.first().map(String::as_str),
        Some(expected),
        "search {query:?} gave {found:?}"
    );
}

#[tokio::test]
async fn accents_and_case_do_not_matter() {
    check_top("Juarez", "region:ciudad-juarez").await;
    check_top("ciudad juárez", "region:ciudad-juarez").await;
    check_top("nortenita", "institution:la-nortenita").await;
    check_top("NORTEÑITA", "institution:la-nortenita").await;
    check_top(
        "seinajoki",
        "institution:seinajoki-university-of-applied-sciences",
    )
    .await;
    check_top("cuauhtemoc", "region:cuauhtemoc").await;
    check_top(
        "marques de valdecilla",
        "institution:virtual-hospital-marques-de-valdecilla",
    )
    .await;
}

#[tokio::test]
async fn aliases_and_acronyms_are_found() {
    check_top("CIMAV", "institution:cimav").await;
    check_top("faciatec", "institution:faciatec").await;
    check_top("MI4", "institution:metaindustry4").await;
}

#[tokio::test]
async fn names_outrank_descriptions() {
    let found = hits("Juarez").await;
    let city = found.iter().position(|id| id == "region:ciudad-juarez");
    let day = found
        .iter()
        .position(|id| id == "event:cantabria-study-visit-chihuahua-2023-day-3");
    assert!(
        city < day && day.is_some(),
        "the city must outrank an event that only mentions it: {found:?}"
    );
}

#[tokio::test]
async fn kinds_filter_and_first_bound_the_hits() {
    let found = data(r#"{ search(query: "Juarez", kinds: [INSTITUTION], first: 2) { totalCount hits { entity { id kind } } } }"#).await;
    let search = &found["search"];
    assert_eq!(search["totalCount"], 4, "{search}");
    let hits = search["hits"].as_array().expect("a list");
    assert_eq!(hits.len(), 2);
    assert!(hits.iter().all(|h| h["entity"]["kind"] == "INSTITUTION"));
    check_error(
        r#"{ search(query: "x", first: 0) { totalCount } }"#,
        "`first` must be between 1 and 100",
    )
    .await;
}

#[tokio::test]
async fn odd_input_gives_empty_results_or_clear_errors() {
    for query in [
        "",
        "   ",
        "!!!",
        "🙂🙂",
        "((((((((((((((((",
        "\"",
        "-",
        "kind:",
        "\\",
        "*",
    ] {
        check(
            &format!(
                r#"{{ search(query: {}) {{ totalCount hits {{ score }} }} }}"#,
                serde_json::to_string(query).expect("a string")
            ),
            json!({ "search": { "totalCount": 0, "hits": [] } }),
        )
        .await;
    }
    let parentheses = "(".repeat(400);
    assert!(hits(&parentheses).await.is_empty());
    let long = "a".repeat(20_000);
    check_error(
        &format!(r#"{{ search(query: "{long}") {{ totalCount }} }}"#),
        "the search text is 20000 characters long; the limit is 500",
    )
    .await;
}
