//! Findings (SPEC §3.5): created when a report is approved, shown to the unit once published,
//! rectified by the unit and verified by a supervisor; one appeal each, decided by a supervisor
//! other than the report's reviewer.

use anfang_domain::auth::Role;
use anfang_domain::campaign::{Assignment, AssignmentStatus, Campaign, CampaignStatus, DrawUnit};
use anfang_domain::catalog::ChecklistVersion;
use anfang_domain::finding::{
    self, AppealDecision, Finding, FindingStatus, FindingText, TeamError, Verdict, findings_from,
    is_repeat,
};
use anfang_domain::ids::{AssignmentId, CampaignId, FindingId, ReportId, UserId};
use anfang_domain::report::{Report, ReportStatus, standing_score};
use anfang_domain::user::User;
use anfang_infra::db::audit::RequestOrigin;
use anfang_infra::db::findings::{self, FindingScope, Unpublished};
use anfang_infra::db::lock::{self, Aggregate};
use anfang_infra::db::page::{Page, PageRequest};
use anfang_infra::db::published_checklists::PublishedChecklists;
use anfang_infra::db::{
    self, DbConnection, assignments, campaigns, reports, settings, units, users,
};
use chrono::{DateTime, Utc};

use super::audit;
use crate::app::AppState;
use crate::error::{ApiError, ApiResult, ErrorCode, FieldIssue};

/// Creates the findings of a report being approved, inside the approval's transaction.
pub(super) fn create_for(
    conn: &mut DbConnection,
    report: &Report,
    checklist: &ChecklistVersion,
    now: DateTime<Utc>,
) -> ApiResult<usize> {
    let deadlines = settings::load(conn)?.deadlines;
    let visit_at = report.content.visit.started();
    let seeds = findings_from(&report.ratings, checklist, now, &deadlines);
    for (position, seed) in seeds.iter().enumerate() {
        // One microsecond apart (storage precision): lists, ordered by creation, keep the
        // checklist's order within a report.
        let created_at = now + chrono::Duration::microseconds(position as i64);
        let earlier = findings::standing_visits(conn, report.content.unit_id, &seed.item_code)?;
        findings::insert(
            conn,
            &Finding {
                id: FindingId::new_random(),
                report_id: report.id,
                unit_id: report.content.unit_id,
                item_code: seed.item_code.clone(),
                severity: seed.severity,
                critical: seed.critical,
                status: FindingStatus::Open,
                deadline: seed.deadline,
                repeat: is_repeat(visit_at, &earlier),
                visit_at,
                published_at: None,
                rectification: None,
                rectified_at: None,
                verdict_comment: None,
                verified_by: None,
                appeal_reason: None,
                appealed_at: None,
                appeal_decision: None,
                created_at,
                updated_at: created_at,
            },
        )?;
    }
    Ok(seeds.len())
}

/// May `viewer` know of this finding? Unpublished ones do not exist for the unit.
fn visible(viewer: &User, finding: &Finding) -> bool {
    match viewer.role {
        Role::Admin | Role::Supervisor | Role::Leader => true,
        Role::UnitManager => {
            finding.published_at.is_some() && viewer.unit_id == Some(finding.unit_id)
        }
        Role::Inspector => false,
    }
}

pub(super) fn load_visible(
    conn: &mut DbConnection,
    viewer: &User,
    id: FindingId,
) -> ApiResult<Finding> {
    findings::find(conn, id)?
        .filter(|f| visible(viewer, f))
        .ok_or_else(ApiError::not_found)
}

pub async fn list(state: &AppState, viewer: &User, page: PageRequest) -> ApiResult<Page<Finding>> {
    let scope = match (viewer.role, viewer.unit_id) {
        (Role::Admin | Role::Supervisor | Role::Leader, _) => FindingScope::All,
        (Role::UnitManager, Some(unit)) => FindingScope::PublishedOf(unit),
        _ => return Err(ApiError::not_found()),
    };
    state
        .db
        .read(move |conn| findings::list(conn, scope, &page).map_err(ApiError::from))
        .await
}

pub async fn get(state: &AppState, viewer: User, id: FindingId) -> ApiResult<Finding> {
    state
        .db
        .read(move |conn| load_visible(conn, &viewer, id))
        .await
}

/// What may happen to a finding, and who may do it.
pub enum Step {
    Publish,
    Rectify(FindingText),
    Judge(Verdict, Option<FindingText>),
    Appeal(FindingText),
    DecideAppeal(AppealDecision, Option<FindingText>),
}

impl Step {
    fn action(&self) -> &'static str {
        match self {
            Step::Publish => "finding.publish",
            Step::Rectify(_) => "finding.rectify",
            Step::Judge(..) => "finding.verify",
            Step::Appeal(_) => "finding.appeal",
            Step::DecideAppeal(..) => "finding.appeal_decision",
        }
    }

    /// The unit's own steps, and the supervisors'.
    fn allowed(&self, role: Role) -> bool {
        match self {
            Step::Rectify(_) | Step::Appeal(_) => role == Role::UnitManager,
            Step::Publish | Step::Judge(..) | Step::DecideAppeal(..) => {
                matches!(role, Role::Supervisor | Role::Admin)
            }
        }
    }
}

fn conflict() -> ApiError {
    ApiError::new(ErrorCode::IllegalTransition)
}

pub async fn apply(
    state: &AppState,
    actor: User,
    id: FindingId,
    step: Step,
    origin: RequestOrigin,
) -> ApiResult<Finding> {
    let state_checklists = std::sync::Arc::clone(&state.checklists);
    state
        .db
        .write(move |conn| {
            lock::row(conn, Aggregate::Finding, &id.to_string())?;
            let mut f = load_visible(conn, &actor, id)?;
            if !step.allowed(actor.role) {
                return Err(ApiError::new(ErrorCode::Forbidden));
            }
            let now = db::now();
            let action = step.action();
            match step {
                Step::Publish => {
                    finding::publish(&mut f, now);
                }
                Step::Rectify(text) => {
                    f.status = finding::rectify(f.status).map_err(|_| conflict())?;
                    f.rectification = Some(text);
                    f.rectified_at = Some(now);
                }
                Step::Judge(verdict, comment) => {
                    f.status = finding::judge(f.status, verdict).map_err(|_| conflict())?;
                    let visits = assignments::follow_ups_of(conn, f.id)?;
                    if verdict == Verdict::Verify
                        && finding::awaits_follow_up(visits.iter().map(|a| a.status))
                    {
                        return Err(ApiError::new(ErrorCode::FollowUpPending));
                    }
                    f.verdict_comment = comment;
                    f.verified_by = Some(actor.id);
                }
                Step::Appeal(reason) => {
                    let existing = f.appealed_at.map(|at| finding::Appeal {
                        filed_at: at,
                        decision: None,
                    });
                    let appeal = finding::file(f.status, existing.as_ref(), now)
                        .map_err(|_| ApiError::new(ErrorCode::AppealExists))?;
                    f.appeal_reason = Some(reason);
                    f.appealed_at = Some(appeal.filed_at);
                }
                Step::DecideAppeal(decision, comment) => {
                    let filed_at = f.appealed_at.ok_or_else(conflict)?;
                    let appeal = finding::Appeal {
                        filed_at,
                        decision: f.appeal_decision,
                    };
                    let reviewer =
                        reports::find(conn, f.report_id)?.and_then(|r| r.report.reviewer_id);
                    let (decided, status) =
                        finding::decide(&appeal, f.status, actor.id, reviewer, decision, now)
                            .map_err(|e| match e {
                                finding::AppealError::OwnReview => {
                                    ApiError::new(ErrorCode::Forbidden)
                                }
                                _ => conflict(),
                            })?;
                    f.appeal_decision = decided.decision;
                    f.status = status;
                    if status == FindingStatus::Overturned {
                        rescore_without_overturned(conn, state_checklists.as_ref(), &f)?;
                    }
                    if comment.is_some() {
                        f.verdict_comment = comment;
                    }
                }
            }
            f.updated_at = now;
            findings::update(conn, &f)?;
            audit(
                conn,
                now,
                Some(actor.id.to_string()),
                action,
                Some(("finding", id.to_string())),
                &origin,
                Some(serde_json::json!({ "status": f.status.as_str() })),
            )?;
            Ok(f)
        })
        .await
}

/// An overturned finding leaves the aggregates: the report's standing score is recomputed
/// without every overturned item (the written score stays, as evidence).
fn rescore_without_overturned(
    conn: &mut DbConnection,
    checklists: &PublishedChecklists,
    overturned_now: &Finding,
) -> ApiResult<()> {
    // Overturns of two findings of one report, at once, must each see the other's.
    lock::row(
        conn,
        Aggregate::Report,
        &overturned_now.report_id.to_string(),
    )?;
    let Some(stored) = reports::find(conn, overturned_now.report_id)? else {
        return Ok(());
    };
    let report = stored.report;
    let checklist = checklists
        .get(conn, report.content.checklist_id)?
        .ok_or_else(|| ApiError::internal("a report's checklist is not published"))?;
    let mut overturned = findings::overturned_items(conn, report.id)?;
    if !overturned.contains(&overturned_now.item_code) {
        overturned.push(overturned_now.item_code.clone());
    }
    let card = standing_score(&report.ratings, &checklist, &overturned);
    reports::set_standing_score(conn, report.id, card)?;
    Ok(())
}

/// Publishes every not yet published finding of an approved report (supervisors, admins).
pub async fn publish_of_report(
    state: &AppState,
    actor: User,
    report: ReportId,
    origin: RequestOrigin,
) -> ApiResult<Vec<Finding>> {
    if !matches!(actor.role, Role::Supervisor | Role::Admin) {
        return Err(ApiError::new(ErrorCode::Forbidden));
    }
    state
        .db
        .write(move |conn| {
            let stored = reports::find(conn, report)?.ok_or_else(ApiError::not_found)?;
            if stored.report.status != ReportStatus::Approved {
                return Err(conflict());
            }
            let now = db::now();
            let published = publish_all(conn, Unpublished::OfReport(report), now)?;
            audit(
                conn,
                now,
                Some(actor.id.to_string()),
                "finding.publish_report",
                Some(("report", report.to_string())),
                &origin,
                Some(serde_json::json!({ "findings_published": published.len() })),
            )?;
            Ok(published)
        })
        .await
}

/// Publishes the findings `of` names that are not yet published, inside the caller's
/// transaction; returns them as published.
pub(super) fn publish_all(
    conn: &mut DbConnection,
    of: Unpublished,
    now: DateTime<Utc>,
) -> ApiResult<Vec<Finding>> {
    let unpublished = findings::unpublished(conn, of)?;
    let mut published = Vec::with_capacity(unpublished.len());
    for mut f in unpublished {
        finding::publish(&mut f, now);
        // A finding published meanwhile (by its report, or with another notice) stays as is.
        if findings::publish_if_unpublished(conn, &f)? {
            published.push(f);
        }
    }
    Ok(published)
}

/// The periodic job: findings past their deadline become overdue; each change is audited.
/// Safe on every replica at once: a finding changes only if it is still as it was read.
pub async fn mark_overdue(state: &AppState) -> ApiResult<usize> {
    state
        .db
        .write(|conn| {
            let now = db::now();
            let mut marked = 0;
            for f in findings::past_deadline(conn, now)? {
                let Some(next) = finding::overdue_at(f.status, f.deadline, now) else {
                    continue;
                };
                if findings::change_status(conn, f.id, f.status, next, now)? {
                    marked += 1;
                    audit(
                        conn,
                        now,
                        None,
                        "finding.overdue",
                        Some(("finding", f.id.to_string())),
                        &RequestOrigin::default(),
                        Some(serde_json::json!({ "deadline": f.deadline })),
                    )?;
                }
            }
            Ok(marked)
        })
        .await
}

/// What a supervisor asks for when requiring a follow-up visit.
pub struct FollowUpRequest {
    pub campaign_id: CampaignId,
    pub inspectors: Vec<UserId>,
    /// Index into the campaign's scenarios.
    pub scenario: usize,
}

fn team_error(e: TeamError) -> ApiError {
    let field = match e {
        TeamError::Size => "inspector_ids".to_owned(),
        TeamError::Duplicate(i) | TeamError::NotAnInspector(i) | TeamError::Recusal(i) => {
            format!("inspector_ids[{i}]")
        }
    };
    let issue = match e {
        TeamError::Size => FieldIssue::OutOfRange,
        TeamError::NotAnInspector(_) => FieldIssue::UnknownReference,
        TeamError::Duplicate(_) => FieldIssue::Rule {
            zh: "重复的暗访员",
            en: "named twice".into(),
        },
        TeamError::Recusal(_) => FieldIssue::Rule {
            zh: "须回避：不得检查本单位或本辖区的单位",
            en: "may not inspect a unit of their own unit or district".into(),
        },
    };
    ApiError::field(field, issue)
}

/// 复查: adds a visit to the finding's unit to an active campaign, for inspectors allowed to
/// inspect it; the finding cannot be verified until the visit is reported.
pub async fn require_follow_up(
    state: &AppState,
    actor: User,
    id: FindingId,
    request: FollowUpRequest,
    origin: RequestOrigin,
) -> ApiResult<(Assignment, Campaign)> {
    state
        .db
        .write(move |conn| {
            lock::row(conn, Aggregate::Finding, &id.to_string())?;
            let f = load_visible(conn, &actor, id)?;
            if !matches!(actor.role, Role::Supervisor | Role::Admin) {
                return Err(ApiError::new(ErrorCode::Forbidden));
            }
            if matches!(f.status, FindingStatus::Verified | FindingStatus::Overturned) {
                return Err(conflict());
            }
            let campaign = campaigns::find(conn, request.campaign_id)?
                .ok_or_else(|| ApiError::field("campaign_id", FieldIssue::UnknownReference))?;
            if campaign.status != CampaignStatus::Active {
                return Err(ApiError::field(
                    "campaign_id",
                    FieldIssue::Rule {
                        zh: "须为进行中的暗访批次",
                        en: "must be a campaign under way".into(),
                    },
                ));
            }
            if request.scenario >= campaign.plan.scenarios.len() {
                return Err(ApiError::field("scenario", FieldIssue::OutOfRange));
            }
            let unit = units::find(conn, f.unit_id)?
                .ok_or_else(|| ApiError::internal("a finding's unit is missing"))?
                .unit;
            let target = DrawUnit {
                id: unit.id,
                unit_type: unit.type_code,
                district: unit.district,
            };
            finding::check_team(&target, &request.inspectors, &users::active_inspectors(conn)?)
                .map_err(team_error)?;
            let now = db::now();
            let visit = Assignment {
                id: AssignmentId::new_random(),
                campaign_id: campaign.id,
                unit_id: f.unit_id,
                scenario: request.scenario,
                status: AssignmentStatus::Pending,
                inspectors: request.inspectors,
                created_at: now,
                follow_up_of: Some(f.id),
            };
            assignments::insert(conn, &visit)?;
            audit(
                conn,
                now,
                Some(actor.id.to_string()),
                "finding.follow_up",
                Some(("finding", id.to_string())),
                &origin,
                Some(serde_json::json!({ "assignment_id": visit.id.to_string(), "campaign_id": campaign.id.to_string() })),
            )?;
            Ok((visit, campaign))
        })
        .await
}
