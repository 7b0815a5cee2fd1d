//! The paged siblings of the lists at an entity (`projectsPage` beside `projects`, ...): on
//! the longest list of each in the bundled data (over 200 regions inside one country, short
//! lists elsewhere) and in generated data (hubs past `cpu::INLINE_STEPS`, read on the pool),
//! pages read one after another give the unpaged list in its order and `totalCount` is its
//! length; bad pages are refused as on every other connection; and the unpaged fields still
//! answer, deprecated in favour of the paged ones.

use regiograph::model::{Direction, EntityKind, RelationType};
use regiograph::server::AppState;
use serde_json::{Value, json};

use super::{check_error, data, data_on, state};

/// One unpaged list at an entity and its paged sibling.
struct Case {
    /// The kind's GraphQL type.
    owner: &'static str,
    /// The root list of the kind's entities.
    list: &'static str,
    /// The unpaged field.
    whole: &'static str,
    /// Its paged sibling.
    paged: &'static str,
    /// What is selected of each item: enough to tell the items apart.
    selection: &'static str,
}

const ENTITY: &str = "{ id }";
const PARTNERSHIP: &str = "{ partner { id } of { id } role start end }";
const POSITION: &str = "{ person { id } institution { id } role start end }";
const RELATION: &str = "{ id type from { id } to { id } start }";

const CASES: &[Case] = &[
    case("Region", "regions", "children", "childrenPage", ENTITY),
    case("Institution", "institutions", "units", "unitsPage", ENTITY),
    case(
        "Institution",
        "institutions",
        "people",
        "peoplePage",
        POSITION,
    ),
    case(
        "Institution",
        "institutions",
        "partnerships",
        "partnershipsPage",
        PARTNERSHIP,
    ),
    case("Person", "people", "positions", "positionsPage", POSITION),
    case(
        "Programme",
        "programmes",
        "projects",
        "projectsPage",
        ENTITY,
    ),
    case(
        "Programme",
        "programmes",
        "partners",
        "partnersPage",
        PARTNERSHIP,
    ),
    case(
        "Project",
        "projects",
        "programmes",
        "programmesPage",
        ENTITY,
    ),
    case(
        "Project",
        "projects",
        "partners",
        "partnersPage",
        PARTNERSHIP,
    ),
    case("Event", "events", "parts", "partsPage", ENTITY),
    case("Event", "events", "visits", "visitsPage", RELATION),
];

/// A case, written on one line.
const fn case(
    owner: &'static str,
    list: &'static str,
    whole: &'static str,
    paged: &'static str,
    selection: &'static str,
) -> Case {
    Case {
        owner,
        list,
        whole,
        paged,
        selection,
    }
}

/// The items of a JSON list.
fn items(list: &Value) -> &[Value] {
    list.as_array().map_or(&[], Vec::as_slice)
}

/// The id of the entity of `case`'s kind with the longest unpaged list (the first of the
/// longest in the kind's order), and that list, read through the unpaged field.
async fn hub(state: &AppState, case: &Case) -> (String, Vec<Value>) {
    let mut best: Option<(String, Vec<Value>)> = None;
    let mut after = String::new();
    loop {
        let query = format!(
            "{{ {list}(first: 100{after}) {{ nodes {{ id {whole} {selection} }} \
               pageInfo {{ hasNextPage endCursor }} }} }}",
            list = case.list,
            whole = case.whole,
            selection = case.selection,
        );
        let page = data_on(state, &query).await;
        let page = &page[case.list];
        for node in items(&page["nodes"]) {
            let list = items(&node[case.whole]);
            if best.as_ref().is_none_or(|(_, b)| list.len() > b.len()) {
                let id = node["id"].as_str().expect("an id").to_owned();
                best = Some((id, list.to_vec()));
            }
        }
        if page["pageInfo"]["hasNextPage"] != true {
            return best.expect("the kind has entities");
        }
        after = format!(", after: {}", page["pageInfo"]["endCursor"]);
    }
}

/// Asks for one page of `case`'s paged field at `id`, with `arguments`, beside the unpaged
/// list; returns the entity's answer.
async fn page(state: &AppState, case: &Case, id: &str, arguments: &str) -> Value {
    let query = format!(
        r#"{{ entity(id: "{id}") {{ ... on {owner} {{ {whole} {selection}
               page: {paged}{arguments} {{ totalCount nodes {selection} edges {{ cursor }}
                 pageInfo {{ hasNextPage hasPreviousPage startCursor endCursor }} }} }} }} }}"#,
        owner = case.owner,
        whole = case.whole,
        paged = case.paged,
        selection = case.selection,
    );
    data_on(state, &query).await["entity"].clone()
}

/// Reads `case`'s paged field at `id` page by page with pages of `size`, checking each page
/// against the unpaged list beside it, and returns the items in the order read.
async fn read_pages(
    state: &AppState,
    case: &Case,
    id: &str,
    whole: &[Value],
    size: usize,
) -> Vec<Value> {
    let name = format!("{}.{} of {id}, pages of {size}", case.owner, case.paged);
    let mut found: Vec<Value> = Vec::new();
    let mut after = String::new();
    loop {
        let answer = page(state, case, id, &format!("(first: {size}{after})")).await;
        assert_eq!(
            items(&answer[case.whole]),
            whole,
            "{name}: the unpaged list"
        );
        let page = &answer["page"];
        assert_eq!(page["totalCount"], json!(whole.len()), "{name}");
        let nodes = items(&page["nodes"]);
        let edges = items(&page["edges"]);
        let info = &page["pageInfo"];
        assert_eq!(nodes.len(), edges.len(), "{name}");
        assert_eq!(info["hasPreviousPage"], !found.is_empty(), "{name}");
        assert_eq!(
            info["startCursor"],
            edges.first().map_or(Value::Null, |e| e["cursor"].clone()),
            "{name}"
        );
        assert_eq!(
            info["endCursor"],
            edges.last().map_or(Value::Null, |e| e["cursor"].clone()),
            "{name}"
        );
        found.extend(nodes.iter().cloned());
        if info["hasNextPage"] != true {
            return found;
        }
        assert_eq!(nodes.len(), size, "{name}: a page before the last is full");
        assert!(found.len() < whole.len(), "{name}: more pages than items");
        after = format!(", after: {}", info["endCursor"]);
    }
}

/// Checks every case on the longest list of its kind in `state`'s data, and returns the
/// lengths of those lists.
async fn check_longest_lists(state: &AppState) -> Vec<usize> {
    let mut lengths = Vec::new();
    for case in CASES {
        let (id, whole) = hub(state, case).await;
        let name = format!("{}.{} of {id}", case.owner, case.paged);
        // Small pages (up to three of them), full pages, and the default page.
        let small = whole.len().div_ceil(3).clamp(1, 100);
        let read = read_pages(state, case, &id, &whole, small).await;
        assert_eq!(read, whole, "{name}, pages of {small}");
        let read = read_pages(state, case, &id, &whole, 100).await;
        assert_eq!(read, whole, "{name}, pages of 100");
        let default = page(state, case, &id, "").await;
        let nodes = items(&default["page"]["nodes"]);
        assert_eq!(
            nodes,
            &whole[..whole.len().min(20)],
            "{name}: the default page"
        );
        let more = whole.len() > 20;
        assert_eq!(default["page"]["pageInfo"]["hasNextPage"], more, "{name}");
        // A cursor forged at the very end of the number range is past the list.
        let past = page(
            state,
            case,
            &id,
            r#"(after: "MTg0NDY3NDQwNzM3MDk1NTE2MTU")"#,
        )
        .await;
        assert_eq!(past["page"]["nodes"], json!([]), "{name}");
        assert_eq!(past["page"]["totalCount"], json!(whole.len()), "{name}");
        assert_eq!(past["page"]["pageInfo"]["hasNextPage"], false, "{name}");
        lengths.push(whole.len());
    }
    lengths
}

/// Page arguments every connection refuses, with the error each gives.
const BAD_PAGES: [(&str, &str); 3] = [
    ("(first: 0)", "`first` must be between 1 and 100, but was 0"),
    (
        "(first: 101)",
        "`first` must be between 1 and 100, but was 101",
    ),
    (
        r#"(after: "not-a-cursor")"#,
        "`after` is not a cursor returned by this API",
    ),
];

#[tokio::test]
async fn pages_of_the_longest_bundled_lists_give_the_unpaged_list_in_order() {
    let lengths = check_longest_lists(&state()).await;
    assert!(lengths.iter().all(|&n| n > 0), "an empty case: {lengths:?}");
    // The reference geography's largest region holds more than a full page of regions.
    assert_eq!(CASES[0].paged, "childrenPage");
    assert!(lengths[0] > 100, "{lengths:?}");
}

#[tokio::test]
async fn pages_of_generated_hubs_give_the_unpaged_list_in_order() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let data = crate::generated(dir.path());
    // The institution in the most projects.
    let graph = &data.graph;
    let busiest = graph
        .entities_of_kind(EntityKind::Institution)
        .iter()
        .copied()
        .max_by_key(|&i| {
            graph
                .relations_of(i, Direction::Outgoing, Some(RelationType::PartnerIn))
                .len()
        })
        .map(|i| graph.entity(i).id.clone())
        .expect("generated institutions");
    let state = AppState::new(data);
    assert!(
        check_top_collaborator(&state, &busiest).await >= 3,
        "{busiest}"
    );
    let lengths = check_longest_lists(&state).await;
    // A programme's projects and an institution's partnerships are past what is read where
    // a request is asked for, so those pages are cut on the blocking pool.
    for (case, length) in CASES.iter().zip(&lengths) {
        if matches!(case.paged, "projectsPage" | "partnershipsPage") {
            let name = format!("{}.{}", case.owner, case.paged);
            assert!(*length > regiograph::cpu::INLINE_STEPS, "{name}: {length}");
        }
    }
}

#[tokio::test]
async fn bad_pages_are_refused_as_on_every_connection() {
    for case in CASES {
        let (id, _) = hub(&state(), case).await;
        let query = |arguments: &str| {
            format!(
                r#"{{ entity(id: "{id}") {{ ... on {owner} {{ {paged}{arguments} {{ totalCount }} }} }} }}"#,
                owner = case.owner,
                paged = case.paged,
            )
        };
        for (arguments, message) in BAD_PAGES {
            check_error(&query(arguments), message).await;
        }
    }
}

#[tokio::test]
async fn the_unpaged_lists_are_deprecated_for_their_paged_siblings() {
    let mut cases: Vec<(&str, &str, &str)> =
        CASES.iter().map(|c| (c.owner, c.whole, c.paged)).collect();
    cases.push(("Collaborator", "projects", "projectsPage"));
    for (owner, whole, paged) in cases {
        let answer = data(&format!(
            r#"{{ __type(name: "{owner}") {{ fields(includeDeprecated: true) {{
                 name isDeprecated deprecationReason type {{ kind name ofType {{ name }} }} }} }} }}"#
        ))
        .await;
        let fields = items(&answer["__type"]["fields"]);
        let field = |name: &str| {
            fields
                .iter()
                .find(|f| f["name"] == name)
                .unwrap_or_else(|| panic!("{owner} has no field {name}"))
        };
        let (old, new) = (field(whole), field(paged));
        assert_eq!(old["isDeprecated"], true, "{owner}.{whole}");
        let reason = old["deprecationReason"].as_str().unwrap_or_default();
        assert!(
            reason.contains(&format!("`{paged}`")),
            "{owner}.{whole}: {reason}"
        );
        assert_eq!(new["isDeprecated"], false, "{owner}.{paged}");
        // The unpaged field keeps its published shape: a non-null list.
        assert_eq!(old["type"]["kind"], "NON_NULL", "{owner}.{whole}");
        assert_eq!(
            old["type"]["ofType"]["name"],
            Value::Null,
            "{owner}.{whole}"
        );
        let connection = new["type"]["ofType"]["name"].as_str().unwrap_or_default();
        assert!(
            connection.ends_with("Connection"),
            "{owner}.{paged}: {connection}"
        );
    }
}

/// Reads the shared projects of `id`'s top collaborator (at the country scale) page by page,
/// checks them against the unpaged list, and returns how many there are.
async fn check_top_collaborator(state: &AppState, id: &str) -> usize {
    // Collaborators come most shared projects first, so the first one's list is the longest.
    let query = |arguments: &str| {
        format!(
            r#"{{ collaborators(id: "{id}", level: COUNTRY, first: 1) {{ nodes {{
                 sharedProjects projects {{ id }}
                 page: projectsPage{arguments} {{ totalCount nodes {{ id }}
                   pageInfo {{ hasNextPage endCursor }} }} }} }} }}"#
        )
    };
    let top = |answer: Value| answer["collaborators"]["nodes"][0].clone();
    let mut answer = top(data_on(state, &query("(first: 100)")).await);
    let whole = items(&answer["projects"]).to_vec();
    assert!(!whole.is_empty(), "{id} has no collaborator");
    assert_eq!(answer["sharedProjects"], json!(whole.len()));
    assert_eq!(
        items(&answer["page"]["nodes"]),
        &whole[..whole.len().min(100)]
    );
    let size = whole.len().div_ceil(3).clamp(1, 100);
    answer = top(data_on(state, &query(&format!("(first: {size})"))).await);
    let mut found = Vec::new();
    loop {
        let page = &answer["page"];
        assert_eq!(page["totalCount"], json!(whole.len()));
        found.extend(items(&page["nodes"]).iter().cloned());
        if page["pageInfo"]["hasNextPage"] != true {
            break;
        }
        let after = format!("(first: {size}, after: {})", page["pageInfo"]["endCursor"]);
        answer = top(data_on(state, &query(&after)).await);
    }
    assert_eq!(
        found, whole,
        "the projects {id} shares with its top collaborator"
    );
    whole.len()
}

#[tokio::test]
async fn a_collaborators_shared_projects_come_a_page_at_a_time() {
    check_top_collaborator(&state(), "region:es-cb").await;
    let query = |arguments: &str| {
        format!(
            r#"{{ collaborators(id: "region:es-cb", level: COUNTRY) {{ nodes {{
                 projectsPage{arguments} {{ totalCount }} }} }} }}"#
        )
    };
    for (arguments, message) in BAD_PAGES {
        check_error(&query(arguments), message).await;
    }
}
