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
        let value = value.to_string();
        let updated = diesel::update(settings::table.find(key))
            .set((
                settings::value.eq(&value),
                settings::updated_at.eq(to_db_time(now)),
            ))
            .execute(conn)?;
        if updated == 0 {
            diesel::insert_into(settings::table)
                .values((
                    settings::key.eq(key),
                    settings::value.eq(&value),
                    settings::updated_at.eq(to_db_time(now)),
                ))
                .execute(conn)?;
        }
    }
    Ok(())
}
