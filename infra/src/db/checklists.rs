//! Checklist versions and their items. Published versions are immutable here and, as a second
//! line, in the database (triggers in the foundation migration).

use std::collections::BTreeSet;

use anfang_domain::catalog::{
    ChecklistItem, ChecklistStatus, ChecklistVersion, ChecklistVersionNumber, ItemCode,
    ItemGuidance, ItemKind, ItemTitle, Measurement, UnitTypeCode, Weight,
};
use anfang_domain::ids::{ChecklistId, UserId};
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;

use super::schema::{checklist_items, checklists};
use super::{DbConnection, DbError, Text, from_db_time, to_db_time};

#[derive(Queryable, Selectable)]
#[diesel(table_name = checklists)]
struct VersionRow {
    id: Text<ChecklistId>,
    version: i32,
    status: Text<ChecklistStatus>,
    created_at: NaiveDateTime,
    published_at: Option<NaiveDateTime>,
}

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = checklist_items)]
struct ItemRow {
    checklist_id: String,
    position: i32,
    code: String,
    title: String,
    title_en: String,
    guidance: Option<String>,
    kind: String,
    measure_unit: Option<String>,
    minor_above: Option<f64>,
    major_above: Option<f64>,
    unanswered_is_major: bool,
    weight: i32,
    critical: bool,
    applies_to: String,
    optional_for: String,
}

fn type_set(json: &str) -> Result<BTreeSet<UnitTypeCode>, DbError> {
    let codes: Vec<String> = serde_json::from_str(json).map_err(DbError::corrupt)?;
    codes
        .iter()
        .map(|c| UnitTypeCode::parse(c).map_err(DbError::corrupt))
        .collect()
}

fn type_json(set: &BTreeSet<UnitTypeCode>) -> String {
    serde_json::Value::from(set.iter().map(|c| c.as_str()).collect::<Vec<_>>()).to_string()
}

fn item_to_domain(row: ItemRow) -> Result<ChecklistItem, DbError> {
    let kind = match row.kind.as_str() {
        "judgement" => ItemKind::Judgement,
        "measurement" => {
            let unit = row
                .measure_unit
                .as_deref()
                .ok_or_else(|| DbError::corrupt("measurement without unit"))?
                .parse()
                .map_err(DbError::corrupt)?;
            ItemKind::Measurement(
                Measurement::new(
                    unit,
                    row.minor_above,
                    row.major_above,
                    row.unanswered_is_major,
                )
                .map_err(DbError::corrupt)?,
            )
        }
        other => return Err(DbError::corrupt(format!("item kind {other}"))),
    };
    ChecklistItem::new(
        ItemCode::parse(&row.code).map_err(DbError::corrupt)?,
        ItemTitle::parse(&row.title).map_err(DbError::corrupt)?,
        ItemTitle::parse(&row.title_en).map_err(DbError::corrupt)?,
        row.guidance
            .as_deref()
            .map(ItemGuidance::parse)
            .transpose()
            .map_err(DbError::corrupt)?,
        kind,
        u32::try_from(row.weight)
            .ok()
            .and_then(|w| Weight::new(w).ok())
            .ok_or_else(|| DbError::corrupt("weight"))?,
        row.critical,
        type_set(&row.applies_to)?,
        type_set(&row.optional_for)?,
    )
    .map_err(DbError::corrupt)
}

fn item_to_row(checklist: ChecklistId, position: usize, item: &ChecklistItem) -> ItemRow {
    let measurement = match item.kind() {
        ItemKind::Measurement(m) => Some(*m),
        ItemKind::Judgement => None,
    };
    ItemRow {
        checklist_id: checklist.to_string(),
        position: i32::try_from(position + 1).unwrap_or(i32::MAX),
        code: item.code().as_str().to_owned(),
        title: item.title().as_str().to_owned(),
        title_en: item.title_en().as_str().to_owned(),
        guidance: item.guidance().map(|g| g.as_str().to_owned()),
        kind: if measurement.is_some() {
            "measurement"
        } else {
            "judgement"
        }
        .to_owned(),
        measure_unit: measurement.map(|m| m.unit().as_str().to_owned()),
        minor_above: measurement.and_then(|m| m.minor_above()),
        major_above: measurement.and_then(|m| m.major_above()),
        unanswered_is_major: measurement.is_some_and(|m| m.unanswered_is_major()),
        weight: i32::try_from(item.weight().points()).unwrap_or(i32::MAX),
        critical: item.is_critical(),
        applies_to: type_json(item.applies_to()),
        optional_for: type_json(item.optional_for()),
    }
}

fn version_to_domain(
    row: VersionRow,
    items: Vec<ChecklistItem>,
) -> Result<ChecklistVersion, DbError> {
    Ok(ChecklistVersion {
        id: row.id.0,
        version: ChecklistVersionNumber::new(u32::try_from(row.version).unwrap_or(1)),
        status: row.status.0,
        items,
        created_at: from_db_time(row.created_at),
        published_at: row.published_at.map(from_db_time),
    })
}

fn load_items(conn: &mut DbConnection, id: ChecklistId) -> Result<Vec<ChecklistItem>, DbError> {
    checklist_items::table
        .filter(checklist_items::checklist_id.eq(Text(id)))
        .order(checklist_items::position.asc())
        .select(ItemRow::as_select())
        .load(conn)?
        .into_iter()
        .map(item_to_domain)
        .collect()
}

pub fn find(conn: &mut DbConnection, id: ChecklistId) -> Result<Option<ChecklistVersion>, DbError> {
    let Some(row) = checklists::table
        .find(id.to_string())
        .select(VersionRow::as_select())
        .first(conn)
        .optional()?
    else {
        return Ok(None);
    };
    let items = load_items(conn, row.id.0)?;
    version_to_domain(row, items).map(Some)
}

/// The newest published version: what a new report is filled against.
pub fn current(conn: &mut DbConnection) -> Result<Option<ChecklistVersion>, DbError> {
    let Some(row) = checklists::table
        .filter(checklists::status.eq(ChecklistStatus::Published.as_str()))
        .order(checklists::version.desc())
        .select(VersionRow::as_select())
        .first(conn)
        .optional()?
    else {
        return Ok(None);
    };
    let items = load_items(conn, row.id.0)?;
    version_to_domain(row, items).map(Some)
}

/// Every version, newest first, with its items; drafts only when asked.
pub fn list(conn: &mut DbConnection, with_drafts: bool) -> Result<Vec<ChecklistVersion>, DbError> {
    let mut query = checklists::table
        .select(VersionRow::as_select())
        .order(checklists::version.desc())
        .into_boxed();
    if !with_drafts {
        query = query.filter(checklists::status.eq(ChecklistStatus::Published.as_str()));
    }
    let rows = query.load(conn)?;
    rows.into_iter()
        .map(|row| {
            let items = load_items(conn, row.id.0)?;
            version_to_domain(row, items)
        })
        .collect()
}

pub fn next_version_number(conn: &mut DbConnection) -> Result<ChecklistVersionNumber, DbError> {
    let max: Option<i32> = checklists::table
        .select(diesel::dsl::max(checklists::version))
        .first(conn)?;
    Ok(max
        .map(|v| ChecklistVersionNumber::new(u32::try_from(v).unwrap_or(0)).next())
        .unwrap_or(ChecklistVersionNumber::FIRST))
}

pub fn insert_draft(
    conn: &mut DbConnection,
    checklist: &ChecklistVersion,
    created_by: UserId,
) -> Result<(), DbError> {
    diesel::insert_into(checklists::table)
        .values((
            checklists::id.eq(checklist.id.to_string()),
            checklists::version.eq(i32::try_from(checklist.version.get()).unwrap_or(i32::MAX)),
            checklists::status.eq(ChecklistStatus::Draft.as_str()),
            checklists::created_at.eq(to_db_time(checklist.created_at)),
            checklists::created_by.eq(created_by.to_string()),
        ))
        .execute(conn)?;
    insert_items(conn, checklist)
}

fn insert_items(conn: &mut DbConnection, checklist: &ChecklistVersion) -> Result<(), DbError> {
    let rows: Vec<ItemRow> = checklist
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| item_to_row(checklist.id, i, item))
        .collect();
    // One statement per item: the multi-backend connection cannot batch inserts.
    for row in rows {
        diesel::insert_into(checklist_items::table)
            .values(row)
            .execute(conn)?;
    }
    Ok(())
}

/// Replaces a draft's items with the checklist's current ones.
pub fn replace_items(conn: &mut DbConnection, checklist: &ChecklistVersion) -> Result<(), DbError> {
    diesel::delete(
        checklist_items::table.filter(checklist_items::checklist_id.eq(checklist.id.to_string())),
    )
    .execute(conn)?;
    insert_items(conn, checklist)
}

pub fn mark_published(
    conn: &mut DbConnection,
    id: ChecklistId,
    at: DateTime<Utc>,
) -> Result<(), DbError> {
    diesel::update(
        checklists::table
            .filter(checklists::id.eq(id.to_string()))
            .filter(checklists::status.eq(ChecklistStatus::Draft.as_str())),
    )
    .set((
        checklists::status.eq(ChecklistStatus::Published.as_str()),
        checklists::published_at.eq(to_db_time(at)),
    ))
    .execute(conn)?;
    Ok(())
}
