//! Findings (SPEC §3.5): created when a report is approved, shown to the unit once published,
//! rectified by the unit and verified by a supervisor; one appeal each, decided by a supervisor
//! other than the report's reviewer.

use anfang_domain::auth::Role;
use anfang_domain::campaign::{Assignment, AssignmentStatus, CampaignStatus, DrawUnit};
use anfang_domain::catalog::ChecklistVersion;
use anfang_domain::finding::{
    self, AppealDecision, Finding, FindingStatus, FindingText, TeamError, Verdict, findings_from,
    is_repeat,
};
use anfang_domain::finding::{FilterNotAllowed, FindingScope, LedgerFilter, LedgerSort};
use anfang_domain::ids::{AssignmentId, CampaignId, FindingId, ReportId, UserId};
use anfang_domain::report::{Report, ReportStatus, standing_score};
use anfang_domain::user::User;
use anfang_infra::db::audit::RequestOrigin;
use anfang_infra::db::findings::{self, Unpublished};
use anfang_infra::db::ledger::{self, LedgerPage, LedgerQuery};
use anfang_infra::db::lock::{self, Aggregate};
use anfang_infra::db::names::Named;
use anfang_infra::db::page::{Keyset, PageRequest};
use anfang_infra::db::published_checklists::PublishedChecklists;
use anfang_infra::db::{DbConnection, assignments, campaigns, reports, settings, units, users};
use chrono::{DateTime, Utc};

use crate::Context;
use crate::audit::{self, Action, Target};
use crate::campaigns::Visit;
use crate::finding_views::{FindingView, view, views};
use crate::{Conflict, Error, FieldIssue, FieldProblem, Result, Rule};

/// Creates the findings of a report being approved, inside the approval's transaction.
pub(super) fn create_for(
    conn: &mut DbConnection,
    report: &Report,
    checklist: &ChecklistVersion,
    now: DateTime<Utc>,
) -> Result<usize> {
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
                verified_at: None,
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
    FindingScope::for_viewer(viewer.role, viewer.unit_id)
        .admits(finding.unit_id, finding.published_at.is_some())
}

pub(super) fn load_visible(
    conn: &mut DbConnection,
    viewer: &User,
    id: FindingId,
) -> Result<Finding> {
    findings::find(conn, id)?
        .filter(|f| visible(viewer, f))
        .ok_or(Error::NotFound)
}

/// Which findings a viewer's ledger may hold, once its filter is one the viewer may use.
pub(crate) fn ledger_scope(viewer: &User, filter: &LedgerFilter) -> Result<FindingScope> {
    let scope = FindingScope::for_viewer(viewer.role, viewer.unit_id);
    if scope == FindingScope::Nothing {
        return Err(Error::NotFound);
    }
    filter
        .check_for(viewer.role)
        .map_err(|FilterNotAllowed(name)| {
            Error::Parameter(vec![FieldProblem::new(name, FieldIssue::NotAllowed)])
        })?;
    Ok(scope)
}

/// The ledger's question, its day ranges read in the bureau's time zone.
pub(crate) fn ledger_query<'a>(
    scope: FindingScope,
    filter: &'a LedgerFilter,
    sort: LedgerSort,
    tz: &chrono_tz::Tz,
) -> LedgerQuery<'a> {
    LedgerQuery {
        scope,
        deadline: filter.deadline.in_zone(tz),
        visited: filter.visited.in_zone(tz),
        filter,
        sort,
    }
}

/// The rectification ledger: the findings the viewer may know of that match `filter`, in
/// `sort` order, a page at a time, with how many match in all.
#[tracing::instrument(skip_all, fields(viewer = %viewer.id))]
pub async fn list(
    ctx: &Context,
    viewer: &User,
    filter: LedgerFilter,
    sort: LedgerSort,
    page: PageRequest,
) -> Result<Ledger> {
    let scope = ledger_scope(viewer, &filter)?;
    let tz = ctx.timezone;
    let checklists = std::sync::Arc::clone(&ctx.checklists);
    ctx.db
        .read(move |conn| {
            let query = ledger_query(scope, &filter, sort, &tz);
            let LedgerPage { page, total } = ledger::list(conn, &query, &page)?;
            Ok(Ledger {
                items: views(conn, &checklists, page.items)?,
                next: page.next,
                total,
            })
        })
        .await
}

/// A page of the ledger, each finding with what it is read with.
pub struct Ledger {
    pub items: Vec<FindingView>,
    pub next: Option<Keyset>,
    pub total: u64,
}

#[tracing::instrument(skip_all, fields(viewer = %viewer.id, id = %id))]
pub async fn get(ctx: &Context, viewer: User, id: FindingId) -> Result<FindingView> {
    let checklists = std::sync::Arc::clone(&ctx.checklists);
    ctx.db
        .read(move |conn| {
            let finding = load_visible(conn, &viewer, id)?;
            view(conn, &checklists, finding)
        })
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
    fn action(&self) -> Action {
        match self {
            Step::Publish => Action::FindingPublish,
            Step::Rectify(_) => Action::FindingRectify,
            Step::Judge(..) => Action::FindingVerify,
            Step::Appeal(_) => Action::FindingAppeal,
            Step::DecideAppeal(..) => Action::FindingAppealDecision,
        }
    }

    /// The unit's own steps, and the supervisors'.
    fn allowed(&self, role: Role) -> bool {
        match self {
            Step::Rectify(_) | Step::Appeal(_) => unit_side(role),
            Step::Publish | Step::Judge(..) | Step::DecideAppeal(..) => bureau_side(role),
        }
    }
}

fn unit_side(role: Role) -> bool {
    role == Role::UnitManager
}

fn bureau_side(role: Role) -> bool {
    matches!(role, Role::Supervisor | Role::Admin)
}

/// The steps a viewer could take on a finding as it stands (what a page offers); [`apply`]
/// still decides, under the finding's lock.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OpenSteps {
    pub publish: bool,
    pub rectify: bool,
    pub appeal: bool,
    pub verify: bool,
    pub decide_appeal: bool,
    /// Require a follow-up visit (复查) before verifying.
    pub follow_up: bool,
}

/// A follow-up visit can be asked for until the finding is closed, one way or the other.
fn follow_up_possible(status: FindingStatus) -> bool {
    !matches!(status, FindingStatus::Verified | FindingStatus::Overturned)
}

pub fn open_steps(role: Role, f: &Finding) -> OpenSteps {
    let existing = f.appealed_at.map(|at| finding::Appeal {
        filed_at: at,
        decision: f.appeal_decision,
    });
    OpenSteps {
        publish: bureau_side(role) && f.published_at.is_none(),
        rectify: unit_side(role) && finding::rectify(f.status).is_ok(),
        appeal: unit_side(role) && finding::file(f.status, existing.as_ref(), f.updated_at).is_ok(),
        verify: bureau_side(role) && finding::judge(f.status, Verdict::Verify).is_ok(),
        decide_appeal: bureau_side(role) && f.appealed_at.is_some() && f.appeal_decision.is_none(),
        follow_up: bureau_side(role) && follow_up_possible(f.status),
    }
}

fn conflict() -> Error {
    Error::Conflict(Conflict::IllegalTransition)
}

#[tracing::instrument(skip_all, fields(actor = %actor.id, id = %id))]
pub async fn apply(
    ctx: &Context,
    actor: User,
    id: FindingId,
    step: Step,
    origin: RequestOrigin,
) -> Result<FindingView> {
    let clock = ctx.clock;
    let state_checklists = std::sync::Arc::clone(&ctx.checklists);
    ctx.db
        .write(move |conn| {
            lock::row(conn, Aggregate::Finding, &id.to_string())?;
            let mut f = load_visible(conn, &actor, id)?;
            if !step.allowed(actor.role) {
                return Err(Error::Forbidden);
            }
            let now = clock.now();
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
                        return Err(Error::Conflict(Conflict::FollowUpPending));
                    }
                    f.verdict_comment = comment;
                    f.verified_by = Some(actor.id);
                    f.verified_at = (verdict == Verdict::Verify).then_some(now);
                }
                Step::Appeal(reason) => {
                    let existing = f.appealed_at.map(|at| finding::Appeal {
                        filed_at: at,
                        decision: None,
                    });
                    let appeal = finding::file(f.status, existing.as_ref(), now)
                        .map_err(|_| Error::Conflict(Conflict::AppealExists))?;
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
                                finding::AppealError::OwnReview => Error::Forbidden,
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
            audit::Entry::new(action, now)
                .by(actor.id)
                .on(Target::Finding(id))
                .from(&origin)
                .details(serde_json::json!({ "status": f.status.as_str() }))
                .append(conn)?;
            view(conn, &state_checklists, f)
        })
        .await
}

/// An overturned finding leaves the aggregates: the report's standing score is recomputed
/// without every overturned item (the written score stays, as evidence).
fn rescore_without_overturned(
    conn: &mut DbConnection,
    checklists: &PublishedChecklists,
    overturned_now: &Finding,
) -> Result<()> {
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
        .ok_or_else(|| Error::internal("a report's checklist is not published"))?;
    let mut overturned = findings::overturned_items(conn, report.id)?;
    if !overturned.contains(&overturned_now.item_code) {
        overturned.push(overturned_now.item_code.clone());
    }
    let card = standing_score(&report.ratings, &checklist, &overturned);
    reports::set_standing_score(conn, report.id, card)?;
    Ok(())
}

/// Publishes every not yet published finding of an approved report (supervisors, admins).
#[tracing::instrument(skip_all, fields(actor = %actor.id, report = %report))]
pub async fn publish_of_report(
    ctx: &Context,
    actor: User,
    report: ReportId,
    origin: RequestOrigin,
) -> Result<Vec<FindingView>> {
    let clock = ctx.clock;
    let checklists = std::sync::Arc::clone(&ctx.checklists);
    if !matches!(actor.role, Role::Supervisor | Role::Admin) {
        return Err(Error::Forbidden);
    }
    ctx.db
        .write(move |conn| {
            let stored = reports::find(conn, report)?.ok_or(Error::NotFound)?;
            if stored.report.status != ReportStatus::Approved {
                return Err(conflict());
            }
            let now = clock.now();
            let published = publish_all(conn, Unpublished::OfReport(report), now)?;
            audit::Entry::new(Action::FindingPublishReport, now)
                .by(actor.id)
                .on(Target::Report(report))
                .from(&origin)
                .details(serde_json::json!({ "findings_published": published.len() }))
                .append(conn)?;
            views(conn, &checklists, published)
        })
        .await
}

/// Publishes the findings `of` names that are not yet published, inside the caller's
/// transaction; returns them as published.
pub(super) fn publish_all(
    conn: &mut DbConnection,
    of: Unpublished,
    now: DateTime<Utc>,
) -> Result<Vec<Finding>> {
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
#[tracing::instrument(skip_all)]
pub async fn mark_overdue(ctx: &Context) -> Result<usize> {
    let clock = ctx.clock;
    ctx.db
        .write(move |conn| {
            let now = clock.now();
            let mut marked = 0;
            for f in findings::past_deadline(conn, now)? {
                let Some(next) = finding::overdue_at(f.status, f.deadline, now) else {
                    continue;
                };
                if findings::change_status(conn, f.id, f.status, next, now)? {
                    marked += 1;
                    audit::Entry::new(Action::FindingOverdue, now)
                        .on(Target::Finding(f.id))
                        .details(serde_json::json!({ "deadline": f.deadline }))
                        .append(conn)?;
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

fn team_error(e: TeamError) -> Error {
    let field = match e {
        TeamError::Size => "inspector_ids".to_owned(),
        TeamError::Duplicate(i) | TeamError::NotAnInspector(i) | TeamError::Recusal(i) => {
            format!("inspector_ids[{i}]")
        }
    };
    let issue = match e {
        TeamError::Size => FieldIssue::OutOfRange,
        TeamError::NotAnInspector(_) => FieldIssue::UnknownReference,
        TeamError::Duplicate(_) => Rule::DuplicateInspector.into(),
        TeamError::Recusal(_) => Rule::InspectorRecused.into(),
    };
    Error::field(field, issue)
}

/// 复查: adds a visit to the finding's unit to an active campaign, for inspectors allowed to
/// inspect it; the finding cannot be verified until the visit is reported.
#[tracing::instrument(skip_all, fields(actor = %actor.id, id = %id))]
pub async fn require_follow_up(
    ctx: &Context,
    actor: User,
    id: FindingId,
    request: FollowUpRequest,
    origin: RequestOrigin,
) -> Result<Named<Visit>> {
    let clock = ctx.clock;
    ctx
        .db
        .write(move |conn| {
            lock::row(conn, Aggregate::Finding, &id.to_string())?;
            let f = load_visible(conn, &actor, id)?;
            if !bureau_side(actor.role) {
                return Err(Error::Forbidden);
            }
            if !follow_up_possible(f.status) {
                return Err(conflict());
            }
            let campaign = campaigns::find(conn, request.campaign_id)?
                .ok_or_else(|| Error::field("campaign_id", FieldIssue::UnknownReference))?;
            if campaign.status != CampaignStatus::Active {
                return Err(Error::field(
                    "campaign_id",
                    Rule::FollowUpCampaignNotActive,
                ));
            }
            if request.scenario >= campaign.plan.scenarios.len() {
                return Err(Error::field("scenario", FieldIssue::OutOfRange));
            }
            let unit = units::find(conn, f.unit_id)?
                .ok_or_else(|| Error::internal("a finding's unit is missing"))?
                .unit;
            let target = DrawUnit {
                id: unit.id,
                unit_type: unit.type_code.clone(),
                district: unit.district.clone(),
            };
            finding::check_team(&target, &request.inspectors, &users::active_inspectors(conn)?)
                .map_err(team_error)?;
            let now = clock.now();
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
            audit::Entry::new(Action::FindingFollowUp, now).by(actor.id).on(Target::Finding(id)).from(&origin).details(serde_json::json!({ "assignment_id": visit.id.to_string(), "campaign_id": campaign.id.to_string() })).append(conn)?;
            crate::campaigns::named_visit(
                conn,
                Visit {
                    assignment: visit,
                    campaign,
                    unit,
                },
            )
        })
        .await
}

/// The follow-up visits required of a finding, for those who plan visits (supervisors and
/// admins); for anyone else the finding has none to show, since visits are secret.
#[tracing::instrument(skip_all, fields(viewer = %viewer.id, id = %id))]
pub async fn follow_ups(ctx: &Context, viewer: User, id: FindingId) -> Result<Named<Vec<Visit>>> {
    ctx.db
        .read(move |conn| {
            load_visible(conn, &viewer, id)?;
            if !bureau_side(viewer.role) {
                return Ok(Named {
                    value: Vec::new(),
                    names: Default::default(),
                });
            }
            let visits = assignments::follow_ups_of(conn, id)?;
            crate::campaigns::named_visits(conn, visits)
        })
        .await
}

/// One unit's line of the ledger's summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitTally {
    pub unit_id: String,
    pub unit_code: String,
    pub unit_name: String,
    /// Waiting for the unit or for verification: open, sent back or rectified.
    pub open: u64,
    pub overdue: u64,
    /// Verified: closed out (销号).
    pub closed: u64,
}

/// Per unit, how many of the findings that match are open, overdue and closed out (overturned
/// ones are no findings any more), within the viewer's ledger.
#[tracing::instrument(skip_all, fields(viewer = %viewer.id))]
pub async fn summary(ctx: &Context, viewer: &User, filter: LedgerFilter) -> Result<Vec<UnitTally>> {
    let scope = ledger_scope(viewer, &filter)?;
    let tz = ctx.timezone;
    ctx.db
        .read(move |conn| {
            let query = ledger_query(scope, &filter, LedgerSort::Created, &tz);
            let counts = ledger::counts_by_unit(conn, &query)?;
            let labels = anfang_infra::db::aggregates::unit_labels(conn)?;
            let mut tallies: Vec<UnitTally> = Vec::new();
            for ((unit, status), n) in counts {
                if tallies.last().is_none_or(|t| t.unit_id != unit) {
                    let label = labels.get(&unit);
                    tallies.push(UnitTally {
                        unit_code: label.map(|l| l.code.clone()).unwrap_or_default(),
                        unit_name: label.map(|l| l.name.clone()).unwrap_or_default(),
                        unit_id: unit.clone(),
                        open: 0,
                        overdue: 0,
                        closed: 0,
                    });
                }
                let Some(tally) = tallies.last_mut() else {
                    continue;
                };
                match status.parse::<FindingStatus>() {
                    Ok(
                        FindingStatus::Open | FindingStatus::Rectifying | FindingStatus::Rectified,
                    ) => tally.open += n,
                    Ok(FindingStatus::Overdue) => tally.overdue += n,
                    Ok(FindingStatus::Verified) => tally.closed += n,
                    Ok(FindingStatus::Overturned) => {}
                    Err(_) => return Err(Error::internal("a finding's status is unknown")),
                }
            }
            tallies.retain(|t| t.open + t.overdue + t.closed > 0);
            tallies.sort_by(|a, b| a.unit_code.cmp(&b.unit_code));
            Ok(tallies)
        })
        .await
}
