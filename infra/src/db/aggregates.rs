//! The figures of notices and statistics, computed by the database (GROUP BY over the month's
//! rows; nothing is loaded row by row). The SQL is plain and runs unchanged on PostgreSQL and
//! SQLite: `$n` parameters, numbered in order of first use, are positional in both.
//!
//! A report counts once approved, in the period its visit started in; its score is the one
//! left after overturned appeals. A finding counts unless overturned.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Text, Timestamp};

use super::{DbConnection, DbError, to_db_time};

/// `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeRange {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

impl TimeRange {
    fn bounds(&self) -> (NaiveDateTime, NaiveDateTime) {
        (to_db_time(self.start), to_db_time(self.end))
    }
}

/// What report figures are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportGroup {
    Unit,
    UnitType,
    District,
    Inspector,
}

impl ReportGroup {
    fn key(self) -> &'static str {
        match self {
            ReportGroup::Unit => "r.unit_id",
            ReportGroup::UnitType => "r.unit_type",
            ReportGroup::District => "r.district",
            ReportGroup::Inspector => "r.inspector_id",
        }
    }
}

/// What finding counts are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FindingGroup {
    Unit,
    UnitType,
    District,
    Item,
    Dimension,
    Inspector,
}

impl FindingGroup {
    fn key(self) -> &'static str {
        match self {
            FindingGroup::Unit => "f.unit_id",
            FindingGroup::UnitType => "r.unit_type",
            FindingGroup::District => "r.district",
            FindingGroup::Item => "f.item_code",
            // An item's code starts with its dimension's three letters.
            FindingGroup::Dimension => "SUBSTR(f.item_code, 1, 3)",
            FindingGroup::Inspector => "r.inspector_id",
        }
    }
}

/// Approved inspections: how many, of how many units, their scores and grades.
#[derive(Debug, Clone, PartialEq, Eq, QueryableByName)]
pub struct ReportFigures {
    #[diesel(sql_type = Text)]
    pub key: String,
    #[diesel(sql_type = BigInt)]
    pub inspections: i64,
    #[diesel(sql_type = BigInt)]
    pub units: i64,
    #[diesel(sql_type = BigInt)]
    pub score_half_sum: i64,
    #[diesel(sql_type = BigInt)]
    pub excellent: i64,
    #[diesel(sql_type = BigInt)]
    pub good: i64,
    #[diesel(sql_type = BigInt)]
    pub pass: i64,
    #[diesel(sql_type = BigInt)]
    pub fail: i64,
}

/// Standing findings: how many, how many major, critical, repeated.
#[derive(Debug, Clone, PartialEq, Eq, QueryableByName)]
pub struct FindingFigures {
    #[diesel(sql_type = Text)]
    pub key: String,
    #[diesel(sql_type = BigInt)]
    pub findings: i64,
    #[diesel(sql_type = BigInt)]
    pub major: i64,
    #[diesel(sql_type = BigInt)]
    pub critical: i64,
    #[diesel(sql_type = BigInt)]
    pub repeats: i64,
}

const REPORT_FIGURES: &str = "
    COUNT(*) AS inspections,
    COUNT(DISTINCT r.unit_id) AS units,
    COALESCE(SUM(COALESCE(r.standing_score_half, r.score_half)), 0) AS score_half_sum,
    COALESCE(SUM(CASE WHEN COALESCE(r.standing_grade, r.grade) = 'excellent' THEN 1 ELSE 0 END), 0) AS excellent,
    COALESCE(SUM(CASE WHEN COALESCE(r.standing_grade, r.grade) = 'good' THEN 1 ELSE 0 END), 0) AS good,
    COALESCE(SUM(CASE WHEN COALESCE(r.standing_grade, r.grade) = 'pass' THEN 1 ELSE 0 END), 0) AS pass,
    COALESCE(SUM(CASE WHEN COALESCE(r.standing_grade, r.grade) = 'fail' THEN 1 ELSE 0 END), 0) AS fail
    FROM reports r
    WHERE r.status = 'approved' AND r.visit_started_at >= $1 AND r.visit_started_at < $2";

const FINDING_FIGURES: &str = "
    COUNT(*) AS findings,
    COALESCE(SUM(CASE WHEN f.severity = 'major' THEN 1 ELSE 0 END), 0) AS major,
    COALESCE(SUM(CASE WHEN f.critical THEN 1 ELSE 0 END), 0) AS critical,
    COALESCE(SUM(CASE WHEN f.is_repeat THEN 1 ELSE 0 END), 0) AS repeats
    FROM findings f JOIN reports r ON r.id = f.report_id
    WHERE f.status <> 'overturned' AND f.visit_at >= $1 AND f.visit_at < $2";

/// The whole period's report figures (`key` is empty).
pub fn report_totals(conn: &mut DbConnection, range: TimeRange) -> Result<ReportFigures, DbError> {
    let (start, end) = range.bounds();
    Ok(
        diesel::sql_query(format!("SELECT '' AS key, {REPORT_FIGURES}"))
            .bind::<Timestamp, _>(start)
            .bind::<Timestamp, _>(end)
            .get_result(conn)?,
    )
}

pub fn reports_by(
    conn: &mut DbConnection,
    range: TimeRange,
    group: ReportGroup,
) -> Result<Vec<ReportFigures>, DbError> {
    let (start, end) = range.bounds();
    let key = group.key();
    Ok(diesel::sql_query(format!(
        "SELECT {key} AS key, {REPORT_FIGURES} GROUP BY {key} ORDER BY {key}"
    ))
    .bind::<Timestamp, _>(start)
    .bind::<Timestamp, _>(end)
    .load(conn)?)
}

/// The whole period's finding figures (`key` is empty).
pub fn finding_totals(
    conn: &mut DbConnection,
    range: TimeRange,
) -> Result<FindingFigures, DbError> {
    let (start, end) = range.bounds();
    Ok(
        diesel::sql_query(format!("SELECT '' AS key, {FINDING_FIGURES}"))
            .bind::<Timestamp, _>(start)
            .bind::<Timestamp, _>(end)
            .get_result(conn)?,
    )
}

pub fn findings_by(
    conn: &mut DbConnection,
    range: TimeRange,
    group: FindingGroup,
) -> Result<Vec<FindingFigures>, DbError> {
    let (start, end) = range.bounds();
    let key = group.key();
    Ok(diesel::sql_query(format!(
        "SELECT {key} AS key, {FINDING_FIGURES} GROUP BY {key} ORDER BY {key}"
    ))
    .bind::<Timestamp, _>(start)
    .bind::<Timestamp, _>(end)
    .load(conn)?)
}

/// A standing finding, with the unit's code and name.
#[derive(Debug, Clone, PartialEq, Eq, QueryableByName)]
pub struct FindingRow {
    #[diesel(sql_type = Text)]
    pub finding_id: String,
    #[diesel(sql_type = Text)]
    pub report_id: String,
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
    #[diesel(sql_type = Text)]
    pub status: String,
    #[diesel(sql_type = Timestamp)]
    pub visit_at: NaiveDateTime,
    #[diesel(sql_type = Timestamp)]
    pub deadline: NaiveDateTime,
}

const FINDING_ROW: &str = "SELECT f.id AS finding_id, f.report_id, u.code AS unit_code,
    u.name AS unit_name, f.item_code, f.severity, f.critical, f.is_repeat, f.status, f.visit_at,
    f.deadline
    FROM findings f JOIN units u ON u.id = f.unit_id";

/// A major or critical finding of the period that might be shown as a typical case, with
/// what the choice weighs (`anfang_domain::notice::typical`).
#[derive(Debug, Clone, PartialEq, QueryableByName)]
pub struct CaseCandidate {
    #[diesel(sql_type = Text)]
    pub finding_id: String,
    #[diesel(sql_type = Text)]
    pub report_id: String,
    #[diesel(sql_type = Text)]
    pub unit_id: String,
    #[diesel(sql_type = Text)]
    pub unit_code: String,
    #[diesel(sql_type = Text)]
    pub unit_name: String,
    #[diesel(sql_type = Text)]
    pub unit_type: String,
    #[diesel(sql_type = Text)]
    pub item_code: String,
    #[diesel(sql_type = Text)]
    pub severity: String,
    #[diesel(sql_type = Bool)]
    pub critical: bool,
    #[diesel(sql_type = Bool)]
    pub is_repeat: bool,
    #[diesel(sql_type = Bool)]
    pub photographed: bool,
    #[diesel(sql_type = Timestamp)]
    pub visit_at: NaiveDateTime,
}

pub fn case_candidates(
    conn: &mut DbConnection,
    range: TimeRange,
) -> Result<Vec<CaseCandidate>, DbError> {
    let (start, end) = range.bounds();
    Ok(diesel::sql_query(
        "SELECT f.id AS finding_id, f.report_id, f.unit_id, u.code AS unit_code,
            u.name AS unit_name, u.type_code AS unit_type, f.item_code, f.severity, f.critical,
            f.is_repeat, f.visit_at,
            EXISTS (SELECT 1 FROM photos p
                    WHERE p.report_id = f.report_id AND p.item_code = f.item_code) AS photographed
         FROM findings f JOIN units u ON u.id = f.unit_id
         WHERE f.status <> 'overturned' AND f.visit_at >= $1 AND f.visit_at < $2
           AND (f.severity = 'major' OR f.critical)",
    )
    .bind::<Timestamp, _>(start)
    .bind::<Timestamp, _>(end)
    .load(conn)?)
}

/// How each report's visit was made (its channel), by report id.
pub fn channels(
    conn: &mut DbConnection,
    report_ids: &[String],
) -> Result<HashMap<String, String>, DbError> {
    use super::schema::reports;
    Ok(reports::table
        .filter(reports::id.eq_any(report_ids))
        .select((reports::id, reports::channel))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect())
}

/// The inspector's notes on items of the reports, by (report id, item code).
pub fn rating_notes(
    conn: &mut DbConnection,
    report_ids: &[String],
) -> Result<HashMap<(String, String), String>, DbError> {
    use super::schema::report_ratings;
    let rows: Vec<(String, String, Option<String>)> = report_ratings::table
        .filter(report_ratings::report_id.eq_any(report_ids))
        .filter(report_ratings::note.is_not_null())
        .select((
            report_ratings::report_id,
            report_ratings::item_code,
            report_ratings::note,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(report, item, note)| Some(((report, item), note?)))
        .collect())
}

/// The segments of recordings the reports' ratings cite, by report and item, as read
/// (`00:12:05–00:13:40`).
pub fn rating_citations(
    conn: &mut DbConnection,
    report_ids: &[String],
) -> Result<HashMap<(String, String), String>, DbError> {
    use super::schema::report_ratings;
    let rows: Vec<(String, String, super::reports::CitationColumns)> = report_ratings::table
        .filter(report_ratings::report_id.eq_any(report_ids))
        .filter(report_ratings::citation_recording_id.is_not_null())
        .select((
            report_ratings::report_id,
            report_ratings::item_code,
            (
                report_ratings::citation_recording_id,
                report_ratings::citation_start_s,
                report_ratings::citation_end_s,
            ),
        ))
        .load(conn)?;
    let mut labels = HashMap::new();
    for (report, item, columns) in rows {
        if let Some(citation) = super::reports::citation_of(columns)? {
            labels.insert((report, item), citation.label());
        }
    }
    Ok(labels)
}

/// Every published finding overdue now, whichever month found it, the longest overdue first.
pub fn overdue(conn: &mut DbConnection) -> Result<Vec<FindingRow>, DbError> {
    Ok(diesel::sql_query(format!(
        "{FINDING_ROW} WHERE f.status = 'overdue' AND f.published_at IS NOT NULL
         ORDER BY f.deadline, f.id"
    ))
    .load(conn)?)
}

/// The period's standing findings of one unit, counted by status.
#[derive(Debug, Clone, PartialEq, Eq, QueryableByName)]
pub struct RectificationFigures {
    #[diesel(sql_type = Text)]
    pub unit_id: String,
    #[diesel(sql_type = Text)]
    pub unit_code: String,
    #[diesel(sql_type = Text)]
    pub unit_name: String,
    #[diesel(sql_type = BigInt)]
    pub open: i64,
    #[diesel(sql_type = BigInt)]
    pub rectifying: i64,
    #[diesel(sql_type = BigInt)]
    pub rectified: i64,
    #[diesel(sql_type = BigInt)]
    pub verified: i64,
    #[diesel(sql_type = BigInt)]
    pub overdue: i64,
}

pub fn rectification_by_unit(
    conn: &mut DbConnection,
    range: TimeRange,
) -> Result<Vec<RectificationFigures>, DbError> {
    let (start, end) = range.bounds();
    Ok(diesel::sql_query(
        "SELECT f.unit_id, u.code AS unit_code, u.name AS unit_name,
            SUM(CASE WHEN f.status = 'open' THEN 1 ELSE 0 END) AS open,
            SUM(CASE WHEN f.status = 'rectifying' THEN 1 ELSE 0 END) AS rectifying,
            SUM(CASE WHEN f.status = 'rectified' THEN 1 ELSE 0 END) AS rectified,
            SUM(CASE WHEN f.status = 'verified' THEN 1 ELSE 0 END) AS verified,
            SUM(CASE WHEN f.status = 'overdue' THEN 1 ELSE 0 END) AS overdue
         FROM findings f JOIN units u ON u.id = f.unit_id
         WHERE f.status <> 'overturned' AND f.visit_at >= $1 AND f.visit_at < $2
         GROUP BY f.unit_id, u.code, u.name ORDER BY u.code",
    )
    .bind::<Timestamp, _>(start)
    .bind::<Timestamp, _>(end)
    .load(conn)?)
}

/// The period's repeat findings, by unit and item.
pub fn repeats(conn: &mut DbConnection, range: TimeRange) -> Result<Vec<FindingRow>, DbError> {
    let (start, end) = range.bounds();
    Ok(diesel::sql_query(format!(
        "{FINDING_ROW}
         WHERE f.status <> 'overturned' AND f.visit_at >= $1 AND f.visit_at < $2 AND f.is_repeat
         ORDER BY u.code, f.item_code, f.id"
    ))
    .bind::<Timestamp, _>(start)
    .bind::<Timestamp, _>(end)
    .load(conn)?)
}

/// What a unit is called and where it belongs, by id (the units table is small).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitLabel {
    pub code: String,
    pub name: String,
    pub type_code: String,
    pub district: String,
}

pub fn unit_labels(conn: &mut DbConnection) -> Result<HashMap<String, UnitLabel>, DbError> {
    use super::schema::units;
    let rows: Vec<(String, String, String, String, String)> = units::table
        .select((
            units::id,
            units::code,
            units::name,
            units::type_code,
            units::district,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, code, name, type_code, district)| {
            (
                id,
                UnitLabel {
                    code,
                    name,
                    type_code,
                    district,
                },
            )
        })
        .collect())
}

/// Item code → Chinese title, from the newest published checklist that has the item.
pub fn item_titles(conn: &mut DbConnection) -> Result<HashMap<String, String>, DbError> {
    use super::schema::{checklist_items, checklists};
    let rows: Vec<(String, String)> = checklist_items::table
        .inner_join(checklists::table)
        .filter(checklists::status.eq("published"))
        .order(checklists::version.asc())
        .select((checklist_items::code, checklist_items::title))
        .load(conn)?;
    Ok(rows.into_iter().collect())
}

/// Photos of an item in a report, in upload order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemPhoto {
    pub report_id: String,
    pub item_code: Option<String>,
    pub photo_id: String,
}

pub fn item_photos(
    conn: &mut DbConnection,
    report_ids: &[String],
) -> Result<Vec<ItemPhoto>, DbError> {
    use super::schema::photos;
    let rows: Vec<(String, Option<String>, String)> = photos::table
        .filter(photos::report_id.eq_any(report_ids))
        .filter(photos::item_code.is_not_null())
        .order((photos::created_at.asc(), photos::id.asc()))
        .select((photos::report_id, photos::item_code, photos::id))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(report_id, item_code, photo_id)| ItemPhoto {
            report_id,
            item_code,
            photo_id,
        })
        .collect())
}

/// How an inspector's reports fared in review (checking the checkers): reports that went in,
/// how often they were returned, how many were rejected, flagged, and how many of their
/// findings were overturned on appeal.
#[derive(Debug, Clone, PartialEq, Eq, QueryableByName)]
pub struct InspectorChecks {
    #[diesel(sql_type = Text)]
    pub key: String,
    #[diesel(sql_type = Text)]
    pub display_name: String,
    #[diesel(sql_type = BigInt)]
    pub reports: i64,
    #[diesel(sql_type = BigInt)]
    pub returned: i64,
    #[diesel(sql_type = BigInt)]
    pub rejected: i64,
    #[diesel(sql_type = BigInt)]
    pub flagged: i64,
    #[diesel(sql_type = BigInt)]
    pub overturned: i64,
}

/// Per inspector, over the reports (not drafts) whose visit started in `range`.
pub fn inspector_checks(
    conn: &mut DbConnection,
    range: TimeRange,
) -> Result<Vec<InspectorChecks>, DbError> {
    let (start, end) = range.bounds();
    Ok(diesel::sql_query(
        "SELECT x.key, u.display_name, CAST(COUNT(*) AS BIGINT) AS reports,
            CAST(COALESCE(SUM(x.returned), 0) AS BIGINT) AS returned,
            CAST(COALESCE(SUM(x.rejected), 0) AS BIGINT) AS rejected,
            CAST(COALESCE(SUM(x.flagged), 0) AS BIGINT) AS flagged,
            CAST(COALESCE(SUM(x.overturned), 0) AS BIGINT) AS overturned
         FROM (
            SELECT r.inspector_id AS key,
                (SELECT COUNT(*) FROM report_events e WHERE e.report_id = r.id AND e.action = 'return') AS returned,
                CASE WHEN r.status = 'rejected' THEN 1 ELSE 0 END AS rejected,
                CASE WHEN r.flags <> '[]' THEN 1 ELSE 0 END AS flagged,
                (SELECT COUNT(*) FROM findings f WHERE f.report_id = r.id AND f.status = 'overturned') AS overturned
            FROM reports r
            WHERE r.status <> 'draft' AND r.visit_started_at >= $1 AND r.visit_started_at < $2
         ) x JOIN users u ON u.id = x.key
         GROUP BY x.key, u.display_name ORDER BY x.key",
    )
    .bind::<Timestamp, _>(start)
    .bind::<Timestamp, _>(end)
    .load(conn)?)
}
