//! Paths, neighbourhoods, connections, centrality, partner suggestions and counts: how entities
//! are connected, and according to which source.

use serde_json::{Value, json};

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
    // The case study has Paz Díaz Nieto live and work in Mexico for two decades, and the State
    // of Chihuahua lies in Mexico: two steps (as many as through the IUC pairing she took part
    // in), and no direct link exists.
    assert_eq!(
        entities,
        ["person:paz-diaz-nieto", "region:mexico", "region:chihuahua"]
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

#[tokio::test]
async fn path_filters_choose_the_route() {
    // Through positions, governments and partnerships only, Paz Díaz Nieto's way to Chihuahua is
    // through her position: she holds a position at the government of Cantabria
    // (iuc-cantabria-chihuahua.toml), which governs Cantabria; Cantabria and Chihuahua are both
    // partners in the IUC programme and in their pairing project, two routes of the same length.
    let route = data(
        r#"{ path(from: "person:paz-diaz-nieto", to: "region:chihuahua", relationTypes: [HOLDS_POSITION, PARTNER_IN, GOVERNS]) { length entities { id } } }"#,
    )
    .await;
    assert_eq!(route["path"]["length"], 4);
    let entities = ids(&route["path"]["entities"]);
    assert_eq!(
        entities[..3],
        [
            "person:paz-diaz-nieto",
            "institution:government-of-cantabria",
            "region:cantabria"
        ]
    );
    assert!(
        ["programme:iuc", "project:iuc-cantabria-chihuahua"].contains(&entities[3]),
        "{entities:?}"
    );
    assert_eq!(entities[4], "region:chihuahua");
    // Passing only through institutions and regions, by positions, governments and visits,
    // rules out the pairing project and Mexico: the route
    // goes through the government and Cantabria, and Chihuahua `visited` Cantabria
    // (iuc-cantabria-chihuahua.toml); paths ignore direction, and the ends pass any filter.
    check(
        r#"{ path(from: "person:paz-diaz-nieto", to: "region:chihuahua", kinds: [INSTITUTION, REGION], relationTypes: [HOLDS_POSITION, GOVERNS, VISITED]) { length entities { id } } }"#,
        json!({ "path": { "length": 3, "entities": [{ "id": "person:paz-diaz-nieto" }, { "id": "institution:government-of-cantabria" }, { "id": "region:cantabria" }, { "id": "region:chihuahua" }] } }),
    )
    .await;
}

#[tokio::test]
async fn as_of_shows_the_network_as_it_stood() {
    // Through participations and visits only, Cantabria reaches CIMAV by the 2023 study visit
    // (2023-03-13 to 15) and its second day (2023-03-14), which visited CIMAV
    // (iurc-study-visit-2023.toml). In 2019 that visit had not happened; on 15 March 2023 the
    // second day was over.
    let route = "relationTypes: [PARTICIPATED_IN, PART_OF, VISITED]";
    let path = |as_of: &str| {
        format!(
            r#"{{ path(from: "region:cantabria", to: "institution:cimav", {route} {as_of}) {{ length }} }}"#
        )
    };
    check(&path(""), json!({ "path": { "length": 3 } })).await;
    check(
        &path(r#"asOf: "2023-03-14""#),
        json!({ "path": { "length": 3 } }),
    )
    .await;
    check(&path(r#"asOf: "2023""#), json!({ "path": { "length": 3 } })).await;
    check(&path(r#"asOf: "2019""#), json!({ "path": null })).await;
    check(&path(r#"asOf: "2023-03-15""#), json!({ "path": null })).await;
    check(&path(r#"until: "2022""#), json!({ "path": null })).await;
    check(
        &path(r#"since: "2023-03""#),
        json!({ "path": { "length": 3 } }),
    )
    .await;
    // Cantabria's direct neighbourhood loses exactly its two dated events in 2019: the IUC
    // meeting in Brussels (2017-11, one month long) and the 2023 study visit, in the order the
    // neighbourhood lists them (relations in load order).
    let all = data(r#"{ neighborhood(id: "region:cantabria") { entities { id } } }"#).await;
    let then =
        data(r#"{ neighborhood(id: "region:cantabria", asOf: "2019") { entities { id } } }"#).await;
    let all = ids(&all["neighborhood"]["entities"]);
    let then = ids(&then["neighborhood"]["entities"]);
    let gone: Vec<_> = all.iter().filter(|id| !then.contains(id)).collect();
    assert_eq!(
        gone,
        [
            &"event:iuc-coordination-meeting-brussels-2017",
            &"event:cantabria-study-visit-chihuahua-2023"
        ]
    );
    check_error(
        r#"{ path(from: "region:cantabria", to: "region:spain", asOf: "2019", since: "2018") { length } }"#,
        "give either `asOf` or `since`/`until`",
    )
    .await;
    check_error(
        r#"{ path(from: "region:cantabria", to: "region:spain", asOf: "2019-13") { length } }"#,
        "the month must be 01 to 12",
    )
    .await;
}

#[tokio::test]
async fn paths_lists_the_k_shortest_distinct_routes() {
    // CIMAV has two neighbours, Chihuahua city and the study visit's second day, so every route
    // of three steps ends through one of them: Cantabria–Chihuahua–city (Chihuahua city is part
    // of Chihuahua), Cantabria–study visit–city (the visit `visited` the city) and Cantabria–study
    // visit–second day. No route of two steps exists, since neither neighbour touches Cantabria.
    // Routes of one length come in the order of their entities in the data.
    check(
        r#"{ paths(from: "region:cantabria", to: "institution:cimav", first: 10, maxLength: 3) { length entities { id } } }"#,
        json!({ "paths": [
            { "length": 3, "entities": [{ "id": "region:cantabria" }, { "id": "event:cantabria-study-visit-chihuahua-2023" }, { "id": "event:cantabria-study-visit-chihuahua-2023-day-2" }, { "id": "institution:cimav" }] },
            { "length": 3, "entities": [{ "id": "region:cantabria" }, { "id": "event:cantabria-study-visit-chihuahua-2023" }, { "id": "region:chihuahua-city" }, { "id": "institution:cimav" }] },
            { "length": 3, "entities": [{ "id": "region:cantabria" }, { "id": "region:chihuahua" }, { "id": "region:chihuahua-city" }, { "id": "institution:cimav" }] },
        ] }),
    )
    .await;
    let found = data(r#"{ paths(from: "person:paz-diaz-nieto", to: "region:chihuahua", first: 4) { length relations { sources { id } } } }"#).await;
    let lengths: Vec<_> = found["paths"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|p| p["length"].as_u64())
        .collect();
    // The two routes of two steps (the pairing, Mexico) first, then routes of three.
    assert_eq!(lengths, [Some(2), Some(2), Some(3), Some(3)]);
    // Every step of every path names its sources.
    for path in found["paths"].as_array().expect("a list") {
        for relation in path["relations"].as_array().expect("a list") {
            assert!(
                !relation["sources"].as_array().expect("a list").is_empty(),
                "{relation}"
            );
        }
    }
    check_error(
        r#"{ paths(from: "region:cantabria", to: "region:spain", first: 11) { length } }"#,
        "`first` must be between 1 and 10",
    )
    .await;
}

#[tokio::test]
async fn neighbourhood_filters_keep_the_centre() {
    // CIMAV's only relations are `located_in` Chihuahua city and the second day's `visited`.
    check(
        r#"{ neighborhood(id: "institution:cimav", relationTypes: [LOCATED_IN]) { entities { id } relations { type } truncated } }"#,
        json!({ "neighborhood": { "entities": [{ "id": "institution:cimav" }, { "id": "region:chihuahua-city" }], "relations": [{ "type": "LOCATED_IN" }], "truncated": false } }),
    )
    .await;
    check(
        r#"{ neighborhood(id: "institution:cimav", kinds: [EVENT]) { entities { id } } }"#,
        json!({ "neighborhood": { "entities": [{ "id": "institution:cimav" }, { "id": "event:cantabria-study-visit-chihuahua-2023-day-2" }] } }),
    )
    .await;
}

#[tokio::test]
async fn connections_show_what_two_regions_share() {
    // Cantabria and Chihuahua are paired (2017-11), collaborate, and Chihuahua visited Cantabria
    // (iuc-cantabria-chihuahua.toml); both are partners in the IUC programme and the pairing.
    check(
        r#"{ connections(a: "region:cantabria", b: "region:chihuahua") { direct { type } shared { kind count } } }"#,
        json!({ "connections": {
            "direct": [{ "type": "PAIRED_WITH" }, { "type": "COLLABORATES_WITH" }, { "type": "VISITED" }],
            "shared": [
                { "kind": "PROGRAMME", "count": 1 },
                { "kind": "PROJECT", "count": 1 },
                { "kind": "TOPIC", "count": 2 },
                { "kind": "EVENT", "count": 3 },
            ]
        } }),
    )
    .await;
    let full = data(r#"{ connections(a: "region:cantabria", b: "region:chihuahua") { direct { id sources { id } } shared { kind entities { entity { id } viaA { id sources { id } } viaB { id sources { id } } } } } }"#).await;
    insta::assert_json_snapshot!(full);
    // As of 2019 the 2023 study visit has not happened and the 2017-11 meeting is over; only the
    // undated delegation visit to Chihuahua remains.
    // The kinds limit the common neighbours, not the direct relations; the paired_with and
    // collaborates_with relations started in 2017-11 and have no end, and the visit is undated.
    check(
        r#"{ connections(a: "region:cantabria", b: "region:chihuahua", asOf: "2019", kinds: [EVENT]) { direct { type } shared { kind count } } }"#,
        json!({ "connections": { "direct": [{ "type": "PAIRED_WITH" }, { "type": "COLLABORATES_WITH" }, { "type": "VISITED" }], "shared": [{ "kind": "EVENT", "count": 1 }] } }),
    )
    .await;
}

#[tokio::test]
async fn centrality_ranks_and_groups_entities() {
    // The government of Cantabria is the institution with the most relations: 18 in the data.
    check(
        r#"{ ranking(kind: INSTITUTION, by: DEGREE, first: 2) { rank score entity { id } } }"#,
        json!({ "ranking": [
            { "rank": 1, "score": 18.0, "entity": { "id": "institution:government-of-cantabria" } },
            { "rank": 2, "score": 5.0, "entity": { "id": "institution:university-of-cantabria" } },
        ] }),
    )
    .await;
    // Cantabria is the hub between the DEVISE, IUC and study-visit clusters of the curated
    // data, so it lies on more shortest paths than the countries around it; only Germany, whose
    // hundreds of ISO 3166-2 and NUTS regions of the reference layer hang from it, lies on more.
    let top = data(r#"{ ranking(by: BETWEENNESS, first: 2) { entity { id } } }"#).await;
    assert_eq!(
        ids(&top["ranking"]
            .as_array()
            .expect("a list")
            .iter()
            .map(|r| r["entity"].clone())
            .collect()),
        ["region:de", "region:cantabria"]
    );
    // The degree field agrees with the relation count the entity itself reports.
    let government = data(r#"{ entity(id: "institution:government-of-cantabria") { centrality { degree } relations(first: 1) { totalCount } } }"#).await;
    assert_eq!(
        government["entity"]["centrality"]["degree"],
        government["entity"]["relations"]["totalCount"]
    );
    // Antarctica (ISO 3166-1 AQ) has no subdivision and nothing links to it: a component apart.
    let alone = data(
        r#"{ entity(id: "region:aq") { centrality { degree betweenness component } }
             cantabria: entity(id: "region:cantabria") { centrality { component } } }"#,
    )
    .await;
    assert_eq!(alone["entity"]["centrality"]["degree"], 0);
    assert_eq!(alone["entity"]["centrality"]["betweenness"], 0.0);
    assert_ne!(
        alone["entity"]["centrality"]["component"],
        alone["cantabria"]["centrality"]["component"]
    );
    let communities = data(r#"{ communities(first: 100) { id size } stats { entities } }"#).await;
    let sizes: Vec<u64> = communities["communities"]
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|c| c["size"].as_u64())
        .collect();
    assert!(sizes.windows(2).all(|w| w[0] >= w[1]), "{sizes:?}");
    let entities = communities["stats"]["entities"].as_u64().expect("a count");
    // Every entity is in one community: the first hundred, the largest, hold at most all.
    let listed = sizes.iter().sum::<u64>();
    assert!(listed == entities || (sizes.len() == 100 && listed < entities));
    // The largest community is far from the whole graph or its largest component (the curated
    // network with Spain, Mexico and the other countries it names, and their regions).
    let largest_component =
        data(r#"{ components(first: 1) { size } }"#).await["components"][0]["size"]
            .as_u64()
            .expect("a size");
    assert!(
        sizes.len() > 1 && sizes[0] < largest_component / 2,
        "Louvain found no structure: {sizes:?}"
    );
    check_error(
        r#"{ ranking(first: 0) { rank } }"#,
        "`first` must be between 1 and 100",
    )
    .await;
}

#[tokio::test]
async fn partner_suggestions_cross_regions_and_explain_themselves() {
    // The University of Cantabria focuses on the ICT industry (devise.toml); so did the third
    // DEVISE staff exchange, which ERNACT (Ireland) and Seinäjoki (Finland) attended. Neither is
    // linked to the university directly, and both are three steps away through that topic.
    check(
        r#"{ suggestPartners(id: "institution:university-of-cantabria") { institution { id } sharedTopics { id } distance } }"#,
        json!({ "suggestPartners": [
            { "institution": { "id": "institution:ernact" }, "sharedTopics": [{ "id": "topic:ict-industry" }], "distance": 3 },
            { "institution": { "id": "institution:seinajoki-university-of-applied-sciences" }, "sharedTopics": [{ "id": "topic:ict-industry" }], "distance": 3 },
        ] }),
    )
    .await;
    // That staff exchange also focused on tourism, so the same two work on it; the shared topics
    // stay those the university has too.
    check(
        r#"{ suggestPartners(id: "institution:university-of-cantabria", topic: "topic:tourism") { institution { id } sharedTopics { id } } }"#,
        json!({ "suggestPartners": [
            { "institution": { "id": "institution:ernact" }, "sharedTopics": [{ "id": "topic:ict-industry" }] },
            { "institution": { "id": "institution:seinajoki-university-of-applied-sciences" }, "sharedTopics": [{ "id": "topic:ict-industry" }] },
        ] }),
    )
    .await;
    // ERNACT and Seinäjoki (Ireland, Finland) took part in the DEVISE staff exchange, which
    // covered agri-food, now part of the agriculture topic.
    check(
        r#"{ suggestPartners(id: "institution:university-of-cantabria", topic: "topic:agriculture") { institution { id } } }"#,
        json!({ "suggestPartners": [{ "institution": { "id": "institution:ernact" } }, { "institution": { "id": "institution:seinajoki-university-of-applied-sciences" } }] }),
    )
    .await;
    check_error(
        r#"{ suggestPartners(id: "region:cantabria") { distance } }"#,
        "`id` needs an entity of kind `institution`",
    )
    .await;
}

#[tokio::test]
async fn lists_sort_by_centrality() {
    // The same order as the ranking: the government of Cantabria has the most relations.
    check(
        r#"{ entities(kind: INSTITUTION, orderBy: DEGREE, first: 2) { nodes { id centrality { degree } } } }"#,
        json!({ "entities": { "nodes": [
            { "id": "institution:government-of-cantabria", "centrality": { "degree": 18 } },
            { "id": "institution:university-of-cantabria", "centrality": { "degree": 5 } },
        ] } }),
    )
    .await;
}

#[tokio::test]
async fn lists_show_what_existed_on_a_date() {
    // On 14 March 2023 the study visit (13 to 15 March) and its second day were under way; the
    // 2017, 2018 and 2019 events were over (the delegation visit too: the case study of July
    // 2019 tells it as done, after the pairing began in November 2017), the other days not that
    // day; the three undated events (the DEVISE staff exchange and its two days) always count.
    let found = data(
        r#"{ entities(kind: EVENT, asOf: "2023-03-14", first: 100) { totalCount nodes { id } } }"#,
    )
    .await;
    let mut events = ids(&found["entities"]["nodes"]);
    events.sort_unstable();
    assert_eq!(
        events,
        [
            "event:cantabria-study-visit-chihuahua-2023",
            "event:cantabria-study-visit-chihuahua-2023-day-2",
            "event:devise-third-staff-exchange",
            "event:devise-third-staff-exchange-day-1",
            "event:devise-third-staff-exchange-day-2",
        ]
    );
    assert_eq!(found["entities"]["totalCount"], 5);
}

/// Whether a list of objects holds one with this id.
fn holds(list: &Value, id: &str) -> bool {
    ids(list).contains(&id)
}

#[tokio::test]
async fn presence_at_a_date_is_one_rule_for_lists_search_traversals_and_exports() {
    // The Cantabria–Chihuahua pairing started in 2017-11 and states no end: it may still be
    // running. The IUC meeting in Brussels (2017-11, no end) was an event: it lasted its month.
    let data = data(
        r#"{ list: entities(kind: PROJECT, asOf: "2020", first: 100) { nodes { id } }
             search: search(query: "Cantabria Chihuahua pairing", from: "2020", to: "2020", first: 50) { hits { entity { id } } }
             events2017: events(from: "2017-11", to: "2017-11") { nodes { id } }
             events2020: events(from: "2020", to: "2020") { nodes { id } }
             later: entities(kind: EVENT, asOf: "2020", first: 100) { nodes { id } }
             around: neighborhood(id: "programme:iuc", depth: 1, asOf: "2020") { entities { id } } }"#,
    )
    .await;
    let pairing = "project:iuc-cantabria-chihuahua";
    let meeting = "event:iuc-coordination-meeting-brussels-2017";
    assert!(holds(&data["list"]["nodes"], pairing), "{data:#}");
    let hits: Vec<&Value> = data["search"]["hits"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|hit| &hit["entity"])
        .collect();
    assert!(hits.iter().any(|e| e["id"] == pairing), "{hits:?}");
    assert!(holds(&data["events2017"]["nodes"], meeting));
    assert!(!holds(&data["events2020"]["nodes"], meeting));
    assert!(!holds(&data["later"]["nodes"], meeting));
    assert!(holds(&data["around"]["entities"], pairing), "{data:#}");
    // The export of the network as of 2020 keeps the pairing and leaves the meeting out.
    let output = crate::regiograph(&["export", "--format", "csv-nodes", "--as-of", "2020"]);
    assert!(output.status.success(), "{}", crate::text(&output.stderr));
    let nodes = crate::text(&output.stdout);
    assert!(nodes.contains(pairing));
    assert!(!nodes.contains(meeting));
}
