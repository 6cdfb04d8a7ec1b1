//! The evidence phones declare for their reports (`evidence_declarations`).

use anfang_domain::ids::{EvidenceId, ReportId};
use anfang_domain::report::{Declared, Sha256Hex};
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;

use super::schema::evidence_declarations as declarations;
use super::{DbConnection, DbError, Text, from_db_time, to_db_time};

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = declarations)]
struct Row {
    report_id: Text<ReportId>,
    item_id: Text<EvidenceId>,
    kind: String,
    byte_size: i64,
    sha256: String,
    declared_at: NaiveDateTime,
    withdrawn_at: Option<NaiveDateTime>,
}

/// A declaration as stored: what was declared, and whether it was withdrawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declaration {
    pub declared: Declared,
    pub withdrawn_at: Option<DateTime<Utc>>,
}

fn to_domain(row: Row) -> Result<Declaration, DbError> {
    Ok(Declaration {
        declared: Declared {
            id: row.item_id.0,
            kind: row.kind.parse().map_err(DbError::corrupt)?,
            byte_size: u64::try_from(row.byte_size).map_err(DbError::corrupt)?,
            sha256: Sha256Hex::parse(&row.sha256).map_err(DbError::corrupt)?,
        },
        withdrawn_at: row.withdrawn_at.map(from_db_time),
    })
}

/// Every declaration of a report, in the order they were made (one request's by id).
pub fn of_report(conn: &mut DbConnection, report: ReportId) -> Result<Vec<Declaration>, DbError> {
    declarations::table
        .filter(declarations::report_id.eq(report.to_string()))
        .order((declarations::declared_at, declarations::item_id))
        .select(Row::as_select())
        .load(conn)?
        .into_iter()
        .map(to_domain)
        .collect()
}

pub fn find(
    conn: &mut DbConnection,
    report: ReportId,
    item: EvidenceId,
) -> Result<Option<Declaration>, DbError> {
    declarations::table
        .find((report.to_string(), item.to_string()))
        .select(Row::as_select())
        .first(conn)
        .optional()?
        .map(to_domain)
        .transpose()
}

/// Declares a file, or declares it anew (a phone that re-encoded it before sending); the
/// caller has checked that it has not arrived.
pub fn declare(
    conn: &mut DbConnection,
    report: ReportId,
    declared: &Declared,
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    diesel::delete(declarations::table.find((report.to_string(), declared.id.to_string())))
        .execute(conn)?;
    diesel::insert_into(declarations::table)
        .values(Row {
            report_id: Text(report),
            item_id: Text(declared.id),
            kind: declared.kind.as_str().to_owned(),
            byte_size: i64::try_from(declared.byte_size).map_err(DbError::corrupt)?,
            sha256: declared.sha256.as_str().to_owned(),
            declared_at: to_db_time(now),
            withdrawn_at: None,
        })
        .execute(conn)?;
    Ok(())
}

pub fn withdraw(
    conn: &mut DbConnection,
    report: ReportId,
    item: EvidenceId,
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    diesel::update(declarations::table.find((report.to_string(), item.to_string())))
        .set(declarations::withdrawn_at.eq(Some(to_db_time(now))))
        .execute(conn)?;
    Ok(())
}
