//! Fuzz target: the CORDIS reader. Bytes that start like a zip are read as `cordis-x.zip`;
//! other bytes are split at the first NUL into `project.csv` and `organization.csv` (or one
//! loose CSV file when there is no NUL), read as loose files and again as the members of a
//! zip. Any panic is a finding, and so is an import whose output does not load beside the
//! served data (see `support`).
#![no_main]

mod support;

use libfuzzer_sys::fuzz_target;
use regiograph::import::Format;

fuzz_target!(|data: &[u8]| {
    let harness = support::harness();
    if support::is_zip(data) {
        let zip = harness.input("cordis-x.zip", data);
        harness.check(Format::Cordis, &[zip]);
        return;
    }
    match support::parts(data, 2).as_slice() {
        [projects, organisations] => {
            let loose = [
                harness.input("project.csv", projects),
                harness.input("organization.csv", organisations),
            ];
            harness.check(Format::Cordis, &loose);
            let zip = support::zip(&[
                ("project.csv", projects),
                ("organization.csv", organisations),
            ]);
            let zip = harness.input("cordis-x.zip", &zip);
            harness.check(Format::Cordis, &[zip]);
        }
        parts => {
            // One table: which one is read from its header, not its name.
            let table = harness.input("project.csv", parts.first().copied().unwrap_or_default());
            harness.check(Format::Cordis, &[table]);
        }
    }
});
