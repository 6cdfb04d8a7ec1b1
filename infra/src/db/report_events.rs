//! A report's history: every transition, with who, when and why. Append-only (the database
//! refuses updates and deletes).

use anfang_domain::ids::{ReportId, UserId};
use anfang_domain::report::ReportStatus;
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;

use super::schema::report_events;
use super::{DbConnection, DbError, from_db_time, to_db_time};

#[derive(Debug, Clone, PartialEq)]
pub struct ReportEvent {
    pub at: DateTime<Utc>,
    pub actor_id: UserId,
    /// `create`, `submit`, `claim`, `approve`, `return`, `reject`.
    pub action: String,
    pub from: Option<ReportStatus>,
    pub to: ReportStatus,
    pub comment: Option<String>,
}

pub fn append(
    conn: &mut DbConnection,
    report: ReportId,
    event: &ReportEvent,
) -> Result<(), DbError> {
    diesel::insert_into(report_events::table)
        .values((
            report_events::report_id.eq(report.to_string()),
            report_events::at.eq(to_db_time(event.at)),
            report_events::actor_id.eq(event.actor_id.to_string()),
            report_events::action.eq(&event.action),
            report_events::from_status.eq(event.from.map(|s| s.as_str())),
            report_events::to_status.eq(event.to.as_str()),
            report_events::comment.eq(event.comment.as_deref()),
        ))
        .execute(conn)?;
    Ok(())
}

type Row = (
    NaiveDateTime,
    String,
    String,
    Option<String>,
    String,
    Option<String>,
);

pub fn list(conn: &mut DbConnection, report: ReportId) -> Result<Vec<ReportEvent>, DbError> {
    let rows: Vec<Row> = report_events::table
        .filter(report_events::report_id.eq(report.to_string()))
        .order(report_events::id.asc())
        .select((
            report_events::at,
            report_events::actor_id,
            report_events::action,
            report_events::from_status,
            report_events::to_status,
            report_events::comment,
        ))
        .load(conn)?;
    rows.into_iter()
        .map(|(at, actor, action, from, to, comment)| {
            Ok(ReportEvent {
                at: from_db_time(at),
                actor_id: actor.parse().map_err(DbError::corrupt)?,
                action,
                from: from
                    .map(|f| f.parse())
                    .transpose()
                    .map_err(DbError::corrupt)?,
                to: to.parse().map_err(DbError::corrupt)?,
                comment,
            })
        })
        .collect()
}
