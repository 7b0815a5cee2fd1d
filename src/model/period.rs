//! When something is present: the one rule every date filter applies (lists, search,
//! traversals, exports), for relations and for entities.

use super::date::PartialDate;

/// A period of time, open at either end; a single date is the period from it to itself.
///
/// Something dated from `start` to `end` is present in the period when it may have existed at
/// some moment of it: its start is unknown or no later than the period's end, and its end is
/// unknown or no earlier than the period's start. Partial dates are read generously: `2019`
/// runs from 1 January to 31 December 2019, so a relation ending in `2019` is present as of
/// `2019-06` and one starting in `2019-11` is present as of `2019`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Period {
    /// The first date of the period, or none for "since always".
    pub from: Option<PartialDate>,
    /// The last date of the period, or none for "until now and on".
    pub to: Option<PartialDate>,
}

impl Period {
    /// The period of one (partial) date: the network as it stood then.
    pub fn at(date: PartialDate) -> Self {
        Period {
            from: Some(date),
            to: Some(date),
        }
    }

    /// Whether something that started at `start` and ended at `end` (either unknown) may have
    /// existed at some moment of the period.
    pub fn contains(&self, start: Option<PartialDate>, end: Option<PartialDate>) -> bool {
        let started = match (start, self.to) {
            (Some(start), Some(to)) => start.earliest() <= to.latest(),
            _ => true,
        };
        let not_ended = match (end, self.from) {
            (Some(end), Some(from)) => end.latest() >= from.earliest(),
            _ => true,
        };
        started && not_ended
    }
}

/// Why date arguments do not make a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    /// A date and a period were both given.
    #[error("give either `asOf` or `since`/`until`, not both")]
    Both,
    /// The period ends before it starts.
    #[error("`{since}` is after `until` `{until}`")]
    Reversed {
        /// The first date given.
        since: PartialDate,
        /// The last date given.
        until: PartialDate,
    },
}

impl PeriodError {
    /// The argument the error is about, as the API and the command line name it.
    pub fn argument(self) -> &'static str {
        match self {
            PeriodError::Both => "asOf",
            PeriodError::Reversed { .. } => "since",
        }
    }
}

impl Period {
    /// The period that `asOf` or `since`/`until` describe, the same for every caller (GraphQL,
    /// HTTP exports, the command line): a date alone, a period open at either end, or none.
    pub fn from_arguments(
        as_of: Option<PartialDate>,
        since: Option<PartialDate>,
        until: Option<PartialDate>,
    ) -> Result<Option<Period>, PeriodError> {
        match (as_of, since, until) {
            (Some(_), Some(_), _) | (Some(_), _, Some(_)) => Err(PeriodError::Both),
            (Some(date), None, None) => Ok(Some(Period::at(date))),
            (None, None, None) => Ok(None),
            (None, Some(since), Some(until)) if since.earliest() > until.latest() => {
                Err(PeriodError::Reversed { since, until })
            }
            (None, from, to) => Ok(Some(Period { from, to })),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Option<PartialDate> {
        Some(text.parse().expect("a valid date"))
    }

    #[test]
    fn presence_reads_partial_dates_generously() {
        let as_of = |d: &str| Period::at(date(d).expect("a date"));
        // A relation from 2017-11 to 2020 is present in 2017, mid-2020, but not in 2021 or 2016.
        let (start, end) = (date("2017-11"), date("2020"));
        assert!(as_of("2017").contains(start, end));
        assert!(as_of("2020-06-30").contains(start, end));
        assert!(!as_of("2021").contains(start, end));
        assert!(!as_of("2016-12").contains(start, end));
        // Unknown ends are open.
        assert!(as_of("1999").contains(None, end));
        assert!(as_of("2099").contains(start, None));
        assert!(Period::default().contains(start, end));
        // A window overlaps when any moment of it does.
        let window = Period {
            from: date("2015"),
            to: date("2017-11-01"),
        };
        assert!(window.contains(start, end));
    }

    #[test]
    fn arguments_make_one_period_or_a_clear_error() {
        assert_eq!(
            Period::from_arguments(date("2019"), None, None),
            Ok(Some(Period::at(date("2019").expect("a date"))))
        );
        assert_eq!(Period::from_arguments(None, None, None), Ok(None));
        assert_eq!(
            Period::from_arguments(date("2019"), date("2018"), None),
            Err(PeriodError::Both)
        );
        let reversed = Period::from_arguments(None, date("2020"), date("2010"));
        assert_eq!(
            reversed.map_err(|e| e.to_string()),
            Err("`2020` is after `until` `2010`".to_owned())
        );
        // The same year at both ends is a period of that year.
        assert!(Period::from_arguments(None, date("2020-06"), date("2020")).is_ok());
    }
}
