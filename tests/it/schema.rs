//! The schema file is the contract: `schema.graphql` must equal the schema the code serves.

#[test]
fn schema_file_matches_the_code() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schema.graphql");
    let served = regiograph::api::sdl();
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &served).expect("schema.graphql is writable");
    }
    let published = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        published == served,
        "schema.graphql differs from the schema the code serves; review the change, then run \
         `cargo run -- schema > schema.graphql` (or UPDATE_SCHEMA=1 cargo test schema)"
    );
}
