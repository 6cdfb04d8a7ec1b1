use std::collections::HashMap;

use anfang_domain::catalog::{District, DistrictCode, DistrictName};
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;

use super::page::{Keyset, Page, PageRequest};
use super::schema::districts;
use super::{DbConnection, DbError, Text, WriteError, from_db_time, to_db_time};

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = districts)]
struct Row {
    code: Text<DistrictCode>,
    name: Text<DistrictName>,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

/// A district with the time it was added (the pagination key).
pub struct StoredDistrict {
    pub district: District,
    pub created_at: DateTime<Utc>,
}

fn to_domain(row: Row) -> StoredDistrict {
    StoredDistrict {
        district: District {
            code: row.code.0,
            name: row.name.0,
        },
        created_at: from_db_time(row.created_at),
    }
}

pub fn insert(
    conn: &mut DbConnection,
    district: &District,
    now: DateTime<Utc>,
) -> Result<(), WriteError> {
    diesel::insert_into(districts::table)
        .values(Row {
            code: Text(district.code.clone()),
            name: Text(district.name.clone()),
            created_at: to_db_time(now),
            updated_at: to_db_time(now),
        })
        .execute(conn)?;
    Ok(())
}

pub fn rename(
    conn: &mut DbConnection,
    district: &District,
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    diesel::update(districts::table.find(district.code.as_str()))
        .set((
            districts::name.eq(district.name.as_str()),
            districts::updated_at.eq(to_db_time(now)),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn find(
    conn: &mut DbConnection,
    code: &DistrictCode,
) -> Result<Option<StoredDistrict>, DbError> {
    Ok(districts::table
        .find(code.as_str())
        .select(Row::as_select())
        .first(conn)
        .optional()?
        .map(to_domain))
}

/// In the order they were added.
pub fn list(conn: &mut DbConnection, page: &PageRequest) -> Result<Page<StoredDistrict>, DbError> {
    let query = districts::table.select(Row::as_select()).into_boxed();
    let query = crate::after_keyset!(query, districts::created_at, districts::code, &page.after);
    let rows = query
        .order((districts::created_at.asc(), districts::code.asc()))
        .limit(i64::from(page.limit) + 1)
        .load(conn)?
        .into_iter()
        .map(to_domain)
        .collect();
    Ok(Page::from_rows(rows, page.limit, |s| Keyset {
        at: s.created_at,
        id: s.district.code.to_string(),
    }))
}

/// The names of the given codes that are listed (one query; none for no codes).
pub fn names_of<'a>(
    conn: &mut DbConnection,
    codes: impl IntoIterator<Item = &'a str>,
) -> Result<HashMap<String, String>, DbError> {
    let codes: Vec<&str> = codes.into_iter().collect();
    if codes.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(districts::table
        .filter(districts::code.eq_any(codes))
        .select((districts::code, districts::name))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect())
}
