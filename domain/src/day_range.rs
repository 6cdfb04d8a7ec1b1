//! Ranges of days as people write them: a query may bound a range by a calendar day (read in the
//! bureau's time zone) or by an exact instant, on lists and statistics alike.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};

use crate::notice::local_midnight;

/// One end of a range: a whole day, or an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    Day(NaiveDate),
    Instant(DateTime<Utc>),
}

/// Neither a date (`YYYY-MM-DD`) nor an RFC 3339 time.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("expected a date (YYYY-MM-DD) or an RFC 3339 time")]
pub struct BoundError;

impl FromStr for Bound {
    type Err = BoundError;

    fn from_str(s: &str) -> Result<Self, BoundError> {
        if let Ok(day) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            return Ok(Bound::Day(day));
        }
        DateTime::parse_from_rfc3339(s)
            .map(|t| Bound::Instant(t.to_utc()))
            .map_err(|_| BoundError)
    }
}

impl fmt::Display for Bound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Bound::Day(d) => write!(f, "{d}"),
            Bound::Instant(t) => f.write_str(&t.to_rfc3339()),
        }
    }
}

impl Bound {
    /// The calendar year it names.
    pub fn year(self) -> i32 {
        match self {
            Bound::Day(d) => d.year(),
            Bound::Instant(t) => t.year(),
        }
    }

    /// As the start of a range (included): the day's first moment in `tz`, or the instant.
    pub fn start<Z: TimeZone>(self, tz: &Z) -> DateTime<Utc> {
        match self {
            Bound::Day(d) => local_midnight(d, tz),
            Bound::Instant(t) => t,
        }
    }

    /// As the end of a range (excluded): the next day's first moment in `tz`, so a day names
    /// itself whole, or the instant.
    pub fn end<Z: TimeZone>(self, tz: &Z) -> DateTime<Utc> {
        match self {
            Bound::Day(d) => local_midnight(d.succ_opt().unwrap_or(d), tz),
            Bound::Instant(t) => t,
        }
    }
}

/// `[from, until)` in instants, either end open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DayRange {
    pub from: Option<Bound>,
    pub until: Option<Bound>,
}

/// The instants a [`DayRange`] covers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Instants {
    pub start: Option<DateTime<Utc>>,
    pub end: Option<DateTime<Utc>>,
}

impl DayRange {
    pub fn in_zone<Z: TimeZone>(self, tz: &Z) -> Instants {
        Instants {
            start: self.from.map(|b| b.start(tz)),
            end: self.until.map(|b| b.end(tz)),
        }
    }
}

impl Instants {
    /// A range that ends where or before it starts holds nothing, and is surely a mistake.
    pub fn is_reversed(&self) -> bool {
        matches!((self.start, self.end), (Some(s), Some(e)) if e <= s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;

    fn beijing() -> FixedOffset {
        FixedOffset::east_opt(8 * 3600).unwrap()
    }

    #[test]
    fn a_day_covers_the_whole_day_in_the_bureaus_zone() {
        let day: Bound = "2026-11-30".parse().unwrap();
        assert_eq!(
            day.start(&beijing()).to_rfc3339(),
            "2026-11-29T16:00:00+00:00"
        );
        assert_eq!(
            day.end(&beijing()).to_rfc3339(),
            "2026-11-30T16:00:00+00:00"
        );
    }

    #[test]
    fn an_instant_is_taken_exactly_at_either_end() {
        let at: Bound = "2026-11-30T09:15:00+08:00".parse().unwrap();
        assert_eq!(at.start(&beijing()), at.end(&beijing()));
        assert_eq!(at.start(&Utc).to_rfc3339(), "2026-11-30T01:15:00+00:00");
    }

    #[test]
    fn anything_else_is_refused() {
        for bad in ["", "2026-11", "30/11/2026", "2026-02-30", "tomorrow"] {
            assert_eq!(bad.parse::<Bound>(), Err(BoundError), "{bad}");
        }
    }

    #[test]
    fn a_range_that_ends_before_it_starts_is_reversed() {
        let range = DayRange {
            from: Some("2026-11-02".parse().unwrap()),
            until: Some("2026-11-01".parse().unwrap()),
        };
        assert!(range.in_zone(&beijing()).is_reversed());
        let one_day = DayRange {
            from: Some("2026-11-01".parse().unwrap()),
            until: Some("2026-11-01".parse().unwrap()),
        };
        assert!(!one_day.in_zone(&beijing()).is_reversed());
    }
}
