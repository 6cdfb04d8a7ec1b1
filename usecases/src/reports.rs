//! Reports: written by inspectors from phones, reviewed by supervisors (SPEC §3.2, §3.4).

use std::collections::HashSet;

use anfang_domain::auth::Role;
use anfang_domain::campaign::{CampaignStatus, CampaignView};
use anfang_domain::day_range::DayRange;
use anfang_domain::ids::AssignmentId;
use anfang_domain::ids::ReportId;
use anfang_domain::report::{
    Action, ClockReading, Decision, IntegrityFlag, Photo, RatingInput, Ratings, RecordingLengths,
    Report, ReportContent, ReportScope, ReportStatus, ReviewComment, Waiting, clock_skewed,
    missing_evidence, photo_flags, score, transition, visit_flags, waiting,
};
use anfang_domain::user::User;
use anfang_infra::db::WriteError;
use anfang_infra::db::audit::RequestOrigin;
use anfang_infra::db::lock::{self, Aggregate};
use anfang_infra::db::names::{Place, Wanted};
use anfang_infra::db::page::{Page, PageRequest};
use anfang_infra::db::published_checklists::PublishedChecklists;
use anfang_infra::db::report_events::{self, ReportEvent};
use anfang_infra::db::reports::{self, ReportFilter, ReportSummary, StoredReport};
use anfang_infra::db::{DbConnection, assignments, campaigns, photos, recordings, settings, units};
use chrono::{DateTime, Utc};

use crate::Context;
use crate::audit::{self, Target};
use crate::report_views::{self, ReportView};
use crate::{Conflict, Error, FieldIssue, FieldProblem, Precondition, Result, Rule};

/// The report, if `viewer` may see it; otherwise the same 404 as for an unknown id (for a unit
/// manager, reports do not exist at all).
pub(super) fn load_visible(
    conn: &mut DbConnection,
    viewer: &User,
    id: ReportId,
) -> Result<StoredReport> {
    let scope = ReportScope::for_viewer(viewer.id, viewer.role);
    // Before any lookup: for a viewer who may see no report, a real id and a made-up one must
    // cost the same.
    if scope == ReportScope::Nothing {
        return Err(Error::NotFound);
    }
    match reports::find(conn, id)? {
        Some(stored) if scope.admits(stored.report.inspector_id, stored.report.status) => {
            Ok(stored)
        }
        _ => Err(Error::NotFound),
    }
}

fn event(
    report: &Report,
    actor: &User,
    action: &str,
    from: Option<ReportStatus>,
    comment: Option<String>,
) -> ReportEvent {
    ReportEvent {
        at: report.updated_at,
        actor_id: actor.id,
        action: action.to_owned(),
        from,
        to: report.status,
        comment,
    }
}

/// Stores a changed report if nobody changed it meanwhile, with its history entry and audit.
fn store_transition(
    conn: &mut DbConnection,
    stored: &StoredReport,
    next: &Report,
    actor: &User,
    step: Action,
    comment: Option<String>,
    origin: &RequestOrigin,
) -> Result<()> {
    if !reports::update(
        conn,
        next,
        &stored.content_hash,
        stored.report.version,
        false,
    )? {
        return Err(Error::Conflict(Conflict::EditConflict));
    }
    report_events::append(
        conn,
        next.id,
        &event(
            next,
            actor,
            step.as_str(),
            Some(stored.report.status),
            comment,
        ),
    )?;
    audit::Entry::new(audit::Action::Report(step), next.updated_at).by(actor.id).on(Target::Report(next.id)).from(origin).details(
            serde_json::json!({ "from": stored.report.status.as_str(), "to": next.status.as_str() }),
        ).append(conn)?;
    Ok(())
}

/// A report may name a drawn visit only if its author is on the team, the campaign is under
/// way, and it reports on that visit's unit. Someone else's visit is answered as one that does
/// not exist.
fn check_assignment(
    conn: &mut DbConnection,
    id: AssignmentId,
    actor: &User,
    content: &ReportContent,
) -> Result<()> {
    let assignment = assignments::find(conn, id)?
        .filter(|a| a.inspectors.contains(&actor.id))
        .ok_or_else(|| Error::field("assignment_id", FieldIssue::UnknownReference))?;
    let under_way = campaigns::find(conn, assignment.campaign_id)?
        .is_some_and(|c| c.status == CampaignStatus::Active);
    if !under_way {
        return Err(Error::field("assignment_id", Rule::CampaignNotActive));
    }
    if assignment.unit_id != content.unit_id {
        return Err(Error::field("unit_id", Rule::AssignmentUnitMismatch));
    }
    Ok(())
}

/// Moves a drawn visit along as its report goes in.
fn advance_assignment(
    conn: &mut DbConnection,
    id: AssignmentId,
    report: ReportStatus,
) -> Result<()> {
    lock::row(conn, Aggregate::Assignment, &id.to_string())?;
    if let Some(a) = assignments::find(conn, id)? {
        let next = a.status.after_report(report);
        if next != a.status {
            assignments::set_status(conn, id, next)?;
        }
    }
    Ok(())
}

pub struct Written {
    pub report: ReportView,
    pub created: bool,
}

/// Only inspectors write reports; for a unit manager, the endpoint answers as for nothing.
pub fn ensure_writer(actor: &User) -> Result<()> {
    match actor.role {
        Role::Inspector => Ok(()),
        Role::UnitManager => Err(Error::NotFound),
        _ => Err(Error::Forbidden),
    }
}

/// Which version of a report a change is meant for (HTTP's `If-Match`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExpectedVersion {
    /// Not said.
    Absent,
    /// Whatever the current version is.
    Any,
    Version(u32),
    /// A version this server never issued: it cannot match.
    Unknown,
}

/// A `PUT /reports/{id}`: the content the phone sent, parsed.
pub struct ReportWrite {
    pub id: ReportId,
    pub content: ReportContent,
    pub ratings: Vec<RatingInput>,
    /// Identifies the content: the same request again has the same hash.
    pub content_hash: String,
    pub expected_version: ExpectedVersion,
}

/// Creates or updates a draft (`PUT /reports/{id}`). The same content again changes nothing,
/// whatever the report's status; other content needs the report editable and `If-Match`.
#[tracing::instrument(skip_all, fields(actor = %actor.id))]
pub async fn put(
    ctx: &Context,
    actor: User,
    write: ReportWrite,
    origin: RequestOrigin,
) -> Result<Written> {
    let clock = ctx.clock;
    ensure_writer(&actor)?;
    let ReportWrite {
        id,
        content,
        ratings,
        content_hash,
        expected_version,
    } = write;
    let published = ctx.checklists.clone();
    ctx.db
        .write(move |conn| {
            let now = clock.now();
            let existing = reports::find(conn, id)?;
            if let Some(stored) = &existing {
                if stored.report.inspector_id != actor.id {
                    return Err(Error::NotFound);
                }
                if stored.content_hash == content_hash {
                    return Ok(Written {
                        report: report_views::view(conn, stored.report.clone())?,
                        created: false,
                    });
                }
                if !stored.report.status.is_editable() {
                    return Err(Error::Conflict(Conflict::ReportNotEditable));
                }
                match expected_version {
                    ExpectedVersion::Absent => {
                        return Err(Error::Precondition(Precondition::Required));
                    }
                    ExpectedVersion::Version(v) if v == stored.report.version => {}
                    ExpectedVersion::Any => {}
                    ExpectedVersion::Version(_) | ExpectedVersion::Unknown => {
                        return Err(Error::Precondition(Precondition::Failed));
                    }
                }
            }

            let unit = units::find(conn, content.unit_id)?
                .map(|s| s.unit)
                .ok_or_else(|| Error::field("unit_id", FieldIssue::UnknownReference))?;
            if existing.is_none() && !unit.active {
                return Err(Error::field("unit_id", Rule::UnitInactive));
            }
            let checklist = published
                .get(conn, content.checklist_id)?
                .ok_or_else(|| Error::field("checklist_id", FieldIssue::UnknownReference))?;
            if let Some(assignment) = content.assignment_id {
                check_assignment(conn, assignment, &actor, &content)?;
            }
            let ratings = Ratings::parse(&ratings, &checklist, &unit.type_code)?;
            let scorecard = score(&ratings, &checklist);
            let report = match &existing {
                Some(stored) => Report {
                    content,
                    ratings,
                    unit_type: unit.type_code,
                    district: unit.district,
                    version: stored.report.version + 1,
                    scorecard,
                    updated_at: now,
                    ..stored.report.clone()
                },
                None => Report {
                    id,
                    inspector_id: actor.id,
                    content,
                    ratings,
                    unit_type: unit.type_code,
                    district: unit.district,
                    status: ReportStatus::Draft,
                    version: 1,
                    scorecard,
                    flags: Vec::new(),
                    lease: None,
                    reviewer_id: None,
                    review_comment: None,
                    created_at: now,
                    updated_at: now,
                    submitted_at: None,
                    decided_at: None,
                },
            };
            match &existing {
                Some(stored) => {
                    if !reports::update(conn, &report, &content_hash, stored.report.version, true)?
                    {
                        return Err(Error::Conflict(Conflict::EditConflict));
                    }
                }
                None => {
                    reports::insert(conn, &report, &content_hash).map_err(|e| match e {
                        WriteError::Taken => Conflict::EditConflict.into(),
                        // A redraw removed the visit since it was checked.
                        WriteError::NoSuchReference => Error::unknown_reference("assignment_id"),
                        other => Error::from(other),
                    })?;
                    report_events::append(conn, id, &event(&report, &actor, "create", None, None))?;
                    audit::Entry::new(audit::Action::ReportCreate, now)
                        .by(actor.id)
                        .on(Target::Report(id))
                        .from(&origin)
                        .append(conn)?;
                }
            }
            if let Some(assignment) = report.content.assignment_id {
                advance_assignment(conn, assignment, report.status)?;
            }
            Ok(Written {
                created: existing.is_none(),
                report: report_views::view(conn, report)?,
            })
        })
        .await
}

#[tracing::instrument(skip_all, fields(viewer = %viewer.id, id = %id))]
pub async fn get(ctx: &Context, viewer: User, id: ReportId) -> Result<ReportView> {
    ctx.db
        .read(move |conn| {
            let stored = load_visible(conn, &viewer, id)?;
            report_views::view(conn, stored.report)
        })
        .await
}

/// Throws a draft away (`DELETE /reports/{id}`), by its author only. Done again, it answers as
/// done; a report that went in stays (409), and anyone else's answers as one that never was.
/// The drawn visit it started is pending again if no other report of it remains.
#[tracing::instrument(skip_all, fields(actor = %actor.id, id = %id))]
pub async fn discard(
    ctx: &Context,
    actor: User,
    id: ReportId,
    origin: RequestOrigin,
) -> Result<()> {
    ensure_writer(&actor)?;
    let clock = ctx.clock;
    ctx.db
        .write(move |conn| {
            lock::row(conn, Aggregate::Report, &id.to_string())?;
            let action = audit::Action::ReportDiscard;
            let Some(stored) = reports::find(conn, id)? else {
                let me = actor.id.to_string();
                let mine = anfang_infra::db::audit::recorded(
                    conn,
                    &me,
                    action.as_str(),
                    "report",
                    &id.to_string(),
                )?;
                return if mine { Ok(()) } else { Err(Error::NotFound) };
            };
            let report = stored.report;
            if report.inspector_id != actor.id {
                return Err(Error::NotFound);
            }
            if !reports::delete_draft(conn, id)? {
                return Err(Error::Conflict(Conflict::ReportNotEditable));
            }
            if let Some(visit) = report.content.assignment_id {
                lock::row(conn, Aggregate::Assignment, &visit.to_string())?;
                if let Some(a) = assignments::find(conn, visit)?
                    && reports::count_for_assignment(conn, visit)? == 0
                {
                    let next = a.status.after_last_draft_discarded();
                    if next != a.status {
                        assignments::set_status(conn, visit, next)?;
                    }
                }
            }
            audit::Entry::new(action, clock.now())
                .by(actor.id)
                .on(Target::Report(id))
                .from(&origin)
                .append(conn)?;
            Ok(())
        })
        .await
}

#[tracing::instrument(skip_all, fields(viewer = %viewer.id, id = %id))]
pub async fn history(ctx: &Context, viewer: User, id: ReportId) -> Result<Vec<ReportEvent>> {
    ctx.db
        .read(move |conn| {
            load_visible(conn, &viewer, id)?;
            Ok(report_events::list(conn, id)?)
        })
        .await
}

#[tracing::instrument(skip_all, fields(viewer = %viewer.id))]
pub async fn list(
    ctx: &Context,
    viewer: &User,
    mut filter: ReportFilter,
    visited: DayRange,
    page: PageRequest,
) -> Result<Page<QueueLine>> {
    let scope = ReportScope::for_viewer(viewer.id, viewer.role);
    if scope == ReportScope::Nothing {
        return Err(Error::NotFound);
    }
    let visits = visited.in_zone(&ctx.timezone);
    filter.visited_from = visits.start;
    filter.visited_until = visits.end;
    let (role, clock) = (viewer.role, ctx.clock);
    ctx.db
        .read(move |conn| {
            // A campaign the viewer may not know of filters as one that does not exist.
            if let Some(campaign) = filter.campaign_id {
                let known = campaigns::find(conn, campaign)?
                    .is_some_and(|c| CampaignView::of(role, c.status) != CampaignView::None);
                if !known {
                    return Ok(Page {
                        items: Vec::new(),
                        next: None,
                    });
                }
            }
            let alert_after = settings::load(conn)?.review_wait_alert;
            let now = clock.now();
            let listed = reports::list(conn, scope, &filter, &page)?;
            let mut wanted = Wanted::default();
            for s in &listed.items {
                wanted
                    .place(s.unit_id, &s.unit_type, &s.district)
                    .person(s.inspector_id);
            }
            let names = wanted.load(conn)?;
            Ok(Page {
                next: listed.next,
                items: listed
                    .items
                    .into_iter()
                    .map(|summary| QueueLine {
                        waiting: waiting(summary.status, summary.queued_at, now, alert_after),
                        place: names.place(summary.unit_id, &summary.unit_type, &summary.district),
                        inspector_name: names.person(summary.inspector_id),
                        summary,
                    })
                    .collect(),
            })
        })
        .await
}

/// A line of a report list, with how long it has waited for review.
pub struct QueueLine {
    pub summary: ReportSummary,
    pub waiting: Option<Waiting>,
    /// The unit, of the type and district it had when visited.
    pub place: Place,
    pub inspector_name: String,
}

/// Why a report cannot be submitted yet: each unrated required item, and each `major` without
/// evidence.
fn incompleteness(
    report: &Report,
    report_photos: &[Photo],
    conn: &mut DbConnection,
    published: &PublishedChecklists,
) -> Result<Vec<FieldProblem>> {
    let checklist = published
        .get(conn, report.content.checklist_id)?
        .ok_or_else(|| Error::internal("a report's checklist is missing"))?;
    let mut fields: Vec<FieldProblem> = report
        .ratings
        .unrated_required(&checklist, &report.unit_type)
        .into_iter()
        .map(|code| FieldProblem::new(format!("ratings.{code}"), FieldIssue::Required))
        .collect();
    let items_with_photos: HashSet<_> = report_photos
        .iter()
        .filter_map(|p| p.item_code.clone())
        .collect();
    fields.extend(crate::evidence_manifest::still_expected(conn, report.id)?);
    let recordings: RecordingLengths = recordings::for_report(conn, report.id)?
        .into_iter()
        .map(|r| (r.id, r.duration_ms))
        .collect();
    // A segment that cannot be found is said as such, whatever the rating's outcome.
    fields.extend(report.ratings.iter().filter_map(|r| {
        let c = r.citation?;
        let found = recordings
            .get(&c.recording())
            .is_some_and(|length| c.within(*length));
        (!found).then(|| {
            FieldProblem::new(
                format!("ratings.{}.citation", r.item_code),
                Rule::CitationNotInRecording,
            )
        })
    }));
    fields.extend(
        missing_evidence(&report.ratings, &items_with_photos, &recordings)
            .into_iter()
            .map(|gap| {
                FieldProblem::new(
                    format!("ratings.{}.note", gap.item_code),
                    Rule::MajorWithoutEvidence,
                )
            }),
    );
    Ok(fields)
}

/// The report after `action` by `actor` at `now` per the state machine: its new status and
/// lease, the next version. What else the action changes, the caller adds.
fn advanced(report: &Report, action: Action, actor: &User, now: DateTime<Utc>) -> Result<Report> {
    let (status, lease) = transition(
        report.status,
        report.lease,
        action,
        actor.id,
        report.inspector_id,
        now,
    )?;
    Ok(Report {
        status,
        lease,
        version: report.version + 1,
        updated_at: now,
        ..report.clone()
    })
}

/// Submits a draft (or a returned report) for review, inside the caller's transaction (the
/// HTTP API runs it within an idempotent request's).
#[tracing::instrument(skip_all, fields(actor = %actor.id, id = %id))]
pub fn submit(
    conn: &mut DbConnection,
    ctx: &Context,
    actor: &User,
    id: ReportId,
    origin: &RequestOrigin,
) -> Result<ReportView> {
    let now = ctx.clock.now();
    let stored = load_visible(conn, actor, id)?;
    let mut next = advanced(&stored.report, Action::Submit, actor, now)?;
    // Read once: the evidence check and the photo flags both need them.
    let report_photos = photos::for_report(conn, id)?;
    let missing = incompleteness(&stored.report, &report_photos, conn, &ctx.checklists)?;
    if !missing.is_empty() {
        return Err(Error::ReportIncomplete(missing));
    }
    let integrity = settings::load(conn)?.integrity;
    let visit = stored.report.content.visit;
    next.flags = visit_flags(visit.started(), visit.ended(), now, &integrity);
    let unit = units::find(conn, stored.report.content.unit_id)?
        .and_then(|s| s.unit.location.map(|l| (l, s.unit.geofence)));
    for photo in &report_photos {
        next.flags.extend(photo_flags(photo, &visit, unit));
    }
    if clock_skewed(
        clock_readings(&stored.report, &report_photos, origin, now),
        integrity.clock_skew,
    ) {
        next.flags.push(IntegrityFlag::DeviceClockSkew);
    }
    next.flags.sort();
    next.flags.dedup();
    next.submitted_at = Some(now);
    store_transition(conn, &stored, &next, actor, Action::Submit, None, origin)?;
    if let Some(assignment) = next.content.assignment_id {
        advance_assignment(conn, assignment, next.status)?;
    }
    report_views::view(conn, next)
}

/// What the phone's clock said against the server's: its `Date` now and on each photo, the
/// visit's end against the last time the report was written, each photo's capture against its
/// arrival.
fn clock_readings(
    report: &Report,
    report_photos: &[Photo],
    origin: &RequestOrigin,
    now: DateTime<Utc>,
) -> Vec<ClockReading> {
    let sent = origin.device_time.map(|t| t - now).into_iter();
    let photos_sent = report_photos.iter().filter_map(|p| p.device_clock_offset);
    let visit = ClockReading::Dated {
        happened: report.content.visit.ended(),
        received: report.updated_at,
    };
    let captured = report_photos.iter().filter_map(|p| {
        p.captured_at.map(|happened| ClockReading::Dated {
            happened,
            received: p.created_at,
        })
    });
    sent.chain(photos_sent)
        .map(|offset| ClockReading::Sent { offset })
        .chain(std::iter::once(visit))
        .chain(captured)
        .collect()
}

fn require_reviewer(actor: &User) -> Result<()> {
    match actor.role {
        Role::Supervisor | Role::Admin => Ok(()),
        _ => Err(Error::Forbidden),
    }
}

/// A reviewer takes the report's lease, inside the caller's transaction.
#[tracing::instrument(skip_all, fields(actor = %actor.id, id = %id))]
pub fn claim(
    conn: &mut DbConnection,
    ctx: &Context,
    actor: &User,
    id: ReportId,
    origin: &RequestOrigin,
) -> Result<ReportView> {
    let now = ctx.clock.now();
    let stored = load_visible(conn, actor, id)?;
    require_reviewer(actor)?;
    let claim = Action::Claim {
        until: now + settings::load(conn)?.review_lease,
    };
    let next = advanced(&stored.report, claim, actor, now)?;
    store_transition(conn, &stored, &next, actor, claim, None, origin)?;
    report_views::view(conn, next)
}

/// A reviewer's decision, inside the caller's transaction; an approval creates the
/// report's findings in it.
#[tracing::instrument(skip_all, fields(actor = %actor.id, id = %id))]
pub fn review(
    conn: &mut DbConnection,
    ctx: &Context,
    actor: &User,
    id: ReportId,
    decision: Decision,
    comment: Option<ReviewComment>,
    origin: &RequestOrigin,
) -> Result<ReportView> {
    if decision.needs_comment() && comment.is_none() {
        return Err(Error::field("comment", FieldIssue::Required));
    }
    let now = ctx.clock.now();
    let stored = load_visible(conn, actor, id)?;
    require_reviewer(actor)?;
    let mut next = advanced(&stored.report, decision.action(), actor, now)?;
    next.reviewer_id = Some(actor.id);
    next.review_comment = comment.clone();
    next.decided_at = Some(now);
    let comment = comment.map(ReviewComment::into_inner);
    store_transition(
        conn,
        &stored,
        &next,
        actor,
        decision.action(),
        comment,
        origin,
    )?;
    if decision == Decision::Approve {
        // In the approval's transaction: an approved report always has its findings.
        let checklist = ctx
            .checklists
            .get(conn, next.content.checklist_id)?
            .ok_or_else(|| Error::internal("a report's checklist is missing"))?;
        super::findings::create_for(conn, &next, &checklist, now)?;
    }
    report_views::view(conn, next)
}
