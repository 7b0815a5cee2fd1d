//! Lists per kind with their filters, as Relay connections with bounded pages.

use serde_json::json;

use super::{check, check_error, data, ids};

#[tokio::test]
async fn institutions_filter_by_region_transitively_kind_and_topic() {
    let found = data(
        r#"{ juarez: institutions(in: "region:ciudad-juarez") { totalCount }
             mexico: institutions(in: "region:mexico", first: 100) { nodes { id } }
             clusters: institutions(kind: CLUSTER) { nodes { id } }
             ireland: institutions(in: "region:ireland") { nodes { id } } }"#,
    )
    .await;
    assert_eq!(found["juarez"]["totalCount"], 4);
    let mexico = ids(&found["mexico"]["nodes"]);
    assert!(
        mexico.contains(&"institution:t-hub-juarez")
            && mexico.contains(&"institution:la-nortenita"),
        "{mexico:?}"
    );
    assert!(!mexico.contains(&"institution:government-of-cantabria"));
    assert_eq!(
        ids(&found["clusters"]["nodes"]),
        [
            "institution:energy-cluster",
            "institution:ict-cluster-association",
            "institution:metaindustry4"
        ]
    );
    assert_eq!(ids(&found["ireland"]["nodes"]), ["institution:ernact"]);
}

#[tokio::test]
async fn a_faculty_inside_a_body_counts_as_inside_that_bodys_region() {
    // The European project office has no location of its own; it is part of the Government
    // of Cantabria, which is in Cantabria.
    let found =
        data(r#"{ institutions(in: "region:cantabria", first: 100) { nodes { id } } }"#).await;
    assert!(
        ids(&found["institutions"]["nodes"])
            .contains(&"institution:european-project-office-cantabria")
    );
}

#[tokio::test]
async fn events_filter_by_period_and_place_and_sort_by_date() {
    check(
        r#"{ events(from: "2019", to: "2019") { nodes { id start end } } }"#,
        // The delegation visit took place between the pairing's start and the July 2019 case
        // study (inferred dates), so it may have been in 2019.
        json!({ "events": { "nodes": [
            { "id": "event:cantabria-delegation-visit-chihuahua-iuc", "start": "2017-11", "end": "2019-07" },
            { "id": "event:first-intercluster-national-meeting", "start": "2019-12-10", "end": "2019-12-11" },
        ] } }),
    )
    .await;
    check(
        r#"{ events(from: "2023-03-14", to: "2023-03-14", in: "region:chihuahua") { nodes { id } } }"#,
        json!({ "events": { "nodes": [
            { "id": "event:cantabria-study-visit-chihuahua-2023" },
            { "id": "event:cantabria-study-visit-chihuahua-2023-day-2" },
        ] } }),
    )
    .await;
    let spain = data(r#"{ events(in: "region:spain", first: 100) { nodes { id start } } }"#).await;
    let nodes = spain["events"]["nodes"].as_array().expect("a list");
    // The 2018 congress and its award (placed in Spain by the congress's name, inferred), then
    // the 2019 meeting, then the undated events.
    let order: Vec<&str> = nodes.iter().filter_map(|e| e["id"].as_str()).collect();
    assert_eq!(
        order[..3],
        [
            "event:annual-spanish-clusters-congress-2018",
            "event:best-collaborative-project-between-enterprises-award-2018",
            "event:first-intercluster-national-meeting"
        ]
    );
    assert!(
        nodes[3..].iter().all(|e| e["start"].is_null()),
        "undated events come last: {nodes:?}"
    );
    check(
        r#"{ events(kind: MEETING, to: "2017-12") { nodes { id start place { id } } } }"#,
        json!({ "events": { "nodes": [
            { "id": "event:iuc-coordination-meeting-brussels-2017", "start": "2017-11", "place": { "id": "region:brussels" } },
        ] } }),
    )
    .await;
}

#[tokio::test]
async fn regions_people_programmes_projects_and_topics_have_lists() {
    let found = data(
        r#"{ countries: regions(level: COUNTRY, first: 100) { totalCount }
             latinAmerican: regions(level: COUNTRY, in: "region:latin-america") { nodes { id iso3166 } }
             inSpain: regions(in: "region:spain", level: REGION, first: 100) { nodes { id } }
             citiesInSpain: regions(in: "region:spain", level: CITY, first: 100) { nodes { id } }
             people { nodes { id } }
             atGovernment: people(at: "institution:government-of-cantabria") { nodes { id } }
             cooperation: programmes(kind: COOPERATION_PROGRAMME) { nodes { id } }
             underIuc: projects(programme: "programme:iuc") { nodes { id } }
             cantabrian: projects(partner: "institution:government-of-cantabria") { nodes { id } }
             topics(first: 3) { totalCount nodes { id } } }"#,
    )
    .await;
    // Every country of ISO 3166-1 and Kosovo (CLDR's XK) are in the reference layer; the
    // curated ones are among them.
    assert_eq!(found["countries"]["totalCount"], 250);
    let latin_american = found["latinAmerican"]["nodes"].as_array().expect("a list");
    assert_eq!(latin_american.len(), 6, "{latin_american:?}");
    assert!(latin_american.contains(&json!({ "id": "region:mexico", "iso3166": "MX" })));
    assert!(latin_american.contains(&json!({ "id": "region:peru", "iso3166": "PE" })));
    let in_spain = ids(&found["inSpain"]["nodes"]);
    assert!(in_spain.contains(&"region:cantabria"), "{in_spain:?}");
    assert!(!in_spain.contains(&"region:spain"));
    let cities = ids(&found["citiesInSpain"]["nodes"]);
    assert!(cities.contains(&"region:santander"), "{cities:?}");
    assert_eq!(
        ids(&found["people"]["nodes"]),
        [
            "person:jorge-muyo",
            "person:jose-manuel-san-emeterio",
            "person:paz-diaz-nieto",
            "person:ramon-zamora"
        ]
    );
    // José Manuel San Emeterio leads DEVISE, but no source says for which institution.
    assert_eq!(
        ids(&found["atGovernment"]["nodes"]),
        ["person:jorge-muyo", "person:paz-diaz-nieto"]
    );
    assert_eq!(
        ids(&found["cooperation"]["nodes"]),
        ["programme:iuc", "programme:iurc"]
    );
    assert_eq!(
        ids(&found["underIuc"]["nodes"]),
        ["project:iuc-cantabria-chihuahua"]
    );
    assert_eq!(
        ids(&found["cantabrian"]["nodes"]),
        ["project:devise", "project:digital-regions"]
    );
    assert_eq!(found["topics"]["nodes"].as_array().map(Vec::len), Some(3));
}

#[tokio::test]
async fn pages_are_bounded_and_cursors_checked() {
    check_error(
        r#"{ topics(first: 0) { totalCount } }"#,
        "`first` must be between 1 and 100, but was 0",
    )
    .await;
    check_error(
        r#"{ topics(first: 101) { totalCount } }"#,
        "`first` must be between 1 and 100, but was 101",
    )
    .await;
    check_error(
        r#"{ topics(after: "not-a-cursor") { totalCount } }"#,
        "`after` is not a cursor returned by this API",
    )
    .await;
    // A forged cursor at the very end of the number range is past every list, not a wrap to
    // its start (it encodes position 18446744073709551615).
    let past = data(
        r#"{ topics(after: "MTg0NDY3NDQwNzM3MDk1NTE2MTU") { nodes { id } pageInfo { hasNextPage } }
             entities(after: "MTg0NDY3NDQwNzM3MDk1NTE2MTU") { nodes { id } pageInfo { hasNextPage } }
             search(query: "cantabria", after: "MTg0NDY3NDQwNzM3MDk1NTE2MTU") { hits { entity { id } } pageInfo { hasNextPage } } }"#,
    )
    .await;
    for list in ["topics", "entities"] {
        assert_eq!(past[list]["nodes"], json!([]), "{past}");
        assert_eq!(past[list]["pageInfo"]["hasNextPage"], false, "{past}");
    }
    assert_eq!(past["search"]["hits"], json!([]), "{past}");
    assert_eq!(past["search"]["pageInfo"]["hasNextPage"], false, "{past}");
    check_error(
        r#"{ institutions(in: "region:atlantis") { totalCount } }"#,
        "`in`: no entity has the id `region:atlantis`",
    )
    .await;
    check_error(
        r#"{ institutions(in: "institution:cimav") { totalCount } }"#,
        "`in` needs an entity of kind `region`, but `institution:cimav` is of kind `institution`",
    )
    .await;
    check_error(
        r#"{ events(from: "March 2023") { totalCount } }"#,
        "is not a date",
    )
    .await;
    let default_page =
        data(r#"{ topics { totalCount nodes { id } pageInfo { hasNextPage } } }"#).await;
    assert_eq!(
        default_page["topics"]["nodes"].as_array().map(Vec::len),
        Some(20)
    );
    assert_eq!(default_page["topics"]["pageInfo"]["hasNextPage"], true);
}

/// Every entity's id, read page by page with pages of `size`.
async fn all_pages(arguments: &str, size: usize) -> (Vec<String>, u64) {
    let mut after = String::new();
    let mut found = Vec::new();
    loop {
        let page = data(&format!(
            r#"{{ entities({arguments} first: {size}{after}) {{ totalCount nodes {{ id }} pageInfo {{ hasNextPage endCursor }} }} }}"#
        ))
        .await;
        let page = &page["entities"];
        found.extend(ids(&page["nodes"]).into_iter().map(str::to_owned));
        if page["pageInfo"]["hasNextPage"] != true {
            let total = page["totalCount"].as_u64().expect("a count");
            return (found, total);
        }
        after = format!(r#", after: {}"#, page["pageInfo"]["endCursor"]);
    }
}

#[tokio::test]
async fn pages_of_every_entity_run_on_across_kinds_without_gaps_or_repeats() {
    let stats = data(r#"{ stats { entities } }"#).await;
    let entities = stats["stats"]["entities"].as_u64().expect("a count");
    // Listed by kind and then by name, or by a ranking; small pages end inside a kind's list
    // and the next page goes on where they stopped.
    for arguments in [
        "",
        "orderBy: PAGE_RANK,",
        "kind: INSTITUTION,",
        "asOf: \"2019\",",
    ] {
        let (large, total) = all_pages(arguments, 100).await;
        let (small, small_total) = all_pages(arguments, 7).await;
        assert_eq!(large, small, "{arguments}");
        assert_eq!(total, small_total, "{arguments}");
        assert_eq!(large.len() as u64, total, "{arguments}");
        let mut unique = large.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(
            unique.len(),
            large.len(),
            "{arguments}: an entity came twice"
        );
        if arguments.is_empty() || arguments.starts_with("orderBy") {
            assert_eq!(total, entities, "{arguments}");
        } else {
            assert!(total < entities, "{arguments}");
        }
    }
    let (first_kind, _) = all_pages("", 100).await;
    assert!(first_kind[0].starts_with("region:"), "{first_kind:?}");
}
