//! Fuzz target: any bytes, read as UTF-8 (lossily), loaded as one TOML data file.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // Loading either gives a graph or a report; only a panic is a finding.
    let _ = regiograph::load::load_toml_str("fuzz.toml", &text);
});
