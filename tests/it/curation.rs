//! The curated data read at a date: what the sources support about when programmes,
//! memberships and the pairing's programme held, asked as a researcher would with `asOf`.

use serde_json::{Value, json};

use super::data;

/// The types of the relations directly between two entities on a date.
async fn direct(a: &str, b: &str, as_of: &str) -> Vec<String> {
    let found = data(&format!(
        r#"{{ connections(a: "{a}", b: "{b}", asOf: "{as_of}") {{ direct {{ type }} }} }}"#
    ))
    .await;
    found["connections"]["direct"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|r| r["type"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// Whether an entity is in the list of its kind on a date.
async fn present(kind: &str, id: &str, as_of: &str) -> bool {
    let found = data(&format!(
        r#"{{ entities(kind: {kind}, asOf: "{as_of}", first: 100) {{ nodes {{ id }} }} }}"#
    ))
    .await;
    found["entities"]["nodes"]
        .as_array()
        .expect("a list")
        .iter()
        .any(|n| n["id"] == id)
}

#[tokio::test]
async fn iurc_and_its_scope_begin_after_iuc() {
    // IURC is IUC's second phase (IUC ran 2016-2020): its start is inferred as 2020.
    for (year, expected) in [("2016", false), ("2019", false), ("2023", true)] {
        assert_eq!(
            present("PROGRAMME", "programme:iurc", year).await,
            expected,
            "IURC in {year}"
        );
        // The six Latin American countries are IURC's scope, not its partners.
        let scope = if expected { vec!["COVERS"] } else { vec![] };
        for country in ["region:mexico", "region:peru"] {
            assert_eq!(
                direct("programme:iurc", country, year).await,
                scope,
                "{country} in {year}"
            );
        }
    }
}

#[tokio::test]
async fn cluster_platform_memberships_hold_only_when_the_source_allows() {
    let platform = "programme:european-cluster-collaboration-platform";
    // Mexico's national level had left by the July 2019 case study; Chihuahua was to join.
    for (year, mexico, chihuahua) in [
        ("2016", vec!["MEMBER_OF"], vec![]),
        ("2019", vec!["MEMBER_OF"], vec!["MEMBER_OF"]),
        ("2023", vec![], vec!["MEMBER_OF"]),
    ] {
        assert_eq!(
            direct("region:mexico", platform, year).await,
            mexico,
            "Mexico in {year}"
        );
        assert_eq!(
            direct("region:chihuahua", platform, year).await,
            chihuahua,
            "Chihuahua in {year}"
        );
    }
}

#[tokio::test]
async fn the_pairing_moves_from_iuc_to_iurc() {
    let programme = |year: &str| {
        format!(
            r#"{{ entity(id: "project:iuc-cantabria-chihuahua") {{ ... on Project {{ programme(asOf: "{year}") {{ id }} }} }} }}"#
        )
    };
    for (year, expected) in [
        ("2016", Value::Null),
        ("2019", json!({ "id": "programme:iuc" })),
        ("2023", json!({ "id": "programme:iurc" })),
    ] {
        let found = data(&programme(year)).await;
        assert_eq!(found["entity"]["programme"], expected, "{year}");
    }
    // Without a date, the newer programme; both are listed.
    let found = data(
        r#"{ entity(id: "project:iuc-cantabria-chihuahua") { ... on Project { programme { id } programmes { id } } } }"#,
    )
    .await;
    assert_eq!(
        found["entity"]["programme"],
        json!({ "id": "programme:iurc" })
    );
    assert_eq!(
        found["entity"]["programmes"],
        json!([{ "id": "programme:iuc" }, { "id": "programme:iurc" }])
    );
}

#[tokio::test]
async fn merged_topics_keep_answering_to_their_former_ids() {
    for (former, now) in [
        ("topic:agrofood", "topic:agriculture"),
        ("topic:intercluster-collaboration", "topic:clusters"),
        (
            "topic:continuous-care-and-personalised-health",
            "topic:health",
        ),
        (
            "topic:cross-border-cooperation",
            "topic:international-urban-and-regional-cooperation",
        ),
    ] {
        let found = data(&format!(r#"{{ entity(id: "{former}") {{ id }} }}"#)).await;
        assert_eq!(found["entity"]["id"], now, "{former}");
    }
}
