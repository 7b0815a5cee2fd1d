//! Property tests: the loader, search and suggestions through the real router, and the
//! document guard, each fed arbitrary or half-structured input, never panic and always
//! answer with a result or a clean, located error.

use async_graphql::parser::parse_query;
use proptest::prelude::*;
use regiograph::api::guard::{self, DocumentLimits};
use regiograph::load::{LoadError, load_toml_str};
use serde_json::{Value, json};

/// Cases per property: enough to find the shallow bugs, few enough to keep the suite fast.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

/// Checks a load result: a graph, or a non-empty report whose problems carry line numbers
/// that lie inside the text.
fn loads_or_explains(text: &str) -> Result<(), TestCaseError> {
    match load_toml_str("fuzz.toml", text) {
        Ok(_) => {}
        Err(LoadError::Invalid(report)) => {
            prop_assert!(!report.problems.is_empty(), "an empty report for {text:?}");
            let last_line = text.split('\n').count();
            for problem in &report.problems {
                prop_assert_eq!(&*problem.file, "fuzz.toml");
                prop_assert!(!problem.message.is_empty());
                let line = problem.line;
                prop_assert!(
                    line.is_some_and(|l| (1..=last_line).contains(&l)),
                    "{problem} has no line within 1..={last_line} for {text:?}"
                );
            }
        }
        Err(other) => prop_assert!(false, "text cannot fail with {other:?}"),
    }
    Ok(())
}

/// Text that looks a little like a data file: headers, keys, strings, arrays and newlines.
fn tomlish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("[[region]]\n".to_owned()),
        Just("[[source]]\n".to_owned()),
        Just("[[relation]]\n".to_owned()),
        Just("[region]\n".to_owned()),
        Just("id = ".to_owned()),
        Just("name = ".to_owned()),
        Just("sources = [".to_owned()),
        Just("\"region:a\"".to_owned()),
        Just("\"source:s\"".to_owned()),
        Just("]\n".to_owned()),
        Just("\n".to_owned()),
        "[a-z_:\"=\\[\\]{}#., 0-9-]{0,12}",
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn arbitrary_text_loads_or_is_explained_with_lines(text in any::<String>()) {
        loads_or_explains(&text)?;
    }

    #[test]
    fn tomlish_text_loads_or_is_explained_with_lines(text in tomlish()) {
        loads_or_explains(&text)?;
    }
}

/// One generated record, written as a TOML block.
#[derive(Debug, Clone)]
struct Record {
    header: &'static str,
    id: String,
    name: String,
    extra: Option<(&'static str, String)>,
    cites: bool,
}

const HEADERS: &[&str] = &[
    "source",
    "region",
    "institution",
    "person",
    "programme",
    "project",
    "topic",
    "event",
];

const SLUGS: &[&str] = &["a", "b", "c-1", "Bad Slug", ""];

fn record() -> impl Strategy<Value = Record> {
    let extra = prop::option::of((
        prop::sample::select(vec![
            "located_in",
            "start",
            "end",
            "kind",
            "aliases",
            "url",
            "date",
        ]),
        prop_oneof![
            Just("\"region:a\"".to_owned()),
            Just("\"2023-03\"".to_owned()),
            Just("\"2023-13-40\"".to_owned()),
            Just("[\"x\", \"y\"]".to_owned()),
            Just("42".to_owned()),
            "\"[a-z:0-9-]{0,10}\"",
        ],
    ));
    (
        prop::sample::select(HEADERS.to_vec()),
        prop::sample::select(HEADERS.to_vec()),
        prop::sample::select(SLUGS.to_vec()),
        "[A-Za-z ]{0,8}",
        extra,
        any::<bool>(),
    )
        .prop_map(|(header, prefix, slug, name, extra, cites)| Record {
            header,
            id: format!("{prefix}:{slug}"),
            name,
            extra,
            cites,
        })
}

fn relation() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec![
            "partner_in",
            "located_in",
            "focuses_on",
            "member_of",
            "no_such_type",
        ]),
        prop::sample::select(HEADERS.to_vec()),
        prop::sample::select(SLUGS.to_vec()),
        prop::sample::select(HEADERS.to_vec()),
        prop::sample::select(SLUGS.to_vec()),
        prop::option::of("\"[0-9-]{0,10}\""),
    )
        .prop_map(|(ty, from_kind, from, to_kind, to, start)| {
            let mut block = format!(
                "[[relation]]\ntype = \"{ty}\"\nfrom = \"{from_kind}:{from}\"\nto = \"{to_kind}:{to}\"\nsources = [\"source:a\"]\n"
            );
            if let Some(start) = start {
                block.push_str(&format!("start = {start}\n"));
            }
            block
        })
}

fn render(records: &[Record], relations: &[String]) -> String {
    let mut text = String::new();
    for record in records {
        text.push_str(&format!(
            "[[{}]]\nid = \"{}\"\nname = \"{}\"\n",
            record.header, record.id, record.name
        ));
        if let Some((key, value)) = &record.extra {
            text.push_str(&format!("{key} = {value}\n"));
        }
        if record.cites {
            text.push_str("sources = [\"source:a\"]\n");
        }
        text.push('\n');
    }
    for relation in relations {
        text.push_str(relation);
        text.push('\n');
    }
    text
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn generated_records_load_or_are_explained_with_lines(
        records in prop::collection::vec(record(), 0..12),
        relations in prop::collection::vec(relation(), 0..8),
    ) {
        loads_or_explains(&render(&records, &relations))?;
    }
}

/// Runs a query with one string variable through the real router and checks that the
/// answer is data, or GraphQL errors with messages that reveal nothing of the code.
fn answers_cleanly(query: &str, variable: &str, value: &str) -> Result<(), TestCaseError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let response: Value = runtime.block_on(super::query_with(query, json!({ variable: value })));
    match response.get("errors") {
        None => prop_assert!(
            response["data"].is_object(),
            "neither data nor errors: {response}"
        ),
        Some(errors) => {
            let errors = errors.as_array();
            prop_assert!(errors.is_some_and(|e| !e.is_empty()), "{response}");
            for error in errors.into_iter().flatten() {
                let message = error["message"].as_str().unwrap_or_default();
                prop_assert!(!message.is_empty(), "{response}");
                prop_assert!(
                    !message.contains("panicked") && !message.contains(".rs:"),
                    "{response}"
                );
            }
        }
    }
    Ok(())
}

/// Search text: arbitrary strings, and strings made of the search syntax's own pieces.
fn search_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-zA-Záéíóúñ \"\\-:*~^()]{0,40}",
        prop::collection::vec(
            prop::sample::select(vec![
                "kind:",
                "kind:institution",
                "-",
                "\"",
                "cantabria",
                "Juárez",
                " ",
                "--",
                "kind:nothing",
                "\u{0301}",
                "ǅ",
            ]),
            0..16
        )
        .prop_map(|pieces| pieces.concat()),
        "[a-z ]{490,520}",
    ]
}

proptest! {
    #![proptest_config(config(96))]

    #[test]
    fn search_answers_data_or_a_clean_error(text in search_text()) {
        answers_cleanly(
            "query($q: String!) { search(query: $q, first: 5) { totalCount hits { entity { id } } } }",
            "q",
            &text,
        )?;
    }

    #[test]
    fn suggest_answers_data_or_a_clean_error(text in search_text()) {
        answers_cleanly(
            "query($p: String!) { suggest(prefix: $p, first: 5) { id } }",
            "p",
            &text,
        )?;
    }
}

/// Text that looks a little like a GraphQL document.
fn graphqlish() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        prop::collection::vec(
            prop::sample::select(vec![
                "{",
                "}",
                "(",
                ")",
                "a",
                "b: a",
                "...F",
                "fragment F on Query ",
                "query ",
                "mutation ",
                "$v: Int",
                "@skip(if: true)",
                "...on Query",
                " ",
                ",",
                "\"s\"",
                "[",
                "]",
                "entity(id: \"x\")",
                "#c\n",
            ]),
            0..48
        )
        .prop_map(|pieces| pieces.concat()),
    ]
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn the_document_guard_never_panics(text in graphqlish(), first in -5i64..200) {
        let _ = guard::nesting(&text);
        if let Ok(document) = parse_query(&text) {
            let schema = guard::SchemaIndex::from_sdl(&regiograph::api::sdl());
            let variables = async_graphql::Variables::from_json(serde_json::json!({ "n": first }));
            let tight = DocumentLimits {
                max_nesting: 2,
                max_fields: 3,
                max_aliases: 1,
                max_root_fields: 1,
                max_directives: 1,
                max_depth: 2,
                max_cost: 5,
            };
            for limits in [DocumentLimits::default(), tight] {
                if let Err(message) = guard::check(&document, &variables, &schema, &limits) {
                    prop_assert!(!message.is_empty());
                }
            }
        }
    }
}

/// Regression: the input `#sE` from the `search` fuzz target, where AddressSanitizer reported
/// a read past the buffer while the suggestions were cut to the limit. Every limit must give
/// the first suggestions of the full list, each entity once.
#[test]
fn suggestions_cut_to_any_limit_are_a_prefix_of_all_of_them() {
    let state = super::state();
    let data = state.data();
    let all = data
        .search
        .suggest("#sE", &[], 1_000)
        .expect("a short prefix is accepted");
    // Eight suggestions on the bundled data: fewer than the fuzz target's limit of ten.
    assert!(all.len() >= 2, "the input has several suggestions: {all:?}");
    let mut unique = all.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), all.len(), "an entity is suggested twice");
    for limit in 0..=all.len() + 2 {
        let cut = data
            .search
            .suggest("#sE", &[], limit)
            .expect("a short prefix is accepted");
        assert_eq!(cut, all[..limit.min(all.len())], "limit {limit}");
    }
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn suggestions_are_a_prefix_of_the_longer_list(prefix in "[a-zA-Z#é -]{1,4}", limit in 0usize..20) {
        let state = super::state();
        let data = state.data();
        let all = data.search.suggest(&prefix, &[], 1_000);
        let cut = data.search.suggest(&prefix, &[], limit);
        match (all, cut) {
            (Ok(all), Ok(cut)) => prop_assert_eq!(&cut[..], &all[..limit.min(all.len())]),
            (all, cut) => prop_assert!(false, "a short prefix fails: {all:?} {cut:?}"),
        }
    }
}
