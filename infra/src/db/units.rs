use anfang_domain::catalog::{
    DistrictCode, GeoPoint, GeofenceRadius, Unit, UnitAddress, UnitCode, UnitName, UnitTypeCode,
};
use anfang_domain::ids::UnitId;
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;

use super::page::{Keyset, Page, PageRequest};
use super::schema::units;
use super::{DbConnection, DbError, Text, WriteError, from_db_time, to_db_time};

#[derive(Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = units, treat_none_as_null = true)]
struct Row {
    id: Text<UnitId>,
    code: String,
    name: String,
    type_code: Text<UnitTypeCode>,
    district: Text<DistrictCode>,
    address: Option<String>,
    latitude: Option<f64>,
    longitude: Option<f64>,
    geofence_m: i32,
    active: bool,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

/// A unit with the time it was created (the pagination key).
pub struct StoredUnit {
    pub unit: Unit,
    pub created_at: DateTime<Utc>,
}

fn to_domain(row: Row) -> Result<StoredUnit, DbError> {
    let location = match (row.latitude, row.longitude) {
        (Some(lat), Some(lon)) => Some(GeoPoint::new(lat, lon).map_err(DbError::corrupt)?),
        _ => None,
    };
    let unit = Unit {
        id: row.id.0,
        code: UnitCode::parse(&row.code).map_err(DbError::corrupt)?,
        name: UnitName::parse(&row.name).map_err(DbError::corrupt)?,
        type_code: row.type_code.0,
        district: row.district.0,
        address: row
            .address
            .as_deref()
            .map(UnitAddress::parse)
            .transpose()
            .map_err(DbError::corrupt)?,
        location,
        geofence: u32::try_from(row.geofence_m)
            .ok()
            .and_then(|m| GeofenceRadius::new(m).ok())
            .ok_or_else(|| DbError::corrupt("geofence radius"))?,
        active: row.active,
    };
    Ok(StoredUnit {
        unit,
        created_at: from_db_time(row.created_at),
    })
}

fn to_row(unit: &Unit, created_at: DateTime<Utc>, updated_at: DateTime<Utc>) -> Row {
    Row {
        id: Text(unit.id),
        code: unit.code.as_str().to_owned(),
        name: unit.name.as_str().to_owned(),
        type_code: Text(unit.type_code.clone()),
        district: Text(unit.district.clone()),
        address: unit.address.as_ref().map(|a| a.as_str().to_owned()),
        latitude: unit.location.map(|p| p.latitude()),
        longitude: unit.location.map(|p| p.longitude()),
        geofence_m: i32::try_from(unit.geofence.metres()).unwrap_or(i32::MAX),
        active: unit.active,
        created_at: to_db_time(created_at),
        updated_at: to_db_time(updated_at),
    }
}

pub fn insert(conn: &mut DbConnection, unit: &Unit, now: DateTime<Utc>) -> Result<(), WriteError> {
    diesel::insert_into(units::table)
        .values(to_row(unit, now, now))
        .execute(conn)?;
    Ok(())
}

pub fn update(
    conn: &mut DbConnection,
    stored: &StoredUnit,
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    diesel::update(units::table.find(stored.unit.id.to_string()))
        .set(to_row(&stored.unit, stored.created_at, now))
        .execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut DbConnection, id: UnitId) -> Result<Option<StoredUnit>, DbError> {
    units::table
        .find(id.to_string())
        .select(Row::as_select())
        .first(conn)
        .optional()?
        .map(to_domain)
        .transpose()
}

/// The units of the given ids that exist, in one query.
pub fn find_many(
    conn: &mut DbConnection,
    ids: impl IntoIterator<Item = UnitId>,
) -> Result<std::collections::HashMap<UnitId, Unit>, DbError> {
    let ids: Vec<String> = ids.into_iter().map(|id| id.to_string()).collect();
    if ids.is_empty() {
        return Ok(Default::default());
    }
    units::table
        .filter(units::id.eq_any(&ids))
        .select(Row::as_select())
        .load(conn)?
        .into_iter()
        .map(|row| to_domain(row).map(|s| (s.unit.id, s.unit)))
        .collect()
}

#[derive(Debug, Clone, Default)]
pub struct UnitFilter {
    pub type_code: Option<UnitTypeCode>,
    pub district: Option<DistrictCode>,
    pub active: Option<bool>,
}

pub fn list(
    conn: &mut DbConnection,
    filter: &UnitFilter,
    page: &PageRequest,
) -> Result<Page<StoredUnit>, DbError> {
    let mut query = units::table.select(Row::as_select()).into_boxed();
    if let Some(t) = &filter.type_code {
        query = query.filter(units::type_code.eq(t.as_str().to_owned()));
    }
    if let Some(d) = &filter.district {
        query = query.filter(units::district.eq(d.as_str().to_owned()));
    }
    if let Some(a) = filter.active {
        query = query.filter(units::active.eq(a));
    }
    query = crate::after_keyset!(query, units::created_at, units::id, &page.after);
    let rows = query
        .order((units::created_at.asc(), units::id.asc()))
        .limit(i64::from(page.limit) + 1)
        .load(conn)?
        .into_iter()
        .map(to_domain)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Page::from_rows(rows, page.limit, |s| Keyset {
        at: s.created_at,
        id: s.unit.id.to_string(),
    }))
}

/// Active units of the given types (and districts, when any are given), for a draw.
pub fn drawable(
    conn: &mut DbConnection,
    types: &[UnitTypeCode],
    districts: &[DistrictCode],
) -> Result<Vec<anfang_domain::campaign::DrawUnit>, DbError> {
    let types: Vec<&str> = types.iter().map(|t| t.as_str()).collect();
    let mut query = units::table
        .filter(units::active.eq(true))
        .filter(units::type_code.eq_any(types))
        .select((units::id, units::type_code, units::district))
        .into_boxed();
    if !districts.is_empty() {
        let districts: Vec<&str> = districts.iter().map(|d| d.as_str()).collect();
        query = query.filter(units::district.eq_any(districts));
    }
    let rows: Vec<(String, String, String)> = query.load(conn)?;
    rows.into_iter()
        .map(|(id, t, d)| {
            Ok(anfang_domain::campaign::DrawUnit {
                id: id.parse().map_err(DbError::corrupt)?,
                unit_type: UnitTypeCode::parse(&t).map_err(DbError::corrupt)?,
                district: DistrictCode::parse(&d).map_err(DbError::corrupt)?,
            })
        })
        .collect()
}
