//! Reports: written by inspectors from phones, reviewed by supervisors (SPEC §3.2, §3.4).

use std::collections::HashSet;

use anfang_domain::auth::Role;
use anfang_domain::campaign::{CampaignStatus, CampaignView};
use anfang_domain::ids::AssignmentId;
use anfang_domain::ids::ReportId;
use anfang_domain::report::{
    Action, Decision, Photo, RatingInput, Ratings, Report, ReportContent, ReportScope,
    ReportStatus, ReviewComment, missing_evidence, photo_flags, score, transition, visit_flags,
};
use anfang_domain::user::User;
use anfang_infra::db::audit::RequestOrigin;
use anfang_infra::db::lock::{self, Aggregate};
use anfang_infra::db::page::{Page, PageRequest};
use anfang_infra::db::published_checklists::PublishedChecklists;
use anfang_infra::db::report_events::{self, ReportEvent};
use anfang_infra::db::reports::{self, ReportFilter, ReportSummary, StoredReport};
use anfang_infra::db::{self, DbConnection, assignments, campaigns, photos, settings, units};
use chrono::{DateTime, Utc};

use super::audit;
use crate::app::AppState;
use crate::error::{ApiError, ApiResult, ErrorCode, FieldError, FieldIssue};
use crate::precondition::IfMatch;

/// The report, if `viewer` may see it; otherwise the same 404 as for an unknown id (for a unit
/// manager, reports do not exist at all).
pub(super) fn load_visible(
    conn: &mut DbConnection,
    viewer: &User,
    id: ReportId,
) -> ApiResult<StoredReport> {
    let scope = ReportScope::for_viewer(viewer.id, viewer.role);
    // Before any lookup: for a viewer who may see no report, a real id and a made-up one must
    // cost the same.
    if scope == ReportScope::Nothing {
        return Err(ApiError::not_found());
    }
    match reports::find(conn, id)? {
        Some(stored) if scope.admits(stored.report.inspector_id, stored.report.status) => {
            Ok(stored)
        }
        _ => Err(ApiError::not_found()),
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
    action: &str,
    comment: Option<String>,
    origin: &RequestOrigin,
) -> ApiResult<()> {
    if !reports::update(
        conn,
        next,
        &stored.content_hash,
        stored.report.version,
        false,
    )? {
        return Err(ApiError::new(ErrorCode::EditConflict));
    }
    report_events::append(
        conn,
        next.id,
        &event(next, actor, action, Some(stored.report.status), comment),
    )?;
    audit(
        conn,
        next.updated_at,
        Some(actor.id.to_string()),
        &format!("report.{action}"),
        Some(("report", next.id.to_string())),
        origin,
        Some(
            serde_json::json!({ "from": stored.report.status.as_str(), "to": next.status.as_str() }),
        ),
    )?;
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
) -> ApiResult<()> {
    let assignment = assignments::find(conn, id)?
        .filter(|a| a.inspectors.contains(&actor.id))
        .ok_or_else(|| ApiError::field("assignment_id", FieldIssue::UnknownReference))?;
    let under_way = campaigns::find(conn, assignment.campaign_id)?
        .is_some_and(|c| c.status == CampaignStatus::Active);
    if !under_way {
        return Err(ApiError::field(
            "assignment_id",
            FieldIssue::Rule {
                zh: "该暗访批次未在进行中",
                en: "the visit's campaign is not under way".into(),
            },
        ));
    }
    if assignment.unit_id != content.unit_id {
        return Err(ApiError::field(
            "unit_id",
            FieldIssue::Rule {
                zh: "须与派单的窗口单位一致",
                en: "must be the unit of the assignment".into(),
            },
        ));
    }
    Ok(())
}

/// Moves a drawn visit along as its report goes in.
fn advance_assignment(
    conn: &mut DbConnection,
    id: AssignmentId,
    report: ReportStatus,
) -> ApiResult<()> {
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
    pub report: Report,
    pub created: bool,
}

/// Only inspectors write reports; for a unit manager, the endpoint answers as for nothing.
pub fn ensure_writer(actor: &User) -> ApiResult<()> {
    match actor.role {
        Role::Inspector => Ok(()),
        Role::UnitManager => Err(ApiError::not_found()),
        _ => Err(ApiError::new(ErrorCode::Forbidden)),
    }
}

/// A `PUT /reports/{id}`: the content the phone sent, parsed.
pub struct ReportWrite {
    pub id: ReportId,
    pub content: ReportContent,
    pub ratings: Vec<RatingInput>,
    /// Identifies the content: the same request again has the same hash.
    pub content_hash: String,
    pub if_match: IfMatch,
}

/// Creates or updates a draft (`PUT /reports/{id}`). The same content again changes nothing,
/// whatever the report's status; other content needs the report editable and `If-Match`.
pub async fn put(
    state: &AppState,
    actor: User,
    write: ReportWrite,
    origin: RequestOrigin,
) -> ApiResult<Written> {
    ensure_writer(&actor)?;
    let ReportWrite {
        id,
        content,
        ratings,
        content_hash,
        if_match,
    } = write;
    let published = state.checklists.clone();
    state
        .db
        .write(move |conn| {
            let now = db::now();
            let existing = reports::find(conn, id)?;
            if let Some(stored) = &existing {
                if stored.report.inspector_id != actor.id {
                    return Err(ApiError::not_found());
                }
                if stored.content_hash == content_hash {
                    return Ok(Written {
                        report: stored.report.clone(),
                        created: false,
                    });
                }
                if !stored.report.status.is_editable() {
                    return Err(ApiError::new(ErrorCode::ReportNotEditable));
                }
                match if_match {
                    IfMatch::Absent => return Err(ApiError::new(ErrorCode::PreconditionRequired)),
                    IfMatch::Version(v) if v == stored.report.version => {}
                    IfMatch::Any => {}
                    IfMatch::Version(_) | IfMatch::Unknown => {
                        return Err(ApiError::new(ErrorCode::PreconditionFailed));
                    }
                }
            }

            let unit = units::find(conn, content.unit_id)?
                .map(|s| s.unit)
                .ok_or_else(|| ApiError::field("unit_id", FieldIssue::UnknownReference))?;
            if existing.is_none() && !unit.active {
                return Err(ApiError::field(
                    "unit_id",
                    FieldIssue::Rule {
                        zh: "该单位已停用",
                        en: "the unit is inactive".into(),
                    },
                ));
            }
            let checklist = published
                .get(conn, content.checklist_id)?
                .ok_or_else(|| ApiError::field("checklist_id", FieldIssue::UnknownReference))?;
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
                        return Err(ApiError::new(ErrorCode::EditConflict));
                    }
                }
                None => {
                    reports::insert(conn, &report, &content_hash).map_err(|e| {
                        if e.is_unique_violation() {
                            ApiError::new(ErrorCode::EditConflict)
                        } else if e.is_missing_reference() {
                            // A redraw removed the visit since it was checked.
                            ApiError::field("assignment_id", FieldIssue::UnknownReference)
                        } else {
                            e.into()
                        }
                    })?;
                    report_events::append(conn, id, &event(&report, &actor, "create", None, None))?;
                    audit(
                        conn,
                        now,
                        Some(actor.id.to_string()),
                        "report.create",
                        Some(("report", id.to_string())),
                        &origin,
                        None,
                    )?;
                }
            }
            if let Some(assignment) = report.content.assignment_id {
                advance_assignment(conn, assignment, report.status)?;
            }
            Ok(Written {
                created: existing.is_none(),
                report,
            })
        })
        .await
}

pub async fn get(state: &AppState, viewer: User, id: ReportId) -> ApiResult<Report> {
    state
        .db
        .read(move |conn| load_visible(conn, &viewer, id))
        .await
        .map(|s| s.report)
}

pub async fn history(state: &AppState, viewer: User, id: ReportId) -> ApiResult<Vec<ReportEvent>> {
    state
        .db
        .read(move |conn| {
            load_visible(conn, &viewer, id)?;
            Ok(report_events::list(conn, id)?)
        })
        .await
}

pub async fn list(
    state: &AppState,
    viewer: &User,
    filter: ReportFilter,
    page: PageRequest,
) -> ApiResult<Page<ReportSummary>> {
    let scope = ReportScope::for_viewer(viewer.id, viewer.role);
    if scope == ReportScope::Nothing {
        return Err(ApiError::not_found());
    }
    let role = viewer.role;
    state
        .db
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
            reports::list(conn, scope, &filter, &page).map_err(ApiError::from)
        })
        .await
}

/// Why a report cannot be submitted yet: each unrated required item, and each `major` without
/// evidence.
fn incompleteness(
    report: &Report,
    report_photos: &[Photo],
    conn: &mut DbConnection,
    published: &PublishedChecklists,
) -> ApiResult<Vec<FieldError>> {
    let checklist = published
        .get(conn, report.content.checklist_id)?
        .ok_or_else(|| ApiError::internal("a report's checklist is missing"))?;
    let mut fields: Vec<FieldError> = report
        .ratings
        .unrated_required(&checklist, &report.unit_type)
        .into_iter()
        .map(|code| FieldError::new(format!("ratings.{code}"), FieldIssue::Required))
        .collect();
    let items_with_photos: HashSet<_> = report_photos
        .iter()
        .filter_map(|p| p.item_code.clone())
        .collect();
    fields.extend(missing_evidence(&report.ratings, &items_with_photos).into_iter().map(|gap| {
        FieldError::new(
            format!("ratings.{}.note", gap.item_code),
            FieldIssue::Rule {
                zh: "严重问题需附照片，或说明无照片原因（至少10个字）",
                en: "a major problem needs a linked photo, or a note of at least 10 characters saying why there is none".into(),
            },
        )
    }));
    Ok(fields)
}

/// The report after `action` by `actor` at `now` per the state machine: its new status and
/// lease, the next version. What else the action changes, the caller adds.
fn advanced(
    report: &Report,
    action: Action,
    actor: &User,
    now: DateTime<Utc>,
) -> ApiResult<Report> {
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

pub async fn submit(
    state: &AppState,
    actor: User,
    id: ReportId,
    origin: RequestOrigin,
) -> ApiResult<Report> {
    let published = state.checklists.clone();
    state
        .db
        .write(move |conn| submit_in(conn, &published, &actor, id, &origin))
        .await
}

/// [`submit`] inside the caller's transaction (an idempotent request's).
pub fn submit_in(
    conn: &mut DbConnection,
    published: &PublishedChecklists,
    actor: &User,
    id: ReportId,
    origin: &RequestOrigin,
) -> ApiResult<Report> {
    let now = db::now();
    let stored = load_visible(conn, actor, id)?;
    let mut next = advanced(&stored.report, Action::Submit, actor, now)?;
    // Read once: the evidence check and the photo flags both need them.
    let report_photos = photos::for_report(conn, id)?;
    let missing = incompleteness(&stored.report, &report_photos, conn, published)?;
    if !missing.is_empty() {
        let mut error = ApiError::fields(missing);
        error.code = ErrorCode::ReportIncomplete;
        return Err(error);
    }
    let integrity = settings::load(conn)?.integrity;
    let visit = stored.report.content.visit;
    next.flags = visit_flags(visit.started(), visit.ended(), now, &integrity);
    let unit = units::find(conn, stored.report.content.unit_id)?
        .and_then(|s| s.unit.location.map(|l| (l, s.unit.geofence)));
    for photo in &report_photos {
        next.flags.extend(photo_flags(photo, &visit, unit));
    }
    next.flags.sort();
    next.flags.dedup();
    next.submitted_at = Some(now);
    store_transition(conn, &stored, &next, actor, "submit", None, origin)?;
    if let Some(assignment) = next.content.assignment_id {
        advance_assignment(conn, assignment, next.status)?;
    }
    Ok(next)
}

fn require_reviewer(actor: &User) -> ApiResult<()> {
    match actor.role {
        Role::Supervisor | Role::Admin => Ok(()),
        _ => Err(ApiError::new(ErrorCode::Forbidden)),
    }
}

pub async fn claim(
    state: &AppState,
    actor: User,
    id: ReportId,
    origin: RequestOrigin,
) -> ApiResult<Report> {
    state
        .db
        .write(move |conn| claim_in(conn, &actor, id, &origin))
        .await
}

/// [`claim`] inside the caller's transaction.
pub fn claim_in(
    conn: &mut DbConnection,
    actor: &User,
    id: ReportId,
    origin: &RequestOrigin,
) -> ApiResult<Report> {
    let now = db::now();
    let stored = load_visible(conn, actor, id)?;
    require_reviewer(actor)?;
    let until = now + settings::load(conn)?.review_lease;
    let next = advanced(&stored.report, Action::Claim { until }, actor, now)?;
    store_transition(conn, &stored, &next, actor, "claim", None, origin)?;
    Ok(next)
}

pub async fn review(
    state: &AppState,
    actor: User,
    id: ReportId,
    decision: Decision,
    comment: Option<ReviewComment>,
    origin: RequestOrigin,
) -> ApiResult<Report> {
    let published = state.checklists.clone();
    state
        .db
        .write(move |conn| review_in(conn, &published, &actor, id, decision, comment, &origin))
        .await
}

/// [`review`] inside the caller's transaction.
pub fn review_in(
    conn: &mut DbConnection,
    published: &PublishedChecklists,
    actor: &User,
    id: ReportId,
    decision: Decision,
    comment: Option<ReviewComment>,
    origin: &RequestOrigin,
) -> ApiResult<Report> {
    if decision.needs_comment() && comment.is_none() {
        return Err(ApiError::field("comment", FieldIssue::Required));
    }
    let now = db::now();
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
        decision.action().as_str(),
        comment,
        origin,
    )?;
    if decision == Decision::Approve {
        // In the approval's transaction: an approved report always has its findings.
        let checklist = published
            .get(conn, next.content.checklist_id)?
            .ok_or_else(|| ApiError::internal("a report's checklist is missing"))?;
        super::findings::create_for(conn, &next, &checklist, now)?;
    }
    Ok(next)
}
