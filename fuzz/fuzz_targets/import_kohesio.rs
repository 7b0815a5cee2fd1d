//! Fuzz target: the Kohesio reader. The bytes are split at the first NUL into up to two
//! files, `ES-fixture.csv` and `PT-fixture.csv` (the country is read from the file name).
//! Any panic is a finding, and so is an import whose output does not load beside the
//! served data (see `support`).
#![no_main]

mod support;

use libfuzzer_sys::fuzz_target;
use regiograph::import::Format;

fuzz_target!(|data: &[u8]| {
    let harness = support::harness();
    let files: Vec<_> = support::parts(data, 2)
        .iter()
        .zip(["ES-fixture.csv", "PT-fixture.csv"])
        .map(|(bytes, name)| harness.input(name, bytes))
        .collect();
    harness.check(Format::Kohesio, &files);
});
