//! Keyset pagination: a page starts after the (time, id) of the last row of the previous one,
//! so page 10,000 costs what page 1 costs.

use chrono::{DateTime, Utc};

/// The position after which the next page starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keyset {
    pub at: DateTime<Utc>,
    pub id: String,
}

#[derive(Debug, Clone)]
pub struct PageRequest {
    pub after: Option<Keyset>,
    /// 1..=100, checked by the caller.
    pub limit: u32,
}

#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next: Option<Keyset>,
}

impl<T> Page<T> {
    /// Builds a page from up to `limit + 1` rows fetched in order: the extra row, if any,
    /// only tells that there is a next page.
    pub fn from_rows(mut rows: Vec<T>, limit: u32, key: impl Fn(&T) -> Keyset) -> Self {
        let limit = limit as usize;
        let next = if rows.len() > limit {
            rows.truncate(limit);
            rows.last().map(key)
        } else {
            None
        };
        Page { items: rows, next }
    }
}

/// Narrows a boxed query to the rows after `after` in (time, id) order, written as
/// `at >= t AND (at > t OR id > i)`: the first term gives PostgreSQL and SQLite the start of an
/// index range, so page 10,000 costs what page 1 costs. (The plainer
/// `at > t OR (at = t AND id > i)` makes them scan every earlier row.)
#[macro_export]
macro_rules! after_keyset {
    ($query:expr, $at:expr, $id:expr, $after:expr) => {
        match $after {
            Some(after) => {
                let at = $crate::db::to_db_time(after.at);
                $query
                    .filter($at.ge(at))
                    .filter($at.gt(at).or($id.gt(after.id.clone())))
            }
            None => $query,
        }
    };
}
