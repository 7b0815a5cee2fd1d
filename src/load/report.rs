//! Validation problems and the report that lists all of them at once.

use std::fmt;
use std::sync::Arc;

/// One thing wrong with the data, with where it is and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file, as shown to the user.
    pub file: Arc<str>,
    /// The 1-based line, when the problem has one.
    pub line: Option<usize>,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file, line, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// Every problem found in a data directory, sorted by file and line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// The problems, sorted by file and line.
    pub problems: Vec<Problem>,
    /// Problems found past the listing limit, counted but not listed.
    pub omitted: usize,
}

impl Report {
    /// Sorts the problems by file and line so that the report reads top to bottom.
    pub fn sort(&mut self) {
        self.problems
            .sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.problems.len() + self.omitted;
        writeln!(
            f,
            "{count} problem{} in the data:",
            if count == 1 { "" } else { "s" }
        )?;
        for problem in &self.problems {
            writeln!(f, "  {problem}")?;
        }
        if self.omitted > 0 {
            writeln!(
                f,
                "  ... and {} more, not listed; mend the ones above and validate again",
                self.omitted
            )?;
        }
        Ok(())
    }
}
