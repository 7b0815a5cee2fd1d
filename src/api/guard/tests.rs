//! Tests of the document guard: limits, page-size costs, fragments and nesting.

use super::*;

fn index() -> SchemaIndex {
    SchemaIndex::from_sdl(&crate::api::sdl())
}

fn checked(query: &str) -> Result<(), String> {
    let document = async_graphql::parser::parse_query(query).map_err(|e| e.to_string())?;
    check(
        &document,
        &Variables::default(),
        &index(),
        &DocumentLimits::default(),
    )
}

#[test]
fn the_schema_index_knows_types_and_page_sizes() {
    let index = SchemaIndex::from_sdl(&crate::api::sdl());
    let relations = index.field("Region", "relations").expect("a field");
    assert_eq!(
        (relations.returns.as_str(), relations.default_page),
        ("RelationConnection", Some(20))
    );
    assert_eq!(
        index.field("Query", "search").and_then(|f| f.default_page),
        Some(10)
    );
    let sources = index.field("Region", "sources").expect("a field");
    assert_eq!(
        (sources.returns.as_str(), sources.default_page),
        ("Source", None)
    );
}

#[test]
fn lists_cost_their_page_size() {
    let deep = "{ entities(first: 100) { nodes { relations(first: 100) { nodes { to { relations(first: 100) { nodes { id } } } } } } } }";
    assert!(checked(deep).unwrap_err().contains("items"));
    let usual = "{ entities(first: 100) { nodes { id name relations(first: 20) { nodes { type to { id } } } } } }";
    assert!(checked(usual).is_ok());
    // Two levels of 100 neighbours each way, as a dashboard drawing a neighbourhood asks.
    let level = |end: &str| {
        format!(
            "out: relations(direction: OUT, first: 100) {{ edges {{ node {{ type to {{ name }} }} }} }} \
             in: relations(direction: IN, first: 100) {{ edges {{ node {{ type from {{ name }} }} }} }} {end}"
        )
    };
    let outer = |direction: &str, end: &str| {
        format!(
            "{d}: relations(direction: {D}, first: 100) {{ edges {{ node {{ type {end} {{ name {inner} }} }} }} }}",
            d = direction.to_lowercase(),
            D = direction,
            inner = level("")
        )
    };
    let two_levels = format!(
        "{{ entity(id: \"x\") {{ name {} {} }} }}",
        outer("OUT", "to"),
        outer("IN", "from")
    );
    assert!(checked(&two_levels).is_ok(), "{:?}", checked(&two_levels));
    let document = async_graphql::parser::parse_query(
        "query($n: Int) { entities(first: $n) { nodes { relations(first: $n) { nodes { to { relations(first: $n) { nodes { id } } } } } } } }",
    )
    .expect("parses");
    let few = Variables::from_json(serde_json::json!({ "n": 3 }));
    assert!(check(&document, &few, &index(), &DocumentLimits::default()).is_ok());
    let many = Variables::from_json(serde_json::json!({ "n": 100 }));
    assert!(check(&document, &many, &index(), &DocumentLimits::default()).is_err());
}

#[test]
fn connections_cost_their_limit_of_common_neighbours() {
    let index = index();
    let connections = index.field("Query", "connections").expect("a field");
    assert_eq!(
        (connections.returns.as_str(), connections.default_page),
        ("Connections", Some(100))
    );
    // Twenty aliased `connections` of 100 common neighbours with their relations each
    // could return over 250,000 items; ten of 10 could not.
    let wide = "shared { entities { entity { id name kind description website \
        relations(first: 50) { nodes { id type } } } \
        viaA { id type role start end from { id name } to { id name } } \
        viaB { id type role start end from { id name } to { id name } } } }";
    let many: String = (0..20)
        .map(|i| format!("c{i}: connections(a: \"x\", b: \"y\") {{ {wide} }} "))
        .collect();
    assert!(
        checked(&format!("{{ {many} }}"))
            .unwrap_err()
            .contains("items")
    );
    let few: String = (0..10)
        .map(|i| format!("c{i}: connections(a: \"x\", b: \"y\", limit: 10) {{ {wide} }} "))
        .collect();
    assert!(checked(&format!("{{ {few} }}")).is_ok());
}

#[test]
fn nesting_ignores_strings_and_comments() {
    assert_eq!(nesting(r#"{ a(b: "{{{{") { c } } # {{{{"#), 2);
    assert_eq!(nesting(&"{".repeat(50)), 50);
}

#[test]
fn exploding_fragments_are_counted_not_expanded() {
    let mut query = String::from("query { ...F0 }\n");
    for i in 0..40 {
        query.push_str(&format!(
            "fragment F{i} on Query {{ ...F{} ...F{} }}\n",
            i + 1,
            i + 1
        ));
    }
    query.push_str("fragment F40 on Query { __typename }\n");
    let error = checked(&query).unwrap_err();
    assert!(
        error.contains("fields once fragments are expanded"),
        "{error}"
    );
}

#[test]
fn cycles_and_alias_floods_are_refused() {
    assert!(
        checked("query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }")
            .unwrap_err()
            .contains("spreads itself")
    );
    let aliases: String = (0..150).map(|i| format!("a{i}: __typename ")).collect();
    assert!(
        checked(&format!("{{ stats {{ {aliases} }} }}"))
            .unwrap_err()
            .contains("aliases")
    );
    assert!(checked("{ stats { entities } }").is_ok());
}

#[test]
fn paged_lists_at_an_entity_cost_their_page_size() {
    let index = index();
    // Every paged sibling of an unpaged list is a connection with the usual default page.
    for (owner, field, connection) in [
        ("Region", "childrenPage", "RegionConnection"),
        ("Institution", "unitsPage", "InstitutionConnection"),
        ("Institution", "peoplePage", "PositionConnection"),
        ("Institution", "partnershipsPage", "PartnershipConnection"),
        ("Person", "positionsPage", "PositionConnection"),
        ("Programme", "projectsPage", "ProjectConnection"),
        ("Programme", "partnersPage", "PartnershipConnection"),
        ("Project", "programmesPage", "ProgrammeConnection"),
        ("Project", "partnersPage", "PartnershipConnection"),
        ("Event", "partsPage", "EventConnection"),
        ("Event", "visitsPage", "RelationConnection"),
        ("Collaborator", "projectsPage", "ProjectConnection"),
    ] {
        let info = index.field(owner, field).expect("a paged field");
        assert_eq!(
            (info.returns.as_str(), info.default_page),
            (connection, Some(20)),
            "{owner}.{field}"
        );
    }
    // Three levels of full pages could return about two million items; with the default
    // page size inside, about 84,000.
    let full = "{ programmes(first: 100) { nodes { projectsPage(first: 100) { nodes { \
        partnersPage(first: 100) { nodes { role } } } } } } }";
    assert!(checked(full).unwrap_err().contains("items"));
    let usual = "{ programmes(first: 100) { nodes { projectsPage { nodes { \
        partnersPage { nodes { role } } } } } } }";
    assert!(checked(usual).is_ok(), "{:?}", checked(usual));
    let collaborators = "{ collaborators(id: \"x\", first: 100) { nodes { \
        projectsPage(first: 100) { nodes { partnersPage(first: 100) { nodes { role } } } } } } }";
    assert!(checked(collaborators).unwrap_err().contains("items"));
}
