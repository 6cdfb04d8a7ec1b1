//! Times are stored as naive UTC timestamps, at microsecond precision (PostgreSQL's), so a
//! value reads back exactly as it was written on both backends.

use chrono::{DateTime, NaiveDateTime, SubsecRound, Utc};

/// The current time at storage precision.
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

pub fn to_db_time(t: DateTime<Utc>) -> NaiveDateTime {
    t.trunc_subsecs(6).naive_utc()
}

pub fn from_db_time(t: NaiveDateTime) -> DateTime<Utc> {
    t.and_utc()
}
