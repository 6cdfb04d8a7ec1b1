use anfang_domain::catalog::{UnitType, UnitTypeCode, UnitTypeName};
use diesel::prelude::*;

use super::schema::unit_types;
use super::{DbConnection, DbError};

#[derive(Queryable, Selectable)]
#[diesel(table_name = unit_types)]
struct Row {
    code: String,
    name: String,
    name_en: String,
}

fn to_domain(row: Row) -> Result<UnitType, DbError> {
    Ok(UnitType {
        code: UnitTypeCode::parse(&row.code).map_err(DbError::corrupt)?,
        name: UnitTypeName::parse(&row.name).map_err(DbError::corrupt)?,
        name_en: UnitTypeName::parse(&row.name_en).map_err(DbError::corrupt)?,
    })
}

pub fn list(conn: &mut DbConnection) -> Result<Vec<UnitType>, DbError> {
    unit_types::table
        .order(unit_types::position.asc())
        .select(Row::as_select())
        .load(conn)?
        .into_iter()
        .map(to_domain)
        .collect()
}

pub fn find(conn: &mut DbConnection, code: &UnitTypeCode) -> Result<Option<UnitType>, DbError> {
    unit_types::table
        .find(code.as_str())
        .select(Row::as_select())
        .first(conn)
        .optional()?
        .map(to_domain)
        .transpose()
}

pub fn rename(conn: &mut DbConnection, unit_type: &UnitType) -> Result<(), DbError> {
    diesel::update(unit_types::table.find(unit_type.code.as_str()))
        .set((
            unit_types::name.eq(unit_type.name.as_str()),
            unit_types::name_en.eq(unit_type.name_en.as_str()),
        ))
        .execute(conn)?;
    Ok(())
}
