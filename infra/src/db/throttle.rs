//! Stored counters of failed logins, shared by every replica through the database.

use anfang_domain::auth::ThrottleState;
use diesel::prelude::*;

use super::schema::login_throttle;
use super::{DbConnection, DbError, from_db_time, to_db_time};

pub fn get(conn: &mut DbConnection, key: &str) -> Result<Option<ThrottleState>, DbError> {
    Ok(login_throttle::table
        .find(key)
        .select((login_throttle::window_started_at, login_throttle::failures))
        .first::<(chrono::NaiveDateTime, i32)>(conn)
        .optional()?
        .map(|(at, failures)| ThrottleState {
            window_started_at: from_db_time(at),
            failures: u32::try_from(failures).unwrap_or(0),
        }))
}

/// The state of a key, locked until the transaction ends so that concurrent attempts on one
/// key are counted one after another (PostgreSQL: a placeholder row is made first, since a
/// missing row cannot be locked; SQLite: writers are serialized already).
pub fn get_for_update(
    conn: &mut DbConnection,
    key: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Option<ThrottleState>, DbError> {
    if let DbConnection::Pg(c) = conn {
        diesel::insert_into(login_throttle::table)
            .values((
                login_throttle::key.eq(key),
                login_throttle::window_started_at.eq(to_db_time(now)),
                login_throttle::failures.eq(0),
            ))
            .on_conflict_do_nothing()
            .execute(c)?;
        let row = login_throttle::table
            .find(key)
            .select((login_throttle::window_started_at, login_throttle::failures))
            .for_update()
            .first::<(chrono::NaiveDateTime, i32)>(c)
            .optional()?;
        return Ok(row.map(|(at, failures)| ThrottleState {
            window_started_at: from_db_time(at),
            failures: u32::try_from(failures).unwrap_or(0),
        }));
    }
    get(conn, key)
}

/// Stores the state of a key. Both backends speak `INSERT … ON CONFLICT DO UPDATE`, but the
/// multi-backend connection does not, so the query is written once and run on the variant.
pub fn put(conn: &mut DbConnection, key: &str, state: ThrottleState) -> Result<(), DbError> {
    let at = to_db_time(state.window_started_at);
    let failures = i32::try_from(state.failures).unwrap_or(i32::MAX);
    macro_rules! upsert {
        ($c:expr) => {
            diesel::insert_into(login_throttle::table)
                .values((
                    login_throttle::key.eq(key),
                    login_throttle::window_started_at.eq(at),
                    login_throttle::failures.eq(failures),
                ))
                .on_conflict(login_throttle::key)
                .do_update()
                .set((
                    login_throttle::window_started_at.eq(at),
                    login_throttle::failures.eq(failures),
                ))
                .execute($c)
        };
    }
    match conn {
        DbConnection::Pg(c) => upsert!(c),
        DbConnection::Sqlite(c) => upsert!(c),
    }?;
    Ok(())
}

pub fn clear(conn: &mut DbConnection, key: &str) -> Result<(), DbError> {
    diesel::delete(login_throttle::table.find(key)).execute(conn)?;
    Ok(())
}
