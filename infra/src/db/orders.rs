//! Rectification orders (整改通知书): which units a published notice gives one, and the lines
//! of a unit's order. The findings are those the notice recorded; the deadline is the one
//! publication started, and the note the inspector's, from the approved report.

use anfang_domain::ids::{NoticeId, UnitId};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Nullable, Text, Timestamp};

use super::{DbConnection, DbError};

/// A unit the notice found problems at.
#[derive(Debug, Clone, PartialEq, Eq, QueryableByName)]
pub struct OrderedUnit {
    #[diesel(sql_type = Text)]
    pub unit_id: String,
    #[diesel(sql_type = Text)]
    pub unit_code: String,
    #[diesel(sql_type = Text)]
    pub unit_name: String,
    #[diesel(sql_type = BigInt)]
    pub findings: i64,
}

pub fn ordered_units(
    conn: &mut DbConnection,
    notice: NoticeId,
) -> Result<Vec<OrderedUnit>, DbError> {
    Ok(diesel::sql_query(
        "SELECT unit_id, unit_code, unit_name, COUNT(*) AS findings
         FROM notice_findings WHERE notice_id = $1
         GROUP BY unit_id, unit_code, unit_name
         ORDER BY unit_code, unit_id",
    )
    .bind::<Text, _>(notice.to_string())
    .load(conn)?)
}

/// One problem of a unit's order.
#[derive(Debug, Clone, PartialEq, Eq, QueryableByName)]
pub struct OrderLine {
    #[diesel(sql_type = Text)]
    pub finding_id: String,
    #[diesel(sql_type = Text)]
    pub unit_code: String,
    #[diesel(sql_type = Text)]
    pub unit_name: String,
    #[diesel(sql_type = Text)]
    pub item_code: String,
    #[diesel(sql_type = Text)]
    pub severity: String,
    #[diesel(sql_type = Bool)]
    pub critical: bool,
    #[diesel(sql_type = Bool)]
    pub is_repeat: bool,
    /// As the notice recorded it.
    #[diesel(sql_type = Text)]
    pub status: String,
    #[diesel(sql_type = Timestamp)]
    pub visit_at: NaiveDateTime,
    /// As publication set it.
    #[diesel(sql_type = Timestamp)]
    pub deadline: NaiveDateTime,
    #[diesel(sql_type = Nullable<Text>)]
    pub note: Option<String>,
}

/// The unit's lines, by visit then item; empty when the notice found nothing there.
pub fn order_lines(
    conn: &mut DbConnection,
    notice: NoticeId,
    unit: UnitId,
) -> Result<Vec<OrderLine>, DbError> {
    Ok(diesel::sql_query(
        "SELECT nf.finding_id, nf.unit_code, nf.unit_name, nf.item_code, nf.severity, nf.critical,
            nf.is_repeat, nf.status, nf.visit_at, f.deadline, r.note
         FROM notice_findings nf
         JOIN findings f ON f.id = nf.finding_id
         LEFT JOIN report_ratings r ON r.report_id = nf.report_id AND r.item_code = nf.item_code
         WHERE nf.notice_id = $1 AND nf.unit_id = $2
         ORDER BY nf.visit_at, nf.item_code, nf.finding_id",
    )
    .bind::<Text, _>(notice.to_string())
    .bind::<Text, _>(unit.to_string())
    .load(conn)?)
}
