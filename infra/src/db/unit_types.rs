use anfang_domain::catalog::{UnitType, UnitTypeCode, UnitTypeName};
use diesel::prelude::*;

use super::schema::unit_types;
use super::{DbConnection, DbError, Text};

#[derive(Queryable, Selectable)]
#[diesel(table_name = unit_types)]
struct Row {
    code: Text<UnitTypeCode>,
    name: Text<UnitTypeName>,
    name_en: Text<UnitTypeName>,
}

fn to_domain(row: Row) -> Result<UnitType, DbError> {
    Ok(UnitType {
        code: row.code.0,
        name: row.name.0,
        name_en: row.name_en.0,
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
