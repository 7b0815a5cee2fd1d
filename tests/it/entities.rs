//! Entity lookups: `entity`, `node`, and the fields of each kind, on the bundled data.

use serde_json::json;

use super::{check, data, ids};

#[tokio::test]
async fn unknown_ids_give_null() {
    check(
        r#"{ entity(id: "region:atlantis") { id } node(id: "nothing") { id } }"#,
        json!({ "entity": null, "node": null }),
    )
    .await;
}

#[tokio::test]
async fn node_finds_an_entity_by_its_id() {
    check(
        r#"{ node(id: "institution:cimav") { id ... on Institution { name aliases institutionKind location { id } } } }"#,
        json!({ "node": {
            "id": "institution:cimav",
            "name": "Advanced Materials Research Centre",
            "aliases": ["CIMAV"],
            "institutionKind": "RESEARCH_CENTRE",
            "location": { "id": "region:chihuahua-city" },
        } }),
    )
    .await;
}

#[tokio::test]
async fn a_region_knows_its_level_code_and_place_in_the_hierarchy() {
    check(
        r#"{ entity(id: "region:ciudad-juarez") { name kind ... on Region { level parent { id } ancestors { id } } } }"#,
        json!({ "entity": {
            "name": "Ciudad Juárez",
            "kind": "REGION",
            "level": "CITY",
            "parent": { "id": "region:chihuahua" },
            "ancestors": [{ "id": "region:chihuahua" }, { "id": "region:mexico" }, { "id": "region:latin-america" }],
        } }),
    )
    .await;
    check(
        r#"{ entity(id: "region:chihuahua") { ... on Region { level iso3166 } } }"#,
        json!({ "entity": { "level": "REGION", "iso3166": "MX-CHH" } }),
    )
    .await;
}

#[tokio::test]
async fn a_region_lists_the_institutions_inside_it() {
    let found = data(r#"{ entity(id: "region:ciudad-juarez") { ... on Region { institutions { totalCount nodes { id } } } } }"#).await;
    let institutions = &found["entity"]["institutions"];
    assert_eq!(
        ids(&institutions["nodes"]),
        [
            "institution:ia-center",
            "institution:hospital-angeles-ciudad-juarez",
            "institution:t-hub-juarez",
            "institution:tpi-composites"
        ]
    );
    // The state holds no institution directly, but every stop of the 2023 visit recursively.
    let state = data(
        r#"{ entity(id: "region:chihuahua") { ... on Region {
              direct: institutions { totalCount }
              all: institutions(recursive: true, first: 100) { nodes { id } } } } }"#,
    )
    .await;
    let all = ids(&state["entity"]["all"]["nodes"]);
    for stop in [
        "institution:spark",
        "institution:cenaltec-plantel-chihuahua",
        "institution:heineken-plant-meoqui",
        "institution:la-nortenita",
        "institution:side",
        "institution:cimav",
        "institution:faciatec",
        "institution:tpi-composites",
        "institution:hospital-angeles-ciudad-juarez",
        "institution:ia-center",
        "institution:t-hub-juarez",
    ] {
        assert!(all.contains(&stop), "{stop} missing from {all:?}");
    }
    assert!(!all.iter().any(|id| id.contains("cantabria")), "{all:?}");
}

#[tokio::test]
async fn the_2023_study_visit_is_told_day_by_day_and_place_by_place() {
    let visit = data(
        r#"{ entity(id: "event:cantabria-study-visit-chihuahua-2023") { name ... on Event {
              eventKind start end place { id }
              parts { start visits { to { id } } } } } }"#,
    )
    .await;
    insta::assert_json_snapshot!(visit);
}

#[tokio::test]
async fn a_person_has_positions_with_roles_and_sources() {
    check(
        r#"{ entity(id: "person:jorge-muyo") { name ... on Person { positions { role institution { id } sources { id } } } } }"#,
        json!({ "entity": {
            "name": "Jorge Muyo",
            "positions": [{
                "role": "General Director of Innovation, Technological Development and Industrial Entrepreneurship",
                "institution": { "id": "institution:government-of-cantabria" },
                "sources": [{ "id": "source:digital-regions-partner-government-of-cantabria" }],
            }],
        } }),
    )
    .await;
}

#[tokio::test]
async fn a_project_lists_its_partners_with_roles() {
    check(
        r#"{ entity(id: "project:devise") { ... on Project { partners { partner { id } role } } } }"#,
        json!({ "entity": { "partners": [
            { "partner": { "id": "institution:ernact" }, "role": "lead partner" },
            { "partner": { "id": "institution:government-of-cantabria" }, "role": "partner" },
            { "partner": { "id": "institution:seinajoki-university-of-applied-sciences" }, "role": "partner" },
        ] } }),
    )
    .await;
}

#[tokio::test]
async fn inferred_dates_are_flagged() {
    check(
        r#"{ entity(id: "event:first-intercluster-national-meeting") { inferredFields ... on Event { start end place { id } } } }"#,
        json!({ "entity": {
            "inferredFields": ["start", "end"],
            "start": "2019-12-10",
            "end": "2019-12-11",
            "place": { "id": "region:pamplona" },
        } }),
    )
    .await;
}

#[tokio::test]
async fn figures_keep_their_units_and_approximations() {
    check(
        r#"{ entity(id: "region:cantabria") { figures { label value unit approximate sources { id } } } }"#,
        json!({ "entity": { "figures": [
            { "label": "industry sector share of regional GDP", "value": 19.0, "unit": "%", "approximate": true,
              "sources": [{ "id": "source:digital-regions-partner-government-of-cantabria" }] },
            { "label": "industry sector employees", "value": 32000.0, "unit": "employees", "approximate": true,
              "sources": [{ "id": "source:digital-regions-partner-government-of-cantabria" }] },
            { "label": "industry sector global market figure", "value": 7845.0, "unit": "M€", "approximate": false,
              "sources": [{ "id": "source:digital-regions-partner-government-of-cantabria" }] },
        ] } }),
    )
    .await;
}

#[tokio::test]
async fn relations_filter_by_type_and_direction_and_page() {
    let pairing = data(
        r#"{ entity(id: "region:cantabria") {
              paired: relations(type: PAIRED_WITH) { totalCount nodes { id type start from { id } to { id } sources { id } } }
              out: relations(direction: OUT, first: 2) { totalCount edges { cursor } pageInfo { hasNextPage } } } }"#,
    )
    .await;
    let paired = &pairing["entity"]["paired"];
    assert_eq!(paired["totalCount"], 1);
    assert_eq!(paired["nodes"][0]["start"], "2017-11");
    assert_eq!(
        paired["nodes"][0]["sources"][0]["id"],
        "source:iuc-case-study-2019"
    );
    let out = &pairing["entity"]["out"];
    assert_eq!(out["edges"].as_array().map(Vec::len), Some(2));
    assert_eq!(out["pageInfo"]["hasNextPage"], true);

    let cursor = out["edges"][1]["cursor"].as_str().expect("a cursor");
    let rest = data(&format!(
        r#"{{ entity(id: "region:cantabria") {{ relations(direction: OUT, first: 100, after: "{cursor}") {{ totalCount nodes {{ id }} pageInfo {{ hasPreviousPage hasNextPage }} }} }} }}"#
    ))
    .await;
    let rest = &rest["entity"]["relations"];
    let total = out["totalCount"].as_u64().expect("a count") as usize;
    assert_eq!(rest["nodes"].as_array().map(Vec::len), Some(total - 2));
    assert_eq!(
        rest["pageInfo"],
        json!({ "hasPreviousPage": true, "hasNextPage": false })
    );
}

#[tokio::test]
async fn every_entity_and_relation_answers_with_its_sources() {
    let all = data(r#"{ entities(first: 100) { totalCount } }"#).await;
    let total = all["entities"]["totalCount"].as_u64().expect("a count");
    assert!(total > 100, "expected well over 100 entities, got {total}");
    let mut after = String::new();
    let mut seen = 0;
    loop {
        let page = data(&format!(
            r#"{{ entities(first: 100{after}) {{ pageInfo {{ hasNextPage endCursor }}
                  nodes {{ id sources {{ id title }} relations(first: 100) {{ nodes {{ sources {{ id }} }} }} }} }} }}"#
        ))
        .await;
        for entity in page["entities"]["nodes"].as_array().expect("a list") {
            seen += 1;
            assert!(
                !entity["sources"].as_array().expect("a list").is_empty(),
                "{entity}"
            );
            for relation in entity["relations"]["nodes"].as_array().expect("a list") {
                assert!(
                    !relation["sources"].as_array().expect("a list").is_empty(),
                    "{entity}"
                );
            }
        }
        if page["entities"]["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = format!(
            r#", after: "{}""#,
            page["entities"]["pageInfo"]["endCursor"]
                .as_str()
                .expect("a cursor")
        );
    }
    assert_eq!(seen, total);
}

#[tokio::test]
async fn sources_are_records_with_title_author_and_date() {
    check(
        r#"{ source(id: "source:iuc-case-study-2019") { id title publisher author date kind }
             missing: source(id: "source:nothing") { id }
             sources { totalCount } }"#,
        json!({
            "source": {
                "id": "source:iuc-case-study-2019",
                "title": "CANTABRIA AND CHIHUAHUA COLLABORATE ON BIOMEDICINE, AGRICULTURE AND SMART TOURISM",
                "publisher": "IUC Coordination Unit",
                "author": "Paz Díaz Nieto",
                "date": "2019-07",
                "kind": "CASE_STUDY",
            },
            "missing": null,
            // The five documents of the curated data and the four files of the reference layer.
            "sources": { "totalCount": 10 },
        }),
    )
    .await;
}
