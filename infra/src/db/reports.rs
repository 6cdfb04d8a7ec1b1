//! Reports and their ratings. Every change after creation is guarded by the version the
//! change was computed from: of two concurrent writers exactly one succeeds.

use anfang_domain::catalog::{DistrictCode, GeoPoint, ItemCode, UnitTypeCode};
use anfang_domain::ids::{AssignmentId, ChecklistId, ReportId, UnitId, UserId};
use anfang_domain::report::{
    Citation, DeviceInfo, Grade, IntegrityFlag, Lease, Narrative, Note, PhoneLocation, Rating,
    Ratings, Report, ReportContent, ReportScope, ReportStatus, ReviewComment, Scenario, Score,
    Scorecard, VisitWindow,
};
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;

use super::page::{Keyset, Page, PageRequest};
use super::schema::{report_ratings, reports};
use super::{DbConnection, DbError, Text, WriteError, from_db_time, to_db_time};

#[derive(Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = reports, treat_none_as_null = true)]
struct Row {
    id: Text<ReportId>,
    inspector_id: Text<UserId>,
    unit_id: Text<UnitId>,
    unit_type: Text<UnitTypeCode>,
    district: Text<DistrictCode>,
    checklist_id: Text<ChecklistId>,
    assignment_id: Option<Text<AssignmentId>>,
    channel: String,
    scenario: String,
    visit_started_at: NaiveDateTime,
    visit_ended_at: NaiveDateTime,
    narrative: Option<String>,
    location: Option<String>,
    device_info: Option<String>,
    status: Text<ReportStatus>,
    version: i32,
    content_hash: String,
    score_half: i32,
    grade: String,
    critical_failure: bool,
    flags: String,
    lease_holder: Option<Text<UserId>>,
    lease_expires_at: Option<NaiveDateTime>,
    reviewer_id: Option<Text<UserId>>,
    review_comment: Option<String>,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    submitted_at: Option<NaiveDateTime>,
    decided_at: Option<NaiveDateTime>,
    queued_at: NaiveDateTime,
}

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = report_ratings)]
struct RatingRow {
    report_id: String,
    position: i32,
    item_code: String,
    outcome: String,
    value: Option<f64>,
    unanswered: bool,
    note: Option<String>,
    citation_recording_id: Option<String>,
    citation_start_s: Option<i32>,
    citation_end_s: Option<i32>,
}

/// A report as stored, with the hash of the content last written to it.
#[derive(Debug, Clone)]
pub struct StoredReport {
    pub report: Report,
    pub content_hash: String,
}

fn flags_json(flags: &[IntegrityFlag]) -> String {
    serde_json::Value::from(flags.iter().map(|f| f.as_str()).collect::<Vec<_>>()).to_string()
}

fn parse_flags(json: &str) -> Result<Vec<IntegrityFlag>, DbError> {
    let names: Vec<String> = serde_json::from_str(json).map_err(DbError::corrupt)?;
    names
        .iter()
        .map(|n| n.parse().map_err(DbError::corrupt))
        .collect()
}

fn to_row(report: &Report, content_hash: &str) -> Row {
    let c = &report.content;
    Row {
        id: Text(report.id),
        inspector_id: Text(report.inspector_id),
        unit_id: Text(c.unit_id),
        unit_type: Text(report.unit_type.clone()),
        district: Text(report.district.clone()),
        checklist_id: Text(c.checklist_id),
        assignment_id: c.assignment_id.map(Text),
        channel: c.channel.as_str().to_owned(),
        scenario: c.scenario.as_str().to_owned(),
        visit_started_at: to_db_time(c.visit.started()),
        visit_ended_at: to_db_time(c.visit.ended()),
        narrative: c.narrative.as_ref().map(|n| n.as_str().to_owned()),
        location: c.location.map(|l| {
            serde_json::json!({
                "latitude": l.point().latitude(),
                "longitude": l.point().longitude(),
                "accuracy_m": l.accuracy_m(),
            })
            .to_string()
        }),
        device_info: c.device.as_ref().map(|d| d.as_str().to_owned()),
        status: Text(report.status),
        version: i32::try_from(report.version).unwrap_or(i32::MAX),
        content_hash: content_hash.to_owned(),
        score_half: i32::try_from(report.scorecard.score.half_points()).unwrap_or(0),
        grade: report.scorecard.grade.as_str().to_owned(),
        critical_failure: report.scorecard.critical_failure,
        flags: flags_json(&report.flags),
        lease_holder: report.lease.map(|l| Text(l.holder)),
        lease_expires_at: report.lease.map(|l| to_db_time(l.expires_at)),
        reviewer_id: report.reviewer_id.map(Text),
        review_comment: report
            .review_comment
            .as_ref()
            .map(|c| c.as_str().to_owned()),
        created_at: to_db_time(report.created_at),
        updated_at: to_db_time(report.updated_at),
        submitted_at: report.submitted_at.map(to_db_time),
        decided_at: report.decided_at.map(to_db_time),
        queued_at: to_db_time(report.submitted_at.unwrap_or(report.created_at)),
    }
}

fn parse_location(json: &str) -> Result<PhoneLocation, DbError> {
    #[derive(serde::Deserialize)]
    struct Stored {
        latitude: f64,
        longitude: f64,
        accuracy_m: f64,
    }
    let s: Stored = serde_json::from_str(json).map_err(DbError::corrupt)?;
    PhoneLocation::new(
        GeoPoint::new(s.latitude, s.longitude).map_err(DbError::corrupt)?,
        s.accuracy_m,
    )
    .map_err(DbError::corrupt)
}

/// A rating's citation as stored: the recording's id, the segment's start and end second.
pub type CitationColumns = (Option<String>, Option<i32>, Option<i32>);

/// The citation those columns hold, if they hold one.
pub fn citation_of(columns: CitationColumns) -> Result<Option<Citation>, DbError> {
    let (Some(recording), Some(start), Some(end)) = columns else {
        return Ok(None);
    };
    Citation::new(
        recording.parse().map_err(DbError::corrupt)?,
        u32::try_from(start).map_err(DbError::corrupt)?,
        u32::try_from(end).map_err(DbError::corrupt)?,
    )
    .map(Some)
    .map_err(DbError::corrupt)
}

fn rating_to_domain(row: RatingRow) -> Result<Rating, DbError> {
    Ok(Rating {
        item_code: ItemCode::parse(&row.item_code).map_err(DbError::corrupt)?,
        outcome: row.outcome.parse().map_err(DbError::corrupt)?,
        value: row.value,
        unanswered: row.unanswered,
        note: row
            .note
            .as_deref()
            .map(Note::parse)
            .transpose()
            .map_err(DbError::corrupt)?,
        citation: citation_of((
            row.citation_recording_id,
            row.citation_start_s,
            row.citation_end_s,
        ))?,
    })
}

fn to_domain(row: Row, ratings: Ratings) -> Result<StoredReport, DbError> {
    let location = row.location.as_deref().map(parse_location).transpose()?;
    let started = from_db_time(row.visit_started_at);
    let ended = from_db_time(row.visit_ended_at);
    let lease = match (row.lease_holder, row.lease_expires_at) {
        (Some(holder), Some(until)) => Some(Lease {
            holder: holder.0,
            expires_at: from_db_time(until),
        }),
        _ => None,
    };
    let report = Report {
        id: row.id.0,
        inspector_id: row.inspector_id.0,
        content: ReportContent {
            unit_id: row.unit_id.0,
            checklist_id: row.checklist_id.0,
            assignment_id: row.assignment_id.map(Text::into_inner),
            channel: row.channel.parse().map_err(DbError::corrupt)?,
            scenario: Scenario::parse(&row.scenario).map_err(DbError::corrupt)?,
            // Stored windows were checked when written; "now" is their end.
            visit: VisitWindow::new(started, ended, ended).map_err(DbError::corrupt)?,
            narrative: row
                .narrative
                .as_deref()
                .map(Narrative::parse)
                .transpose()
                .map_err(DbError::corrupt)?,
            location,
            device: row
                .device_info
                .as_deref()
                .map(DeviceInfo::parse)
                .transpose()
                .map_err(DbError::corrupt)?,
        },
        ratings,
        unit_type: row.unit_type.0,
        district: row.district.0,
        status: row.status.0,
        version: u32::try_from(row.version).map_err(DbError::corrupt)?,
        scorecard: Scorecard {
            score: Score::from_half_points(
                u32::try_from(row.score_half).map_err(DbError::corrupt)?,
            ),
            grade: row.grade.parse::<Grade>().map_err(DbError::corrupt)?,
            critical_failure: row.critical_failure,
        },
        flags: parse_flags(&row.flags)?,
        lease,
        reviewer_id: row.reviewer_id.map(Text::into_inner),
        review_comment: row
            .review_comment
            .as_deref()
            .map(ReviewComment::parse)
            .transpose()
            .map_err(DbError::corrupt)?,
        created_at: from_db_time(row.created_at),
        updated_at: from_db_time(row.updated_at),
        submitted_at: row.submitted_at.map(from_db_time),
        decided_at: row.decided_at.map(from_db_time),
    };
    Ok(StoredReport {
        report,
        content_hash: row.content_hash,
    })
}

pub fn find(conn: &mut DbConnection, id: ReportId) -> Result<Option<StoredReport>, DbError> {
    let Some(row) = reports::table
        .find(id.to_string())
        .select(Row::as_select())
        .first(conn)
        .optional()?
    else {
        return Ok(None);
    };
    let ratings = report_ratings::table
        .filter(report_ratings::report_id.eq(&row.id))
        .order(report_ratings::position.asc())
        .select(RatingRow::as_select())
        .load(conn)?
        .into_iter()
        .map(rating_to_domain)
        .collect::<Result<Vec<_>, _>>()?;
    to_domain(row, Ratings::from_checked(ratings)).map(Some)
}

fn insert_ratings(conn: &mut DbConnection, report: &Report) -> Result<(), DbError> {
    let rows: Vec<RatingRow> = report
        .ratings
        .iter()
        .enumerate()
        .map(|(i, r)| RatingRow {
            report_id: report.id.to_string(),
            position: i32::try_from(i).unwrap_or(i32::MAX),
            item_code: r.item_code.as_str().to_owned(),
            outcome: r.outcome.as_str().to_owned(),
            value: r.value,
            unanswered: r.unanswered,
            note: r.note.as_ref().map(|n| n.as_str().to_owned()),
            citation_recording_id: r.citation.map(|c| c.recording().to_string()),
            citation_start_s: r.citation.map(|c| c.start_s() as i32),
            citation_end_s: r.citation.map(|c| c.end_s() as i32),
        })
        .collect();
    if rows.is_empty() {
        return Ok(());
    }
    // One multi-row statement; the multi-backend connection has no batch insert, so the same
    // query runs on the variant.
    match conn {
        DbConnection::Pg(c) => diesel::insert_into(report_ratings::table)
            .values(&rows)
            .execute(c),
        DbConnection::Sqlite(c) => diesel::insert_into(report_ratings::table)
            .values(&rows)
            .execute(c),
    }?;
    Ok(())
}

pub fn insert(
    conn: &mut DbConnection,
    report: &Report,
    content_hash: &str,
) -> Result<(), WriteError> {
    diesel::insert_into(reports::table)
        .values(to_row(report, content_hash))
        .execute(conn)?;
    Ok(insert_ratings(conn, report)?)
}

/// Stores `report` if the stored version is still `expected_version`; returns whether it did.
/// With `content_changed`, the ratings are replaced too.
pub fn update(
    conn: &mut DbConnection,
    report: &Report,
    content_hash: &str,
    expected_version: u32,
    content_changed: bool,
) -> Result<bool, DbError> {
    let expected = i32::try_from(expected_version).unwrap_or(i32::MAX);
    let updated = diesel::update(
        reports::table
            .filter(reports::id.eq(report.id.to_string()))
            .filter(reports::version.eq(expected)),
    )
    .set(to_row(report, content_hash))
    .execute(conn)?;
    if updated == 0 {
        return Ok(false);
    }
    if content_changed {
        diesel::delete(
            report_ratings::table.filter(report_ratings::report_id.eq(report.id.to_string())),
        )
        .execute(conn)?;
        insert_ratings(conn, report)?;
    }
    Ok(true)
}

/// One line of the queue.
#[derive(Debug, Clone)]
pub struct ReportSummary {
    pub id: ReportId,
    pub inspector_id: UserId,
    pub unit_id: UnitId,
    pub unit_type: String,
    pub district: String,
    pub status: ReportStatus,
    pub version: u32,
    pub score: Score,
    pub grade: Grade,
    pub flags: Vec<IntegrityFlag>,
    pub channel: String,
    pub visit_started_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub lease: Option<Lease>,
    /// When it last entered the review queue.
    pub queued_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default)]
pub struct ReportFilter {
    pub status: Option<ReportStatus>,
    pub unit_type: Option<UnitTypeCode>,
    pub district: Option<DistrictCode>,
    pub unit_id: Option<UnitId>,
    pub flagged: Option<bool>,
    pub visited_from: Option<DateTime<Utc>>,
    pub visited_until: Option<DateTime<Utc>>,
    /// Only reports of this campaign's drawn visits.
    pub campaign_id: Option<anfang_domain::ids::CampaignId>,
}

type SummaryRow = (
    String,
    String,
    String,
    String,
    String,
    String,
    i32,
    i32,
    String,
    String,
    String,
    NaiveDateTime,
    Option<NaiveDateTime>,
    Option<String>,
    Option<NaiveDateTime>,
    NaiveDateTime,
);

fn summary(row: SummaryRow) -> Result<ReportSummary, DbError> {
    let (
        id,
        inspector,
        unit,
        unit_type,
        district,
        status,
        version,
        score,
        grade,
        flags,
        channel,
        visited,
        submitted,
        holder,
        until,
        queued,
    ) = row;
    Ok(ReportSummary {
        id: id.parse().map_err(DbError::corrupt)?,
        inspector_id: inspector.parse().map_err(DbError::corrupt)?,
        unit_id: unit.parse().map_err(DbError::corrupt)?,
        unit_type,
        district,
        status: status.parse().map_err(DbError::corrupt)?,
        version: u32::try_from(version).map_err(DbError::corrupt)?,
        score: Score::from_half_points(u32::try_from(score).map_err(DbError::corrupt)?),
        grade: grade.parse().map_err(DbError::corrupt)?,
        flags: parse_flags(&flags)?,
        channel,
        visit_started_at: from_db_time(visited),
        submitted_at: submitted.map(from_db_time),
        lease: match (holder, until) {
            (Some(h), Some(u)) => Some(Lease {
                holder: h.parse().map_err(DbError::corrupt)?,
                expires_at: from_db_time(u),
            }),
            _ => None,
        },
        queued_at: from_db_time(queued),
    })
}

/// The reports a scope admits, filtered, oldest in the queue first.
pub fn list(
    conn: &mut DbConnection,
    scope: ReportScope,
    filter: &ReportFilter,
    page: &PageRequest,
) -> Result<Page<ReportSummary>, DbError> {
    let mut query = reports::table
        .select((
            reports::id,
            reports::inspector_id,
            reports::unit_id,
            reports::unit_type,
            reports::district,
            reports::status,
            reports::version,
            reports::score_half,
            reports::grade,
            reports::flags,
            reports::channel,
            reports::visit_started_at,
            reports::submitted_at,
            reports::lease_holder,
            reports::lease_expires_at,
            reports::queued_at,
        ))
        .into_boxed();
    query = match scope {
        ReportScope::OwnOnly(user) => query.filter(reports::inspector_id.eq(user.to_string())),
        ReportScope::AllSubmitted => query.filter(reports::status.ne(ReportStatus::Draft.as_str())),
        ReportScope::ApprovedOnly => {
            query.filter(reports::status.eq(ReportStatus::Approved.as_str()))
        }
        ReportScope::Nothing => {
            return Ok(Page {
                items: Vec::new(),
                next: None,
            });
        }
    };
    if let Some(status) = filter.status {
        query = query.filter(reports::status.eq(status.as_str()));
    }
    if let Some(t) = &filter.unit_type {
        query = query.filter(reports::unit_type.eq(t.as_str().to_owned()));
    }
    if let Some(d) = &filter.district {
        query = query.filter(reports::district.eq(d.as_str().to_owned()));
    }
    if let Some(u) = filter.unit_id {
        query = query.filter(reports::unit_id.eq(u.to_string()));
    }
    match filter.flagged {
        Some(true) => query = query.filter(reports::flags.ne("[]")),
        Some(false) => query = query.filter(reports::flags.eq("[]")),
        None => {}
    }
    if let Some(from) = filter.visited_from {
        query = query.filter(reports::visit_started_at.ge(to_db_time(from)));
    }
    if let Some(until) = filter.visited_until {
        query = query.filter(reports::visit_started_at.lt(to_db_time(until)));
    }
    if let Some(campaign) = filter.campaign_id {
        let visits = super::schema::assignments::table
            .filter(super::schema::assignments::campaign_id.eq(campaign.to_string()))
            .select(super::schema::assignments::id.nullable());
        query = query.filter(reports::assignment_id.eq_any(visits));
    }
    query = crate::after_keyset!(query, reports::queued_at, reports::id, &page.after);
    let rows: Vec<SummaryRow> = query
        .order((reports::queued_at.asc(), reports::id.asc()))
        .limit(i64::from(page.limit) + 1)
        .load(conn)?;
    let items = rows
        .into_iter()
        .map(summary)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Page::from_rows(items, page.limit, |s| Keyset {
        at: s.queued_at,
        id: s.id.to_string(),
    }))
}

/// Deletes a draft with its ratings, history and photo rows (their objects, no longer
/// referenced, go with the storage sweep); whether a draft was deleted.
pub fn delete_draft(conn: &mut DbConnection, id: ReportId) -> Result<bool, DbError> {
    use super::schema::{photos, report_events};
    let id = id.to_string();
    let is_draft = reports::table
        .find(&id)
        .filter(reports::status.eq(ReportStatus::Draft.as_str()))
        .select(reports::id)
        .first::<String>(conn)
        .optional()?
        .is_some();
    if !is_draft {
        return Ok(false);
    }
    diesel::delete(photos::table.filter(photos::report_id.eq(&id))).execute(conn)?;
    diesel::delete(report_events::table.filter(report_events::report_id.eq(&id))).execute(conn)?;
    diesel::delete(report_ratings::table.filter(report_ratings::report_id.eq(&id)))
        .execute(conn)?;
    diesel::delete(reports::table.find(&id)).execute(conn)?;
    Ok(true)
}

/// How many reports name a drawn visit.
pub fn count_for_assignment(
    conn: &mut DbConnection,
    assignment: anfang_domain::ids::AssignmentId,
) -> Result<i64, DbError> {
    Ok(reports::table
        .filter(reports::assignment_id.eq(assignment.to_string()))
        .count()
        .get_result(conn)?)
}

/// Records the score a report keeps once appeals overturned some of its findings.
pub fn set_standing_score(
    conn: &mut DbConnection,
    id: ReportId,
    card: Scorecard,
) -> Result<(), DbError> {
    diesel::update(reports::table.find(id.to_string()))
        .set((
            reports::standing_score_half.eq(Some(card.score.half_points() as i32)),
            reports::standing_grade.eq(Some(card.grade.as_str())),
        ))
        .execute(conn)?;
    Ok(())
}
