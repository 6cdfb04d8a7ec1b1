//! `Idempotency-Key` on POST actions: the first answer to a key is kept and given again to a
//! retry with the same body; the same key with another body is refused.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use super::schema::idempotency_keys;
use super::{DbConnection, DbError, to_db_time};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reservation {
    /// The key is new and now reserved for this request.
    Fresh,
    /// The key was used for this very request, which answered this.
    Replay { status: u16, body: String },
    /// The key was used for a different request.
    Mismatch,
}

pub struct KeyedRequest<'a> {
    pub user_id: &'a str,
    pub key: &'a str,
    pub route: &'a str,
    pub request_hash: &'a str,
}

/// Reserves the key, inside the transaction that does the request's work, or says what became
/// of it. Portable `INSERT … ON CONFLICT DO NOTHING` (a failed insert would abort the
/// surrounding PostgreSQL transaction), run per backend; on PostgreSQL it waits for a
/// concurrent transaction holding the same key and then sees its answer.
pub fn reserve(
    conn: &mut DbConnection,
    req: &KeyedRequest<'_>,
    now: DateTime<Utc>,
) -> Result<Reservation, DbError> {
    let at = to_db_time(now);
    macro_rules! insert {
        ($c:expr) => {
            diesel::insert_into(idempotency_keys::table)
                .values((
                    idempotency_keys::user_id.eq(req.user_id),
                    idempotency_keys::key.eq(req.key),
                    idempotency_keys::route.eq(req.route),
                    idempotency_keys::request_hash.eq(req.request_hash),
                    idempotency_keys::created_at.eq(at),
                ))
                .on_conflict_do_nothing()
                .execute($c)
        };
    }
    let inserted = match conn {
        DbConnection::Pg(c) => insert!(c),
        DbConnection::Sqlite(c) => insert!(c),
    }?;
    if inserted == 1 {
        return Ok(Reservation::Fresh);
    }
    let (route, hash, status, body): (String, String, Option<i32>, Option<String>) =
        idempotency_keys::table
            .find((req.user_id, req.key))
            .select((
                idempotency_keys::route,
                idempotency_keys::request_hash,
                idempotency_keys::status,
                idempotency_keys::response,
            ))
            .first(conn)?;
    Ok(match (status, body) {
        _ if route != req.route || hash != req.request_hash => Reservation::Mismatch,
        (Some(status), Some(body)) => Reservation::Replay {
            status: u16::try_from(status).unwrap_or(200),
            body,
        },
        // A reservation without its answer was left by a version that reserved keys in a
        // transaction of their own and then crashed; this request takes it over.
        _ => Reservation::Fresh,
    })
}

pub fn complete(
    conn: &mut DbConnection,
    user_id: &str,
    key: &str,
    status: u16,
    body: &str,
) -> Result<(), DbError> {
    diesel::update(idempotency_keys::table.find((user_id, key)))
        .set((
            idempotency_keys::status.eq(i32::from(status)),
            idempotency_keys::response.eq(body),
        ))
        .execute(conn)?;
    Ok(())
}
