//! Pages of search results written straight from the graph (on the blocking pool) are the
//! executor's answers, byte for byte; filters, explanations, facets and errors are left to
//! the executor.

use std::collections::BTreeMap;

use async_graphql::connection::{CursorType, OpaqueCursor};
use regiograph::server::AppState;
use serde_json::{Value, json};

use super::{MARK, ask, compare, setup, uncached};

/// The fields of a page of results the writer knows, each with `__typename`, and the
/// entity fields around a hit (a page of its relations too).
const PAGE: &str = "__typename totalCount \
    pageInfo { __typename hasPreviousPage hasNextPage startCursor endCursor } \
    edges { __typename cursor node { __typename score entity { __typename id name kind } } } \
    hits { __typename score entity { id description aliases website \
      relations(first: 2) { totalCount nodes { type to { id } } } } }";

/// The text of a search with every argument a variable, `first` defaulting as the field does.
fn with_variables() -> String {
    format!(
        "query ($q: String!, $first: Int! = 10, $after: String) {{ __typename \
         search(query: $q, first: $first, after: $after) {MARK} {{ {PAGE} }} }}"
    )
}

/// The cursor of a position, as the API writes it.
fn cursor(position: usize) -> String {
    OpaqueCursor(position).encode_cursor()
}

/// The variables of a search for each text, with each page size (left out: the default) and
/// each start (left out: the first hit).
fn pages(texts: &[String], firsts: &[Option<i64>], afters: &[Option<usize>]) -> Vec<Value> {
    let mut variables = Vec::new();
    for text in texts {
        for first in firsts {
            for after in afters {
                let mut these = json!({ "q": text });
                if let Some(all) = these.as_object_mut() {
                    if let Some(first) = first {
                        all.insert("first".into(), json!(first));
                    }
                    if let Some(after) = after {
                        all.insert("after".into(), json!(cursor(*after)));
                    }
                }
                variables.push(these);
            }
        }
    }
    variables
}

/// How many hits a search has in all, as the API answers it.
async fn total(state: &AppState, text: &str) -> u64 {
    let answer = ask(
        state,
        "query ($q: String!) { search(query: $q) { totalCount } }",
        &json!({ "q": text }),
    )
    .await;
    let answer: Value = serde_json::from_str(&answer).expect("JSON");
    answer["data"]["search"]["totalCount"]
        .as_u64()
        .expect("a count")
}

#[tokio::test]
async fn searches_answer_as_the_executor_does() {
    let (state, _) = setup();
    let texts: Vec<String> = [
        "region",
        "university",
        "Seinäjoki",
        "univrsity",
        "qwxzvbnk",
        "",
        "\"staff exchange\"",
        "kind:institution university",
        "cantabria -university",
        "Juarez",
    ]
    .map(str::to_owned)
    .to_vec();
    let region = total(&state, "region").await;
    assert!(region > 100, "a word with pages: {region}");
    assert!(total(&state, "Seinäjoki").await > 0, "a rare word is found");
    assert!(total(&state, "univrsity").await > 0, "a typo is forgiven");
    assert_eq!(total(&state, "qwxzvbnk").await, 0, "a word with no hit");
    let variables = pages(
        &texts,
        &[None, Some(1), Some(3), Some(100)],
        &[None, Some(0), Some(4), Some(150), Some(9_999)],
    );
    let compared = compare(&state, &with_variables(), &variables).await;
    // The first request of a text is validated, and so executed; every other is direct.
    assert_eq!(compared.direct, variables.len() - 1, "{compared:?}");
    // The target of scripts/load.sh, and the defaults, as literals in the document.
    let load = format!(
        "{{ search(query: \"university\", first: 10) {MARK} {{ totalCount \
         edges {{ node {{ entity {{ id name }} }} }} }} }}"
    );
    let compared = compare(&state, &load, &[json!({}), json!({})]).await;
    assert_eq!(compared.direct, 1, "{compared:?}");
    let literal = format!(
        "{{ search(query: \"cantabria\", after: \"{}\") {MARK} {{ {PAGE} }} }}",
        cursor(2)
    );
    let compared = compare(&state, &literal, &[json!({}), json!({})]).await;
    assert_eq!(compared.direct, 1, "{compared:?}");
    // A page that ends exactly at the last hit, and the empty page after it.
    let last = region as usize;
    let ends = [
        json!({ "q": "region", "after": cursor(last - 4), "first": 3 }),
        json!({ "q": "region", "after": cursor(last - 1) }),
        json!({ "q": "region", "after": cursor(usize::MAX) }),
    ];
    let compared = compare(&state, &with_variables(), &ends).await;
    assert_eq!(compared.direct, ends.len(), "{compared:?}");
}

#[tokio::test]
async fn filters_explanations_and_facets_are_left_to_the_executor() {
    let (state, _) = setup();
    let shapes = [
        "search(query: $q, kinds: [INSTITUTION]) @@ { totalCount }",
        "search(query: $q, within: \"region:cantabria\") @@ { totalCount }",
        "search(query: $q, topic: \"topic:agriculture\") @@ { totalCount }",
        "search(query: $q, from: \"2020\") @@ { totalCount }",
        "search(query: $q, to: \"2023-03-14\") @@ { totalCount }",
        "search(query: $q) @@ { hits { score matchedFields } }",
        "search(query: $q) @@ { edges { node { highlights { field text ranges { start end } } } } }",
        "search(query: $q) @@ { totalCount facets { kind count } }",
        "search(query: $q) @@ { ... on SearchResults { totalCount } }",
        "search(query: $q) @@ { totalCount hits { entity { name sources { title } } } }",
    ];
    let variables = [json!({ "q": "university" }), json!({ "q": "cantabria" })];
    for shape in shapes {
        let case = format!("query ($q: String!) {{ {shape} }}").replace("@@", MARK);
        let compared = compare(&state, &case, &variables).await;
        assert_eq!(compared.direct, 0, "{case}\n{compared:?}");
    }
}

#[tokio::test]
async fn searches_that_fail_are_left_to_the_executor() {
    let (state, _) = setup();
    // The directive goes after the field that fails, so that the errors' locations are the
    // same in both texts.
    let case = format!(
        "query ($q: String!, $first: Int!, $after: String) {{ \
         search(query: $q, first: $first, after: $after) {{ totalCount {MARK} }} }}"
    );
    // Warm the text up with a good request, so that the bad ones find it known.
    let good = json!({ "q": "university", "first": 5 });
    compare(&state, &case, &[good.clone(), good]).await;
    let words: Vec<String> = (0..33).map(|n| format!("w{n}")).collect();
    let bad = [
        json!({ "q": "university", "first": 0 }),
        json!({ "q": "university", "first": 101 }),
        json!({ "q": "university", "first": -1 }),
        json!({ "q": "university", "first": 5, "after": "not a cursor" }),
        json!({ "q": "x".repeat(501), "first": 5 }),
        json!({ "q": words.join(" "), "first": 5 }),
    ];
    let compared = compare(&state, &case, &bad).await;
    assert_eq!(compared.direct, 0, "{compared:?}");
    for these in &bad {
        let answer = ask(&state, &case.replacen(MARK, "", 1), these).await;
        assert!(answer.contains("\"errors\""), "{these}: {answer}");
    }
    // The longest text allowed is searched directly.
    let longest = [json!({ "q": "x".repeat(500), "first": 5 })];
    assert_eq!(compare(&state, &case, &longest).await.direct, 1);
}

/// Words of the graph's names: the most common, and four rare ones (in one name only) of at
/// least six letters, spread over the alphabet.
fn name_words(data: &regiograph::Dataset) -> (String, Vec<String>) {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for index in data.graph.entity_indices() {
        for word in regiograph::text::fold_terms(&data.graph.entity(index).name) {
            *counts.entry(word).or_default() += 1;
        }
    }
    let common = counts
        .iter()
        .max_by_key(|&(word, &count)| (count, std::cmp::Reverse(word.clone())))
        .map(|(word, _)| word.clone())
        .expect("names have words");
    let rare: Vec<&String> = counts
        .iter()
        .filter(|&(word, &count)| count == 1 && word.len() >= 6 && word.is_ascii())
        .map(|(word, _)| word)
        .collect();
    let spread = (1..=4).filter_map(|k| rare.get(k * rare.len() / 5).map(|word| (*word).clone()));
    (common, spread.collect())
}

#[tokio::test]
async fn searches_of_a_generated_graph_answer_as_the_executor_does() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let data = crate::generated(dir.path());
    let (common, rare) = name_words(&data);
    assert_eq!(rare.len(), 4, "{rare:?}");
    // A typo: the rare word with its fourth letter replaced.
    let typo: String = rare[0]
        .chars()
        .enumerate()
        .map(|(k, c)| match (k, c) {
            (3, 'z') => 'y',
            (3, _) => 'z',
            (_, c) => c,
        })
        .collect();
    // A phrase: the first two words of a name of several words.
    let phrase = data
        .graph
        .entity_indices()
        .map(|index| regiograph::text::fold_terms(&data.graph.entity(index).name))
        .find(|words| words.len() >= 3)
        .map(|words| format!("\"{} {}\"", words[0], words[1]))
        .expect("a name of several words");
    let state = uncached(data);
    let mut texts = vec![
        common.clone(),
        typo,
        phrase,
        format!("kind:project {common}"),
        format!("{common} {}", rare[1]),
        "zzqqxxkw".to_owned(),
        String::new(),
    ];
    texts.extend(rare);
    assert!(
        total(&state, &common).await > 100,
        "{common}: a word with many pages"
    );
    let variables = pages(
        &texts,
        &[None, Some(1), Some(100)],
        &[None, Some(0), Some(95), Some(299), Some(100_000)],
    );
    let compared = compare(&state, &with_variables(), &variables).await;
    assert_eq!(compared.direct, variables.len() - 1, "{compared:?}");
}
