//! Paths, neighbourhoods and counts: how entities are connected, and according to which source.

use serde_json::json;

use super::{check, check_error, data, ids};

#[tokio::test]
async fn a_path_explains_how_two_entities_are_connected() {
    let found = data(
        r#"{ path(from: "person:paz-diaz-nieto", to: "region:chihuahua") {
              length entities { id } relations { type from { id } to { id } sources { id } } } }"#,
    )
    .await;
    let path = &found["path"];
    let length = path["length"].as_u64().expect("a length") as usize;
    let entities = ids(&path["entities"]);
    let relations = path["relations"].as_array().expect("a list");
    assert_eq!((entities.len(), relations.len()), (length + 1, length));
    assert_eq!(
        (entities[0], entities[length]),
        ("person:paz-diaz-nieto", "region:chihuahua")
    );
    // Each step links the entities on either side of it, whichever way the relation reads.
    for (step, relation) in relations.iter().enumerate() {
        let ends = [
            relation["from"]["id"].as_str(),
            relation["to"]["id"].as_str(),
        ];
        assert!(
            ends.contains(&Some(entities[step])) && ends.contains(&Some(entities[step + 1])),
            "{relation}"
        );
        assert!(!relation["sources"].as_array().expect("a list").is_empty());
    }
    // The case study has Paz Díaz Nieto take part in the IUC pairing, in which Chihuahua is a
    // partner: two steps, and no direct link exists.
    assert_eq!(
        entities,
        [
            "person:paz-diaz-nieto",
            "project:iuc-cantabria-chihuahua",
            "region:chihuahua"
        ]
    );
}

#[tokio::test]
async fn paths_respect_max_length_and_ids() {
    check(
        r#"{ path(from: "region:cantabria", to: "region:cantabria") { length } }"#,
        json!({ "path": { "length": 0 } }),
    )
    .await;
    check(r#"{ path(from: "institution:ernact", to: "institution:t-hub-juarez", maxLength: 1) { length } }"#, json!({ "path": null }))
        .await;
    check_error(
        r#"{ path(from: "region:atlantis", to: "region:cantabria") { length } }"#,
        "`from`: no entity has the id `region:atlantis`",
    )
    .await;
    check_error(
        r#"{ path(from: "region:spain", to: "region:cantabria", maxLength: 11) { length } }"#,
        "`maxLength` must be between 1 and 10",
    )
    .await;
}

#[tokio::test]
async fn a_neighbourhood_is_ready_to_draw() {
    let found = data(
        r#"{ neighborhood(id: "institution:cimav") { truncated entities { id } relations { from { id } to { id } } } }"#,
    )
    .await;
    let hood = &found["neighborhood"];
    let entities = ids(&hood["entities"]);
    assert_eq!(entities[0], "institution:cimav");
    assert!(entities.contains(&"region:chihuahua-city"));
    assert!(entities.contains(&"event:cantabria-study-visit-chihuahua-2023-day-2"));
    assert_eq!(hood["truncated"], false);
    for relation in hood["relations"].as_array().expect("a list") {
        for end in ["from", "to"] {
            let id = relation[end]["id"].as_str().unwrap_or_default();
            assert!(
                entities.contains(&id),
                "relation end {id} is not among the entities"
            );
        }
    }
    let cut = data(r#"{ neighborhood(id: "region:cantabria", depth: 3, limit: 5) { truncated entities { id } } }"#).await;
    assert_eq!(cut["neighborhood"]["truncated"], true);
    assert_eq!(
        cut["neighborhood"]["entities"].as_array().map(Vec::len),
        Some(5)
    );
    check_error(
        r#"{ neighborhood(id: "region:cantabria", depth: 4) { truncated } }"#,
        "`depth` must be between 1 and 3",
    )
    .await;
    check_error(
        r#"{ neighborhood(id: "nowhere") { truncated } }"#,
        "`id`: no entity has the id `nowhere`",
    )
    .await;
}

#[tokio::test]
async fn stats_count_entities_by_kind_and_relations_by_type() {
    let stats = data(r#"{ stats { entities relations sources entitiesByKind { kind count } relationsByType { type count } } }"#).await;
    insta::assert_json_snapshot!(stats);
    let stats = &stats["stats"];
    let by_kind: u64 = stats["entitiesByKind"]
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|k| k["count"].as_u64())
        .sum();
    let by_type: u64 = stats["relationsByType"]
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|k| k["count"].as_u64())
        .sum();
    assert_eq!(Some(by_kind), stats["entities"].as_u64());
    assert_eq!(Some(by_type), stats["relations"].as_u64());
    assert!(
        by_type > 200,
        "expected well over 200 relations, got {by_type}"
    );
}
