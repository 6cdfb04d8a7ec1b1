//! A notice's month, `YYYY-MM`, and the instants that bound it in the bureau's time zone.

use std::fmt;

use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use thiserror::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NoticePeriod {
    year: i32,
    month: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("expected a month as YYYY-MM, between 2000-01 and 9999-12")]
pub struct PeriodError;

impl NoticePeriod {
    pub fn parse(raw: &str) -> Result<Self, PeriodError> {
        let (year, month) = raw.split_once('-').ok_or(PeriodError)?;
        if year.len() != 4
            || month.len() != 2
            || !(year.bytes().chain(month.bytes())).all(|b| b.is_ascii_digit())
        {
            return Err(PeriodError);
        }
        let year: i32 = year.parse().map_err(|_| PeriodError)?;
        let month: u32 = month.parse().map_err(|_| PeriodError)?;
        if year < 2000 || !(1..=12).contains(&month) {
            return Err(PeriodError);
        }
        Ok(Self { year, month })
    }

    /// The month holding `instant` in `tz`.
    pub fn containing<Z: TimeZone>(instant: DateTime<Utc>, tz: &Z) -> Self {
        let local = instant.with_timezone(tz);
        Self {
            year: local.year(),
            month: local.month(),
        }
    }

    pub fn previous(self) -> Self {
        match self.month {
            1 => Self {
                year: self.year - 1,
                month: 12,
            },
            m => Self {
                year: self.year,
                month: m - 1,
            },
        }
    }

    pub fn next(self) -> Self {
        match self.month {
            12 => Self {
                year: self.year + 1,
                month: 1,
            },
            m => Self {
                year: self.year,
                month: m + 1,
            },
        }
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(NaiveDate::MIN)
    }

    /// `[start, end)`: local midnight of the 1st to local midnight of the next month's 1st.
    pub fn bounds<Z: TimeZone>(self, tz: &Z) -> (DateTime<Utc>, DateTime<Utc>) {
        (
            local_midnight(self.first_day(), tz),
            local_midnight(self.next().first_day(), tz),
        )
    }
}

/// The first instant of `day` in `tz` (a zone that skips midnight starts the day at the gap's end).
pub fn local_midnight<Z: TimeZone>(day: NaiveDate, tz: &Z) -> DateTime<Utc> {
    let mut at = day.and_time(chrono::NaiveTime::MIN);
    for _ in 0..4 {
        if let Some(t) = tz.from_local_datetime(&at).earliest() {
            return t.with_timezone(&Utc);
        }
        at += chrono::Duration::minutes(30);
    }
    at.and_utc()
}

impl fmt::Display for NoticePeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

#[cfg(test)]
mod tests {
    use chrono::FixedOffset;

    use super::*;

    #[test]
    fn a_period_reads_and_prints_as_year_and_month() {
        let p = NoticePeriod::parse("2026-10").unwrap();
        assert_eq!(p.to_string(), "2026-10");
        assert_eq!(p.previous().to_string(), "2026-09");
        assert_eq!(
            NoticePeriod::parse("2026-01")
                .unwrap()
                .previous()
                .to_string(),
            "2025-12"
        );
        for bad in [
            "2026-13",
            "2026-00",
            "26-10",
            "2026-1",
            "2026/10",
            "1999-12",
            "２０２６-10",
            "-2026-10",
        ] {
            assert!(NoticePeriod::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_month_is_bounded_by_local_midnights() {
        let shanghai = FixedOffset::east_opt(8 * 3600).unwrap();
        let (start, end) = NoticePeriod::parse("2026-10").unwrap().bounds(&shanghai);
        assert_eq!(start.to_rfc3339(), "2026-09-30T16:00:00+00:00");
        assert_eq!(end.to_rfc3339(), "2026-10-31T16:00:00+00:00");
        let late_on_the_31st = "2026-10-31T15:59:59Z".parse::<DateTime<Utc>>().unwrap();
        assert_eq!(
            NoticePeriod::containing(late_on_the_31st, &shanghai).to_string(),
            "2026-10"
        );
        assert_eq!(
            NoticePeriod::containing(end, &shanghai).to_string(),
            "2026-11"
        );
    }
}
