use anfang_domain::notice::Letterhead;
use anfang_domain::settings::Settings;
use chrono::{DateTime, Utc};
use diesel::prelude::*;

use super::schema::settings;
use super::{DbConnection, DbError, to_db_time};

/// The stored settings over the defaults. A stored value that no longer fits is ignored with a
/// warning rather than stopping the service.
pub fn load(conn: &mut DbConnection) -> Result<Settings, DbError> {
    let rows: Vec<(String, String)> = settings::table
        .select((settings::key, settings::value))
        .load(conn)?;
    let values: Vec<(&str, i64)> = rows
        .iter()
        .filter_map(|(k, v)| v.parse().ok().map(|v| (k.as_str(), v)))
        .collect();
    Ok(Settings::default().with(&values).unwrap_or_else(|e| {
        tracing::warn!(error = %e, "stored settings ignored");
        Settings::default()
    }))
}

pub fn save(conn: &mut DbConnection, values: &Settings, now: DateTime<Utc>) -> Result<(), DbError> {
    for (key, value) in values.values() {
        put(conn, key, &value.to_string(), now)?;
    }
    Ok(())
}

/// The key under which the letterhead is kept, as one JSON value.
const LETTERHEAD: &str = "letterhead";

/// The letterhead notices are issued under; the default until an admin sets one. A stored one
/// that no longer fits is ignored with a warning.
pub fn load_letterhead(conn: &mut DbConnection) -> Result<Letterhead, DbError> {
    let stored: Option<String> = settings::table
        .find(LETTERHEAD)
        .select(settings::value)
        .first(conn)
        .optional()?;
    Ok(stored
        .and_then(|raw| {
            serde_json::from_str(&raw)
                .map_err(|e| tracing::warn!(error = %e, "stored letterhead ignored"))
                .ok()
        })
        .unwrap_or_default())
}

pub fn save_letterhead(
    conn: &mut DbConnection,
    letterhead: &Letterhead,
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    let value = serde_json::to_string(letterhead).map_err(DbError::corrupt)?;
    put(conn, LETTERHEAD, &value, now)
}

fn put(conn: &mut DbConnection, key: &str, value: &str, now: DateTime<Utc>) -> Result<(), DbError> {
    let updated = diesel::update(settings::table.find(key))
        .set((
            settings::value.eq(value),
            settings::updated_at.eq(to_db_time(now)),
        ))
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(settings::table)
            .values((
                settings::key.eq(key),
                settings::value.eq(value),
                settings::updated_at.eq(to_db_time(now)),
            ))
            .execute(conn)?;
    }
    Ok(())
}
