use anfang_domain::auth::Role;
use anfang_domain::catalog::DistrictCode;
use anfang_domain::ids::{UnitId, UserId};
use anfang_domain::user::{DisplayName, User, Username};
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;

use super::page::{Keyset, Page, PageRequest};
use super::schema::users;
use super::{DbConnection, DbError, Text, WriteError, from_db_time, to_db_time};

#[derive(Queryable, Selectable)]
#[diesel(table_name = users)]
pub(super) struct Row {
    id: Text<UserId>,
    username: String,
    display_name: String,
    role: Text<Role>,
    unit_id: Option<Text<UnitId>>,
    district: Option<Text<DistrictCode>>,
    active: bool,
    created_at: NaiveDateTime,
}

pub(super) fn to_domain(row: Row) -> Result<User, DbError> {
    Ok(User {
        id: row.id.0,
        username: Username::parse(&row.username).map_err(DbError::corrupt)?,
        display_name: DisplayName::parse(&row.display_name).map_err(DbError::corrupt)?,
        role: row.role.0,
        unit_id: row.unit_id.map(Text::into_inner),
        district: row.district.map(Text::into_inner),
        active: row.active,
        created_at: from_db_time(row.created_at),
    })
}

pub fn insert(
    conn: &mut DbConnection,
    user: &User,
    password_hash: &str,
    now: DateTime<Utc>,
) -> Result<(), WriteError> {
    diesel::insert_into(users::table)
        .values((
            users::id.eq(user.id.to_string()),
            users::username.eq(user.username.as_str()),
            users::password_hash.eq(password_hash),
            users::display_name.eq(user.display_name.as_str()),
            users::role.eq(user.role.as_str()),
            users::unit_id.eq(user.unit_id.map(|u| u.to_string())),
            users::district.eq(user.district.as_ref().map(|d| d.as_str().to_owned())),
            users::active.eq(user.active),
            users::created_at.eq(to_db_time(user.created_at)),
            users::updated_at.eq(to_db_time(now)),
        ))
        .execute(conn)?;
    Ok(())
}

/// Stores every field an admin may change.
pub fn update(conn: &mut DbConnection, user: &User, now: DateTime<Utc>) -> Result<(), DbError> {
    diesel::update(users::table.find(user.id.to_string()))
        .set((
            users::display_name.eq(user.display_name.as_str()),
            users::role.eq(user.role.as_str()),
            users::unit_id.eq(user.unit_id.map(|u| u.to_string())),
            users::district.eq(user.district.as_ref().map(|d| d.as_str().to_owned())),
            users::active.eq(user.active),
            users::updated_at.eq(to_db_time(now)),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn set_password_hash(
    conn: &mut DbConnection,
    id: UserId,
    hash: &str,
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    diesel::update(users::table.find(id.to_string()))
        .set((
            users::password_hash.eq(hash),
            users::updated_at.eq(to_db_time(now)),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut DbConnection, id: UserId) -> Result<Option<User>, DbError> {
    users::table
        .find(id.to_string())
        .select(Row::as_select())
        .first(conn)
        .optional()?
        .map(to_domain)
        .transpose()
}

/// The account and its password hash, for checking a login.
pub fn find_credentials(
    conn: &mut DbConnection,
    username: &str,
) -> Result<Option<(User, String)>, DbError> {
    users::table
        .filter(users::username.eq(username))
        .select((Row::as_select(), users::password_hash))
        .first::<(Row, String)>(conn)
        .optional()?
        .map(|(row, hash)| Ok((to_domain(row)?, hash)))
        .transpose()
}

pub fn password_hash(conn: &mut DbConnection, id: UserId) -> Result<Option<String>, DbError> {
    Ok(users::table
        .find(id.to_string())
        .select(users::password_hash)
        .first(conn)
        .optional()?)
}

pub fn any_with_role(conn: &mut DbConnection, role: Role) -> Result<bool, DbError> {
    Ok(diesel::select(diesel::dsl::exists(
        users::table.filter(users::role.eq(role.as_str())),
    ))
    .get_result(conn)?)
}

/// When the first account was made, which is when anfang first started on this database.
pub fn first_created_at(conn: &mut DbConnection) -> Result<Option<DateTime<Utc>>, DbError> {
    let first: Option<NaiveDateTime> = users::table
        .select(diesel::dsl::min(users::created_at))
        .get_result(conn)?;
    Ok(first.map(from_db_time))
}

pub fn list(conn: &mut DbConnection, page: &PageRequest) -> Result<Page<User>, DbError> {
    page_of(conn, page, false)
}

/// The active inspectors, a page at a time (for choosing teams).
pub fn active_inspector_page(
    conn: &mut DbConnection,
    page: &PageRequest,
) -> Result<Page<User>, DbError> {
    page_of(conn, page, true)
}

fn page_of(
    conn: &mut DbConnection,
    page: &PageRequest,
    active_inspectors_only: bool,
) -> Result<Page<User>, DbError> {
    let mut query = users::table.select(Row::as_select()).into_boxed();
    if active_inspectors_only {
        query = query
            .filter(users::role.eq(Text(Role::Inspector)))
            .filter(users::active.eq(true));
    }
    query = crate::after_keyset!(query, users::created_at, users::id, &page.after);
    let rows = query
        .order((users::created_at.asc(), users::id.asc()))
        .limit(i64::from(page.limit) + 1)
        .load(conn)?
        .into_iter()
        .map(to_domain)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Page::from_rows(rows, page.limit, |u| Keyset {
        at: u.created_at,
        id: u.id.to_string(),
    }))
}

/// Every active inspector, with home unit and district: the pool of a draw.
pub fn active_inspectors(
    conn: &mut DbConnection,
) -> Result<Vec<anfang_domain::campaign::DrawInspector>, DbError> {
    type Pooled = (
        Text<UserId>,
        Option<Text<UnitId>>,
        Option<Text<DistrictCode>>,
    );
    let rows: Vec<Pooled> = users::table
        .filter(users::role.eq(Text(Role::Inspector)))
        .filter(users::active.eq(true))
        .select((users::id, users::unit_id, users::district))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, unit, district)| {
            Some(anfang_domain::campaign::DrawInspector {
                id: id.0,
                unit: unit.map(Text::into_inner),
                district: district?.0,
            })
        })
        .collect())
}
