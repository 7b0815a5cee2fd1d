//! What an import did with every row: imported, merged or refused (with file, line and
//! reason), and what it wrote; printed as a table at the end.

use std::collections::BTreeMap;
use std::fmt;

use super::rows::{At, Refusal};

/// The most refusals listed one by one; the rest are counted by reason.
pub const MAX_LISTED_REFUSALS: usize = 1_000;

/// A refused row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusedRow {
    /// Where the row was read.
    pub at: At,
    /// Why it was refused.
    pub refusal: Refusal,
}

impl fmt::Display for RefusedRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}: {}",
            self.at, self.refusal.reason, self.refusal.detail
        )
    }
}

/// The counts of one input file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileCounts {
    /// Data rows read (not counting the header).
    pub rows: usize,
    /// Rows that added an entity or relation.
    pub imported: usize,
    /// Rows whose every entity and relation was already there (in the import or in the data
    /// it will be served with).
    pub merged: usize,
    /// Rows refused.
    pub refused: usize,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Counts per input file, by the file's name as shown.
    pub files: BTreeMap<String, FileCounts>,
    /// Refused rows, the first [`MAX_LISTED_REFUSALS`] of them.
    pub refusals: Vec<RefusedRow>,
    /// Refused rows by reason.
    pub refused_by_reason: BTreeMap<&'static str, usize>,
    /// Entities written, by kind (`institution`, `project`, `programme`).
    pub entities_written: BTreeMap<String, usize>,
    /// Entities written that the served data already holds (by a shared identifier), so that
    /// loading merges them into it.
    pub entities_matching_existing: usize,
    /// Relations written.
    pub relations_written: usize,
    /// NUTS codes the map of regions does not know, with how many entities gave each; those
    /// entities were placed in the nearest enclosing region the map knows, when there is one.
    pub unknown_nuts: BTreeMap<String, usize>,
    /// Entities placed in a region enclosing their unknown NUTS code.
    pub placed_in_enclosing: usize,
    /// Countries the map does not know, with how many entities gave each (left unplaced).
    pub unknown_countries: BTreeMap<String, usize>,
    /// Entities whose rows give no place at all.
    pub unplaced: usize,
    /// Entities the served data already holds and places somewhere the row's place neither
    /// contains nor lies in: the served place stands, the row's is left out.
    pub placed_elsewhere: usize,
}

impl Summary {
    fn file(&mut self, at: &At) -> &mut FileCounts {
        if !self.files.contains_key(at.file.as_ref()) {
            self.files
                .insert(at.file.to_string(), FileCounts::default());
        }
        self.files
            .get_mut(at.file.as_ref())
            .expect("inserted above")
    }

    /// Counts an accepted row.
    pub fn accepted(&mut self, at: &At, merged: bool) {
        let file = self.file(at);
        file.rows += 1;
        if merged {
            file.merged += 1;
        } else {
            file.imported += 1;
        }
    }

    /// Counts a refused row and keeps its place and reason.
    pub fn refused(&mut self, at: &At, refusal: Refusal) {
        let file = self.file(at);
        file.rows += 1;
        file.refused += 1;
        *self.refused_by_reason.entry(refusal.reason).or_default() += 1;
        if self.refusals.len() < MAX_LISTED_REFUSALS {
            self.refusals.push(RefusedRow {
                at: at.clone(),
                refusal,
            });
        }
    }

    /// Lists and counts, by its reason, a refused part of a row that was otherwise accepted
    /// (one beneficiary of several); the row itself is counted by [`Summary::accepted`].
    pub fn refused_part(&mut self, at: &At, refusal: Refusal) {
        *self.refused_by_reason.entry(refusal.reason).or_default() += 1;
        if self.refusals.len() < MAX_LISTED_REFUSALS {
            self.refusals.push(RefusedRow {
                at: at.clone(),
                refusal,
            });
        }
    }

    /// Notes a file that holds no data row, so that it still shows in the table.
    pub fn file_seen(&mut self, at: &At) {
        self.file(at);
    }

    /// Counts an unknown NUTS code.
    pub fn unknown_nuts(&mut self, code: &str, placed_in_enclosing: bool) {
        *self.unknown_nuts.entry(code.to_owned()).or_default() += 1;
        if placed_in_enclosing {
            self.placed_in_enclosing += 1;
        }
    }

    /// Counts an unknown country.
    pub fn unknown_country(&mut self, country: &str) {
        *self
            .unknown_countries
            .entry(country.to_owned())
            .or_default() += 1;
    }

    /// Counts an entity written.
    pub fn entity_written(&mut self, kind: &str, existing: bool) {
        *self.entities_written.entry(kind.to_owned()).or_default() += 1;
        if existing {
            self.entities_matching_existing += 1;
        }
    }

    /// All rows read.
    pub fn rows(&self) -> usize {
        self.files.values().map(|f| f.rows).sum()
    }

    /// All rows refused.
    pub fn refused_rows(&self) -> usize {
        self.files.values().map(|f| f.refused).sum()
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let width = self
            .files
            .keys()
            .map(|name| name.chars().count())
            .chain([5])
            .max()
            .unwrap_or(5);
        writeln!(
            f,
            "{:<width$}  {:>9}  {:>9}  {:>9}  {:>9}",
            "file", "rows", "imported", "merged", "refused"
        )?;
        let mut total = FileCounts::default();
        for (name, counts) in &self.files {
            writeln!(
                f,
                "{name:<width$}  {:>9}  {:>9}  {:>9}  {:>9}",
                counts.rows, counts.imported, counts.merged, counts.refused
            )?;
            total.rows += counts.rows;
            total.imported += counts.imported;
            total.merged += counts.merged;
            total.refused += counts.refused;
        }
        writeln!(
            f,
            "{:<width$}  {:>9}  {:>9}  {:>9}  {:>9}",
            "total", total.rows, total.imported, total.merged, total.refused
        )?;
        let written: Vec<String> = self
            .entities_written
            .iter()
            .map(|(kind, n)| format!("{n} {kind}"))
            .collect();
        writeln!(
            f,
            "written: {} entities ({}), {} relations",
            self.entities_written.values().sum::<usize>(),
            if written.is_empty() {
                "none".to_owned()
            } else {
                written.join(", ")
            },
            self.relations_written
        )?;
        if self.entities_matching_existing > 0 {
            writeln!(
                f,
                "{} of them share an identifier with an entity of the served data and merge into it",
                self.entities_matching_existing
            )?;
        }
        for (reason, n) in &self.refused_by_reason {
            writeln!(f, "refused: {n} {reason}")?;
        }
        if !self.unknown_nuts.is_empty() {
            let codes: Vec<&str> = self
                .unknown_nuts
                .keys()
                .map(String::as_str)
                .take(20)
                .collect();
            writeln!(
                f,
                "{} entities give a NUTS code the map of regions does not know ({}{}); {} placed in an enclosing region",
                self.unknown_nuts.values().sum::<usize>(),
                codes.join(", "),
                if self.unknown_nuts.len() > codes.len() {
                    ", ..."
                } else {
                    ""
                },
                self.placed_in_enclosing
            )?;
        }
        if !self.unknown_countries.is_empty() {
            let countries: Vec<&str> = self
                .unknown_countries
                .keys()
                .map(String::as_str)
                .take(20)
                .collect();
            writeln!(
                f,
                "{} entities give a country the map of regions does not know ({}); left unplaced",
                self.unknown_countries.values().sum::<usize>(),
                countries.join(", ")
            )?;
        }
        if self.unplaced > 0 {
            writeln!(f, "{} entities give no place", self.unplaced)?;
        }
        if self.placed_elsewhere > 0 {
            writeln!(
                f,
                "{} entities are placed elsewhere by the served data, which stands; their rows' places are left out",
                self.placed_elsewhere
            )?;
        }
        Ok(())
    }
}
