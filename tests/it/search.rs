//! Search: plain words, case- and accent-insensitive, typo-tolerant, ranked and explained;
//! autocompletion; filters and facets; pagination; the query syntax; and safety on any input.

use serde_json::{Value, json};

use super::{check, check_error, data, data_on, ids, metric};

/// The ids of the hits of a search, best first.
async fn hits(query: &str) -> Vec<String> {
    let found = data(&format!(
        r#"{{ search(query: {}, first: 100) {{ totalCount hits {{ score entity {{ id }} }} }} }}"#,
        serde_json::to_string(query).expect("a string")
    ))
    .await;
    let hits = found["search"]["hits"].as_array().expect("a list");
    // The first page holds every hit, up to the page size.
    let total = found["search"]["totalCount"].as_u64().expect("a count");
    assert_eq!(total.min(100), hits.len() as u64);
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
    let position = |wanted: &str| {
        found
            .iter()
            .position(|id| id == wanted)
            .unwrap_or_else(|| panic!("{wanted} is not found: {found:?}"))
    };
    let city = position("region:ciudad-juarez");
    let day = position("event:cantabria-study-visit-chihuahua-2023-day-3");
    assert!(
        city < day,
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
    // A `kind:` with no kind is read as the plain word, like any text that is not syntax.
    assert_eq!(hits("kind:").await, hits("kind").await);
    let parentheses = "(".repeat(400);
    assert!(hits(&parentheses).await.is_empty());
    let long = "a".repeat(20_000);
    check_error(
        &format!(r#"{{ search(query: "{long}") {{ totalCount }} }}"#),
        "the search text is 20000 characters long; the limit is 500",
    )
    .await;
}

/// The string as a GraphQL string literal.
fn literal(text: &str) -> String {
    serde_json::to_string(text).expect("a string")
}

/// The hits of a search as `(id, matchedFields)`, best first.
async fn explained(query: &str) -> Vec<(String, Vec<String>)> {
    let found = data(&format!(
        r#"{{ search(query: {}, first: 100) {{ hits {{ matchedFields entity {{ id }} }} }} }}"#,
        literal(query)
    ))
    .await;
    found["search"]["hits"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|h| {
            let fields = h["matchedFields"].as_array().expect("a list");
            (
                h["entity"]["id"].as_str().unwrap_or_default().to_owned(),
                fields
                    .iter()
                    .map(|f| f.as_str().unwrap_or_default().to_owned())
                    .collect(),
            )
        })
        .collect()
}

/// The ids `suggest` gives for a prefix, with optional extra arguments.
async fn suggestions(prefix: &str, extra: &str) -> Vec<String> {
    let found = data(&format!(
        r#"{{ suggest(prefix: {}{extra}) {{ id }} }}"#,
        literal(prefix)
    ))
    .await;
    ids(&found["suggest"])
        .into_iter()
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn typos_are_forgiven_by_word_length() {
    // One edit in words of 4 to 7 letters, two in words of 8 or more.
    // "Chihuahua City" before "State of Chihuahua": the typo covers more of the shorter name.
    check_top("Chihuahau", "region:chihuahua-city").await;
    check_top(
        "Valdecila",
        "institution:virtual-hospital-marques-de-valdecilla",
    )
    .await;
    check_top("Heinekn", "institution:heineken").await;
    check_top("Cuauhtemok", "region:cuauhtemoc").await;
    check_top("cuahtemoc", "region:cuauhtemoc").await;
    // Two edits in a 4-letter word, or any edit in a 3-letter word, are too many.
    assert!(hits("Meqi").await.is_empty());
    assert!(hits("MI5").await.is_empty());
}

#[tokio::test]
async fn exact_matches_outrank_prefixes_and_typos() {
    let found = explained("Cantabria").await;
    let position = |id: &str| found.iter().position(|(found, _)| found == id);
    assert_eq!(position("region:cantabria"), Some(0), "{found:?}");
    // "Cantabrian" is only a typo or prefix away from "Cantabria": it ranks after every exact
    // name match, but before the entities that only mention Cantabria.
    let programme = position("programme:cantabrian-rop-2014-2020").expect("found by typo");
    let exact_names = [
        "institution:government-of-cantabria",
        "project:iuc-cantabria-chihuahua",
    ];
    for id in exact_names {
        let exact = position(id).unwrap_or_else(|| panic!("{id} is not found: {found:?}"));
        assert!(exact < programme, "{id} in {found:?}");
    }
    let mention = position("person:jorge-muyo").expect("found by description");
    assert!(programme < mention, "{found:?}");
}

#[tokio::test]
async fn ranking_is_name_then_alias_then_description_then_context() {
    assert_eq!(
        explained("CIMAV").await,
        [
            ("institution:cimav".to_owned(), vec!["ALIAS".to_owned()]),
            (
                "event:cantabria-study-visit-chihuahua-2023-day-2".to_owned(),
                vec!["DESCRIPTION".to_owned()]
            ),
        ]
    );
    let found = explained("kind:event santander").await;
    let order: Vec<&str> = found.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(
        order,
        [
            "event:devise-third-staff-exchange",
            "event:devise-third-staff-exchange-day-2",
            "event:devise-third-staff-exchange-day-1",
        ]
    );
    assert_eq!(found[0].1, ["NAME", "DESCRIPTION", "CONTEXT"]);
    assert_eq!(found[2].1, ["CONTEXT"]);
    // A name that the query covers in full comes before longer names that contain it.
    check_top("Meoqui", "region:meoqui").await;
    check_top("agriculture", "topic:agriculture").await;
}

#[tokio::test]
async fn entities_are_found_by_what_surrounds_them() {
    // An institution by its country, through the regions it lies in.
    assert_eq!(
        explained("finland kind:institution").await,
        [(
            "institution:seinajoki-university-of-applied-sciences".to_owned(),
            vec!["CONTEXT".to_owned()]
        )]
    );
    // A project by its topic, below the topic itself.
    let found = explained("agriculture").await;
    assert_eq!(
        found
            .last()
            .map(|(id, fields)| (id.as_str(), fields.as_slice())),
        Some((
            "project:iuc-cantabria-chihuahua",
            ["CONTEXT".to_owned()].as_slice()
        ))
    );
    // An event by its place.
    assert_eq!(
        explained("industry kind:event")
            .await
            .first()
            .map(|(id, _)| id.clone()),
        Some("event:devise-third-staff-exchange".to_owned())
    );
}

#[tokio::test]
async fn suggest_completes_names_as_you_type() {
    assert_eq!(
        suggestions("Canta", "").await.first().map(String::as_str),
        Some("region:cantabria")
    );
    assert_eq!(suggestions("T-H", "").await, ["institution:t-hub-juarez"]);
    assert_eq!(suggestions("t h", "").await, ["institution:t-hub-juarez"]);
    assert_eq!(suggestions("cuauh", "").await, ["region:cuauhtemoc"]);
    assert_eq!(suggestions("CUAUHTÉ", "").await, ["region:cuauhtemoc"]);
    // Later words of a name complete too, after whole names; kinds filter; first bounds.
    assert_eq!(
        suggestions("juar", ", kinds: [INSTITUTION]").await,
        [
            "institution:t-hub-juarez",
            "institution:hospital-angeles-ciudad-juarez"
        ]
    );
    assert_eq!(suggestions("Canta", ", first: 2").await.len(), 2);
    assert_eq!(suggestions("Canta", "").await.len(), 10);
    // Aliases complete: CIMAV is an acronym.
    assert_eq!(suggestions("cima", "").await, ["institution:cimav"]);
    for nothing in ["", "  ", "-", "🙂", "((((", "zzzz"] {
        assert!(suggestions(nothing, "").await.is_empty(), "{nothing:?}");
    }
    check_error(
        r#"{ suggest(prefix: "x", first: 101) { id } }"#,
        "`first` must be between 1 and 100, but was 101",
    )
    .await;
    let long = "a".repeat(501);
    check_error(
        &format!(r#"{{ suggest(prefix: "{long}") {{ id }} }}"#),
        "the search text is 501 characters long; the limit is 500",
    )
    .await;
}

#[tokio::test]
async fn filters_by_region_topic_and_dates() {
    check(
        r#"{ search(query: "innovation", within: "region:chihuahua", first: 30) { totalCount hits { entity { id } } } }"#,
        json!({ "search": { "totalCount": 3, "hits": [
            { "entity": { "id": "institution:spark" } },
            { "entity": { "id": "institution:side" } },
            { "entity": { "id": "region:chihuahua" } },
        ] } }),
    )
    .await;
    check(
        r#"{ search(query: "university", within: "region:chihuahua") { hits { entity { id } } } }"#,
        json!({ "search": { "hits": [{ "entity": { "id": "institution:faciatec" } }] } }),
    )
    .await;
    check(
        r#"{ search(query: "chihuahua", topic: "topic:agriculture") { hits { entity { id } } } }"#,
        // The pairing by name; Cantabria (agri-food is one of its sectors) by its pairing.
        json!({ "search": { "hits": [{ "entity": { "id": "project:iuc-cantabria-chihuahua" } }, { "entity": { "id": "region:cantabria" } }] } }),
    )
    .await;
    check(
        r#"{ search(query: "visit", kinds: [EVENT], from: "2023-03-14", to: "2023-03-14") { hits { entity { id } } } }"#,
        // The visit, whose shorter name the word covers more of, before its second day.
        json!({ "search": { "hits": [
            { "entity": { "id": "event:cantabria-study-visit-chihuahua-2023" } },
            { "entity": { "id": "event:cantabria-study-visit-chihuahua-2023-day-2" } },
        ] } }),
    )
    .await;
    check_error(
        r#"{ search(query: "x", within: "region:atlantis") { totalCount } }"#,
        "`within`: no entity has the id `region:atlantis`",
    )
    .await;
    check_error(
        r#"{ search(query: "x", topic: "region:chihuahua") { totalCount } }"#,
        "`topic` needs an entity of kind `topic`, but `region:chihuahua` is of kind `region`",
    )
    .await;
}

#[tokio::test]
async fn facets_count_hits_per_kind_beside_the_kind_filter() {
    check(
        r#"{ search(query: "Juarez", kinds: [INSTITUTION]) { totalCount facets { kind count } } }"#,
        json!({ "search": { "totalCount": 4, "facets": [
            { "kind": "REGION", "count": 1 },
            { "kind": "INSTITUTION", "count": 4 },
            { "kind": "EVENT", "count": 2 },
        ] } }),
    )
    .await;
    check(
        r#"{ search(query: "cuauhtemoc kind:institution") { totalCount facets { kind count } } }"#,
        json!({ "search": { "totalCount": 1, "facets": [
            { "kind": "REGION", "count": 1 },
            { "kind": "INSTITUTION", "count": 1 },
            { "kind": "EVENT", "count": 2 },
        ] } }),
    )
    .await;
}

#[tokio::test]
async fn hits_explain_which_fields_matched_with_ranges() {
    check(
        r#"{ search(query: "Valdecila hospital", first: 1) { hits { matchedFields highlights { field text ranges { start end } } } } }"#,
        json!({ "search": { "hits": [{
            "matchedFields": ["NAME", "ALIAS"],
            "highlights": [
                { "field": "NAME", "text": "Virtual Hospital Marqués de Valdecilla",
                  "ranges": [{ "start": 8, "end": 16 }, { "start": 28, "end": 38 }] },
                { "field": "ALIAS", "text": "Virtual Hospital Marques de Valdecilla",
                  "ranges": [{ "start": 8, "end": 16 }, { "start": 28, "end": 38 }] },
            ],
        }] } }),
    )
    .await;
    let found = data(
        r#"{ search(query: "\"ciudad juarez\"", first: 100) { hits { entity { id } highlights { field text ranges { start end } } } } }"#,
    )
    .await;
    insta::assert_json_snapshot!(found);
    // Every range lies inside its fragment and spells a folded query word.
    for hit in found["search"]["hits"].as_array().expect("a list") {
        for highlight in hit["highlights"].as_array().expect("a list") {
            let text: Vec<char> = highlight["text"].as_str().expect("text").chars().collect();
            for range in highlight["ranges"].as_array().expect("a list") {
                let (start, end) = (range_end(range, "start"), range_end(range, "end"));
                let matched: String = text[start..end].iter().collect();
                assert!(
                    ["Ciudad Juárez", "Ciudad Juarez"].contains(&matched.as_str()),
                    "{matched:?} in {highlight}"
                );
            }
        }
    }
}

#[tokio::test]
async fn long_descriptions_are_cut_around_the_match() {
    check(
        r#"{ search(query: "heritage sites", kinds: [EVENT]) { hits { entity { id } highlights { field text ranges { start end } } } } }"#,
        json!({ "search": { "hits": [{
            "entity": { "id": "event:cantabria-study-visit-chihuahua-2023" },
            "highlights": [
                { "field": "DESCRIPTION",
                  "text": "…Cuauhtémoc, Meoqui and Ciudad Juárez, plus two heritage sites.",
                  "ranges": [{ "start": 48, "end": 56 }, { "start": 57, "end": 62 }] },
                { "field": "CONTEXT", "text": "Cultural heritage",
                  "ranges": [{ "start": 9, "end": 17 }] },
            ],
        }] } }),
    )
    .await;
}

fn range_end(range: &Value, which: &str) -> usize {
    range[which].as_u64().expect("an offset") as usize
}

#[tokio::test]
async fn pages_walk_every_hit_once() {
    let all = hits("chihuahua").await;
    assert!(all.len() > 12, "{all:?}");
    let mut walked = Vec::new();
    let mut after = String::new();
    loop {
        let page = data(&format!(
            r#"{{ search(query: "chihuahua", first: 5{after}) {{ totalCount hits {{ entity {{ id }} }} edges {{ cursor node {{ entity {{ id }} }} }} pageInfo {{ hasNextPage endCursor }} }} }}"#
        ))
        .await;
        let search = &page["search"];
        assert_eq!(search["totalCount"].as_u64(), Some(all.len() as u64));
        let edges = search["edges"].as_array().expect("a list");
        let hits = search["hits"].as_array().expect("a list");
        assert_eq!(edges.len(), hits.len());
        for (edge, hit) in edges.iter().zip(hits) {
            assert_eq!(edge["node"]["entity"], hit["entity"]);
            walked.push(hit["entity"]["id"].as_str().unwrap_or_default().to_owned());
        }
        if search["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = format!(r#", after: {}"#, search["pageInfo"]["endCursor"]);
    }
    assert_eq!(walked, all);
    check_error(
        r#"{ search(query: "chihuahua", after: "nonsense") { totalCount } }"#,
        "`after` is not a cursor returned by this API: `nonsense`",
    )
    .await;
}

#[tokio::test]
async fn syntax_phrases_exclusions_and_kinds() {
    // A phrase must appear as written, in that order.
    let phrase = hits("\"ciudad juarez\"").await;
    assert_eq!(
        phrase.first().map(String::as_str),
        Some("region:ciudad-juarez")
    );
    assert!(hits("\"juarez ciudad\"").await.is_empty());
    // An excluded word removes every entity that contains it.
    assert_eq!(
        hits("hospital -angeles").await,
        [
            "institution:virtual-hospital-marques-de-valdecilla",
            "programme:industry-4-0-audits",
            "event:devise-third-staff-exchange-day-1",
        ]
    );
    assert!(
        hits("hospital")
            .await
            .contains(&"institution:hospital-angeles-ciudad-juarez".to_owned())
    );
    // Exclusions alone find nothing.
    assert!(hits("-angeles").await.is_empty());
    // `kind:` filters, in any case and singular or plural.
    for query in ["kind:institution chihuahua", "KIND:Institutions chihuahua"] {
        let found = data(&format!(
            r#"{{ search(query: {}, first: 100) {{ totalCount hits {{ entity {{ kind }} }} }} }}"#,
            literal(query)
        ))
        .await;
        assert_eq!(found["search"]["totalCount"], 15, "{query}");
        assert!(
            found["search"]["hits"]
                .as_array()
                .expect("a list")
                .iter()
                .all(|h| h["entity"]["kind"] == "INSTITUTION")
        );
    }
    // Syntax that is not valid is searched as plain words.
    assert_eq!(hits("\"ciudad juarez").await, hits("ciudad juarez").await);
    assert_eq!(hits("kind:plant").await, hits("kind plant").await);
}

#[tokio::test]
async fn hostile_inputs_give_clear_errors_or_nothing() {
    let parentheses = "(".repeat(10_000);
    check_error(
        &format!(r#"{{ search(query: "{parentheses}") {{ totalCount }} }}"#),
        "the search text is 10000 characters long; the limit is 500",
    )
    .await;
    let words = (0..33)
        .map(|i| format!("word{i}"))
        .collect::<Vec<_>>()
        .join(" ");
    check_error(
        &format!(r#"{{ search(query: "{words}") {{ totalCount }} }}"#),
        "the search has 33 words and clauses; the limit is 32",
    )
    .await;
    let clauses = (0..40)
        .map(|i| format!("-w{i}"))
        .collect::<Vec<_>>()
        .join(" ");
    check_error(
        &format!(r#"{{ search(query: "{clauses}") {{ totalCount }} }}"#),
        "the search has 40 words and clauses; the limit is 32",
    )
    .await;
    // Repeated words count once, so a long repetition within the length limit is fine.
    assert_eq!(
        hits(&vec!["cantabria"; 40].join(" ")).await,
        hits("cantabria").await
    );
    for query in [
        "\u{0}",
        "\u{202e}\u{200b}",
        "🙂 🙃 🤖",
        "\"\"\"\"\"\"\"",
        "-\"\" qqq:qqq:qqq:",
        "--",
        ")))(((",
        "*?~^",
        "\\\"",
    ] {
        check(
            &format!(
                r#"{{ search(query: {}) {{ totalCount hits {{ score }} facets {{ count }} }} }}"#,
                literal(query)
            ),
            json!({ "search": { "totalCount": 0, "hits": [], "facets": [] } }),
        )
        .await;
    }
}

/// A word searched again is answered from the prefix and typo clauses' kept matches, the same
/// as the first time, and `/metrics` shows them kept; the search's cost is known from then on,
/// which lets a cheap search run where it is asked for.
#[tokio::test]
async fn a_word_searched_again_gives_the_same_answer() {
    let state = super::state_of(&[super::data_dir()]);
    let kept = "regiograph_search_clause_matches_entries";
    assert_eq!(metric(&state, kept).await, 0.0);
    let search = &state.data().search;
    assert_eq!(search.known_cost("cantbaria"), None);
    // A query of short words (no prefix or typo clause) and phrases has a known cost at once.
    assert!(search.known_cost("de \"la\"").is_some_and(|cost| cost > 0));
    let page = |words: &str| {
        format!(
            r#"{{ search(query: {}, first: 100) {{ totalCount facets {{ kind count }} hits {{ score entity {{ id }} matchedFields highlights {{ text ranges {{ start end }} }} }} }} }}"#,
            serde_json::to_string(words).expect("a string")
        )
    };
    // Typos and prefixes of names and aliases, with a word of another search in between.
    for words in ["cantbaria", "universidad santader", "chihuahu", "cantbaria"] {
        let first = data_on(&state, &page(words)).await;
        assert!(
            first["search"]["totalCount"].as_u64() > Some(0),
            "{words}: {first}"
        );
        assert!(metric(&state, kept).await > 0.0);
        assert_eq!(data_on(&state, &page(words)).await, first, "{words}");
        assert!(search.known_cost(words).is_some(), "{words}");
    }
    assert!(metric(&state, "regiograph_search_clause_matches_bytes").await > 0.0);
}
