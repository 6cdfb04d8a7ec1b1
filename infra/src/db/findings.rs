use anfang_domain::catalog::ItemCode;
use anfang_domain::finding::{AppealDecision, Finding, FindingStatus, FindingText, Severity};
use anfang_domain::ids::{FindingId, NoticeId, ReportId, UnitId, UserId};
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;

use super::schema::findings;
use super::{DbConnection, DbError, Text, from_db_time, to_db_time};

#[derive(Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = findings, treat_none_as_null = true)]
pub(super) struct Row {
    id: Text<FindingId>,
    report_id: Text<ReportId>,
    unit_id: Text<UnitId>,
    item_code: Text<ItemCode>,
    severity: String,
    critical: bool,
    status: Text<FindingStatus>,
    deadline: NaiveDateTime,
    is_repeat: bool,
    visit_at: NaiveDateTime,
    published_at: Option<NaiveDateTime>,
    rectification: Option<String>,
    rectified_at: Option<NaiveDateTime>,
    verdict_comment: Option<String>,
    verified_by: Option<Text<UserId>>,
    appeal_reason: Option<String>,
    appealed_at: Option<NaiveDateTime>,
    appeal_decision: Option<String>,
    appeal_decided_by: Option<Text<UserId>>,
    appeal_decided_at: Option<NaiveDateTime>,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    verified_at: Option<NaiveDateTime>,
}

fn text(t: &Option<FindingText>) -> Option<String> {
    t.as_ref().map(|t| t.as_str().to_owned())
}

fn parse_text(t: Option<String>) -> Result<Option<FindingText>, DbError> {
    t.as_deref()
        .map(FindingText::parse)
        .transpose()
        .map_err(DbError::corrupt)
}

fn to_row(f: &Finding) -> Row {
    Row {
        id: Text(f.id),
        report_id: Text(f.report_id),
        unit_id: Text(f.unit_id),
        item_code: Text(f.item_code.clone()),
        severity: f.severity.as_str().to_owned(),
        critical: f.critical,
        status: Text(f.status),
        deadline: to_db_time(f.deadline),
        is_repeat: f.repeat,
        visit_at: to_db_time(f.visit_at),
        published_at: f.published_at.map(to_db_time),
        rectification: text(&f.rectification),
        rectified_at: f.rectified_at.map(to_db_time),
        verdict_comment: text(&f.verdict_comment),
        verified_by: f.verified_by.map(Text),
        verified_at: f.verified_at.map(to_db_time),
        appeal_reason: text(&f.appeal_reason),
        appealed_at: f.appealed_at.map(to_db_time),
        appeal_decision: f.appeal_decision.map(|(d, _, _)| d.as_str().to_owned()),
        appeal_decided_by: f.appeal_decision.map(|(_, u, _)| Text(u)),
        appeal_decided_at: f.appeal_decision.map(|(_, _, at)| to_db_time(at)),
        created_at: to_db_time(f.created_at),
        updated_at: to_db_time(f.updated_at),
    }
}

pub(super) fn to_domain(row: Row) -> Result<Finding, DbError> {
    let appeal_decision = match (
        row.appeal_decision,
        row.appeal_decided_by,
        row.appeal_decided_at,
    ) {
        (Some(d), Some(by), Some(at)) => Some((
            AppealDecision::parse(&d).ok_or_else(|| DbError::corrupt("appeal decision"))?,
            by.0,
            from_db_time(at),
        )),
        _ => None,
    };
    Ok(Finding {
        id: row.id.0,
        report_id: row.report_id.0,
        unit_id: row.unit_id.0,
        item_code: row.item_code.0,
        severity: match row.severity.as_str() {
            "major" => Severity::Major,
            "minor" => Severity::Minor,
            other => return Err(DbError::corrupt(format!("severity {other}"))),
        },
        critical: row.critical,
        status: row.status.0,
        deadline: from_db_time(row.deadline),
        repeat: row.is_repeat,
        visit_at: from_db_time(row.visit_at),
        published_at: row.published_at.map(from_db_time),
        rectification: parse_text(row.rectification)?,
        rectified_at: row.rectified_at.map(from_db_time),
        verdict_comment: parse_text(row.verdict_comment)?,
        verified_by: row.verified_by.map(Text::into_inner),
        verified_at: row.verified_at.map(from_db_time),
        appeal_reason: parse_text(row.appeal_reason)?,
        appealed_at: row.appealed_at.map(from_db_time),
        appeal_decision,
        created_at: from_db_time(row.created_at),
        updated_at: from_db_time(row.updated_at),
    })
}

pub fn insert(conn: &mut DbConnection, finding: &Finding) -> Result<(), DbError> {
    diesel::insert_into(findings::table)
        .values(to_row(finding))
        .execute(conn)?;
    Ok(())
}

pub fn update(conn: &mut DbConnection, finding: &Finding) -> Result<(), DbError> {
    diesel::update(findings::table.find(finding.id.to_string()))
        .set(to_row(finding))
        .execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut DbConnection, id: FindingId) -> Result<Option<Finding>, DbError> {
    findings::table
        .find(id.to_string())
        .select(Row::as_select())
        .first(conn)
        .optional()?
        .map(to_domain)
        .transpose()
}

/// When the unit's standing (not overturned) findings of `item` were found, for the repeat rule.
pub fn standing_visits(
    conn: &mut DbConnection,
    unit: UnitId,
    item: &ItemCode,
) -> Result<Vec<DateTime<Utc>>, DbError> {
    let rows: Vec<NaiveDateTime> = findings::table
        .filter(findings::unit_id.eq(unit.to_string()))
        .filter(findings::item_code.eq(item.as_str()))
        .filter(findings::status.ne("overturned"))
        .select(findings::visit_at)
        .load(conn)?;
    Ok(rows.into_iter().map(from_db_time).collect())
}

/// Findings still awaiting the unit whose deadline passed before `now`.
pub fn past_deadline(conn: &mut DbConnection, now: DateTime<Utc>) -> Result<Vec<Finding>, DbError> {
    findings::table
        .filter(findings::status.eq_any(["open", "rectifying"]))
        .filter(findings::published_at.is_not_null())
        .filter(findings::deadline.lt(to_db_time(now)))
        .order((findings::deadline.asc(), findings::id.asc()))
        .select(Row::as_select())
        .load(conn)?
        .into_iter()
        .map(to_domain)
        .collect()
}

/// Moves a finding from `from` to `to` unless someone changed it meanwhile; whether it moved.
pub fn change_status(
    conn: &mut DbConnection,
    id: FindingId,
    from: FindingStatus,
    to: FindingStatus,
    now: DateTime<Utc>,
) -> Result<bool, DbError> {
    let changed = diesel::update(
        findings::table
            .find(id.to_string())
            .filter(findings::status.eq(from.as_str())),
    )
    .set((
        findings::status.eq(to.as_str()),
        findings::updated_at.eq(to_db_time(now)),
    ))
    .execute(conn)?;
    Ok(changed == 1)
}

/// Stores a finding just published, unless another step published it meanwhile.
pub fn publish_if_unpublished(conn: &mut DbConnection, finding: &Finding) -> Result<bool, DbError> {
    let changed = diesel::update(
        findings::table
            .find(finding.id.to_string())
            .filter(findings::published_at.is_null()),
    )
    .set(to_row(finding))
    .execute(conn)?;
    Ok(changed == 1)
}

/// The not yet published findings of a report, or of a notice.
pub fn unpublished(conn: &mut DbConnection, of: Unpublished) -> Result<Vec<Finding>, DbError> {
    use super::schema::notice_findings;
    let query = findings::table
        .filter(findings::published_at.is_null())
        .filter(findings::status.ne("overturned"))
        .select(Row::as_select())
        .into_boxed();
    let query = match of {
        Unpublished::OfReport(report) => query.filter(findings::report_id.eq(report.to_string())),
        Unpublished::OfNotice(notice) => query.filter(
            findings::id.eq_any(
                notice_findings::table
                    .filter(notice_findings::notice_id.eq(notice.to_string()))
                    .select(notice_findings::finding_id),
            ),
        ),
    };
    query
        .order((findings::created_at.asc(), findings::id.asc()))
        .load(conn)?
        .into_iter()
        .map(to_domain)
        .collect()
}

#[derive(Debug, Clone, Copy)]
pub enum Unpublished {
    OfReport(ReportId),
    OfNotice(NoticeId),
}

/// The items of a report whose findings were overturned.
pub fn overturned_items(
    conn: &mut DbConnection,
    report: ReportId,
) -> Result<Vec<ItemCode>, DbError> {
    findings::table
        .filter(findings::report_id.eq(report.to_string()))
        .filter(findings::status.eq("overturned"))
        .select(findings::item_code)
        .load::<String>(conn)?
        .iter()
        .map(|c| ItemCode::parse(c).map_err(DbError::corrupt))
        .collect()
}
