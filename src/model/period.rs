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
}
