//! Partial calendar dates (`2017`, `2017-11`, `2023-03-13`) as the sources state them.

use std::fmt;
use std::str::FromStr;

/// A date known to the year, the month or the day.
///
/// Ordering compares the known parts first and puts a less precise date before a more
/// precise one in the same period (`2017` < `2017-11` < `2017-11-05`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct PartialDate {
    /// The year, 1000 to 9999.
    pub year: u16,
    /// The month, 1 to 12, when known.
    pub month: Option<u8>,
    /// The day of the month, when known.
    pub day: Option<u8>,
}

/// Why a text is not a partial date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{text}` is not a date: {reason} (write YYYY, YYYY-MM or YYYY-MM-DD)")]
pub struct BadDate {
    /// The rejected text.
    pub text: String,
    /// What is wrong with it.
    pub reason: &'static str,
}

impl PartialDate {
    /// The first day this date can mean, as `(year, month, day)`.
    pub fn earliest(self) -> (u16, u8, u8) {
        (self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// The last day this date can mean, as `(year, month, day)`.
    pub fn latest(self) -> (u16, u8, u8) {
        let month = self.month.unwrap_or(12);
        (
            self.year,
            month,
            self.day.unwrap_or_else(|| days_in_month(self.year, month)),
        )
    }
}

fn is_leap_year(year: u16) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl FromStr for PartialDate {
    type Err = BadDate;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = |reason| BadDate {
            text: text.to_owned(),
            reason,
        };
        let mut parts = text.split('-');
        let number = |part: Option<&str>, width: usize| -> Result<Option<u16>, BadDate> {
            match part {
                None => Ok(None),
                Some(p) if p.len() == width && p.bytes().all(|b| b.is_ascii_digit()) => {
                    Ok(p.parse().ok())
                }
                Some(_) => Err(bad("each part must be digits of the right width")),
            }
        };
        let year = number(parts.next(), 4)?.ok_or_else(|| bad("the year is missing"))?;
        let month = number(parts.next(), 2)?;
        let day = number(parts.next(), 2)?;
        if parts.next().is_some() {
            return Err(bad("too many parts"));
        }
        if year < 1000 {
            return Err(bad("the year must have four digits"));
        }
        let month = match month {
            Some(m) if (1..=12).contains(&m) => Some(m as u8),
            Some(_) => return Err(bad("the month must be 01 to 12")),
            None => None,
        };
        let day = match (month, day) {
            (Some(m), Some(d)) if d >= 1 && d <= u16::from(days_in_month(year, m)) => Some(d as u8),
            (Some(_), Some(_)) => return Err(bad("the day does not exist in that month")),
            (_, None) => None,
            // `split` yields a day only after a month; kept as an error, not a panic.
            (None, Some(_)) => return Err(bad("a day needs a month")),
        };
        Ok(PartialDate { year, month, day })
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(month) = self.month {
            write!(f, "-{month:02}")?;
        }
        if let Some(day) = self.day {
            write!(f, "-{day:02}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_each_precision() {
        for text in ["2017", "2017-11", "2023-03-13", "2024-02-29"] {
            assert_eq!(
                text.parse::<PartialDate>().map(|d| d.to_string()),
                Ok(text.to_owned())
            );
        }
    }

    #[test]
    fn rejects_impossible_dates() {
        for text in [
            "",
            "17",
            "2017-13",
            "2023-02-29",
            "2017-1",
            "2017-11-05-01",
            "abcd",
            "2017-00",
        ] {
            assert!(
                text.parse::<PartialDate>().is_err(),
                "{text} should be rejected"
            );
        }
    }

    #[test]
    fn less_precise_dates_sort_first() {
        let a: PartialDate = "2017".parse().unwrap();
        let b: PartialDate = "2017-11".parse().unwrap();
        assert!(a < b);
        assert_eq!(b.latest(), (2017, 11, 30));
    }
}
