//! Fuzz target: any bytes, read as UTF-8 (lossily), as search text and suggestion prefix
//! against the bundled data, loaded and indexed once.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use regiograph::Dataset;
use regiograph::search::Filters;

/// The bundled data and its index, built on the first input.
fn dataset() -> &'static Dataset {
    static DATASET: OnceLock<Dataset> = OnceLock::new();
    DATASET.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("..")
            .join("data");
        Dataset::load(&dir).expect("the bundled data loads")
    })
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let dataset = dataset();
    // Searching either gives hits or an error for the user; only a panic is a finding.
    let _ = dataset
        .search
        .search(&dataset.graph, &text, &Filters::default());
    let _ = dataset.search.suggest(&text, &[], 10);
});
