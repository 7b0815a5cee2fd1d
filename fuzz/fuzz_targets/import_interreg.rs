//! Fuzz target: the Interreg reader. Bytes that start like a zip are read as `keep-x.xlsx`
//! (calamine also opens xls, xlsb and ods by their content); other bytes are split at the
//! first NUL into up to two tables, read as `.csv` files and again as the sheets of an xlsx
//! workbook the target writes (numbers as number cells, `#d45000` as a date cell). Any panic
//! is a finding, and so is an import whose output does not load beside the served data.
#![no_main]

mod support;

use libfuzzer_sys::fuzz_target;
use regiograph::import::Format;

fuzz_target!(|data: &[u8]| {
    let harness = support::harness();
    if support::is_zip(data) {
        let workbook = harness.input("keep-x.xlsx", data);
        harness.check(Format::Interreg, &[workbook]);
        return;
    }
    let parts = support::parts(data, 2);
    let names = ["keep-projects-x.csv", "keep-partners-x.csv"];
    let files: Vec<_> = parts
        .iter()
        .zip(names)
        .map(|(bytes, name)| harness.input(name, bytes))
        .collect();
    harness.check(Format::Interreg, &files);
    let sheets: Vec<_> = parts
        .iter()
        .zip(["Projects", "Partners"])
        .map(|(bytes, name)| (name, support::cells(bytes)))
        .collect();
    let workbook = harness.input("keep-x.xlsx", &support::xlsx(&sheets));
    harness.check(Format::Interreg, &[workbook]);
});
