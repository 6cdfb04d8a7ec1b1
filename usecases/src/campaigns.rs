//! Campaigns and the draw (SPEC §3.1). Until a campaign closes, only supervisors and admins
//! see it, and each inspector their own visits; for everyone else it does not exist.

use anfang_domain::auth::Permission;
use anfang_domain::campaign::{
    Assignment, AssignmentScope, AssignmentStatus, Campaign, CampaignPlan, CampaignScope,
    CampaignStatus, CampaignView, DrawRecord, DrawRules, MAX_SEED, draw,
};
use anfang_domain::catalog::{ChecklistStatus, Unit};
use anfang_domain::ids::{AssignmentId, CampaignId};
use anfang_domain::user::User;
use anfang_infra::db::WriteError;
use anfang_infra::db::assignments::{self, AssignmentFilter};
use anfang_infra::db::audit::RequestOrigin;
use anfang_infra::db::campaigns;
use anfang_infra::db::lock::{self, Aggregate};
use anfang_infra::db::names::{Named, Wanted};
use anfang_infra::db::page::{Page, PageRequest};
use anfang_infra::db::{DbConnection, checklists, unit_types, units, users};

use crate::Context;
use crate::audit::{self, Action, Target};
use crate::{Conflict, Error, FieldIssue, Result};

fn require_manager(actor: &User) -> Result<()> {
    if Permission::ManageCampaigns.is_granted_to(actor.role) {
        Ok(())
    } else {
        Err(Error::Forbidden)
    }
}

/// The campaign, if `viewer` may know of it.
fn load_visible(
    conn: &mut DbConnection,
    viewer: &User,
    id: CampaignId,
) -> Result<(Campaign, CampaignView)> {
    let campaign = campaigns::find(conn, id)?.ok_or(Error::NotFound)?;
    let view = CampaignView::of(viewer.role, campaign.status);
    let visible = match view {
        CampaignView::Full | CampaignView::Published => true,
        CampaignView::OwnUnit => match viewer.unit_id {
            Some(unit) => assignments::for_campaign(conn, id)?
                .iter()
                .any(|a| a.unit_id == unit),
            None => false,
        },
        CampaignView::None => false,
    };
    if visible {
        Ok((campaign, view))
    } else {
        Err(Error::NotFound)
    }
}

fn check_references(conn: &mut DbConnection, plan: &CampaignPlan) -> Result<()> {
    let published = checklists::find(conn, plan.checklist_id)?
        .is_some_and(|c| c.status == ChecklistStatus::Published);
    if !published {
        return Err(Error::field("checklist_id", FieldIssue::UnknownReference));
    }
    let known: Vec<_> = unit_types::list(conn)?
        .into_iter()
        .map(|t| t.code)
        .collect();
    if plan.unit_types.iter().any(|t| !known.contains(t)) {
        return Err(Error::field("unit_types", FieldIssue::UnknownReference));
    }
    for district in &plan.districts {
        crate::districts::require_listed(conn, "districts", district)?;
    }
    Ok(())
}

fn audited(
    conn: &mut DbConnection,
    at: chrono::DateTime<chrono::Utc>,
    actor: &User,
    action: Action,
    campaign: &Campaign,
    origin: &RequestOrigin,
) -> Result<()> {
    audit::Entry::new(action, at)
        .by(actor.id)
        .on(Target::Campaign(campaign.id))
        .from(origin)
        .details(serde_json::json!({ "status": campaign.status.as_str() }))
        .append(conn)?;
    Ok(())
}

#[tracing::instrument(skip_all, fields(actor = %actor.id))]
pub async fn create(
    ctx: &Context,
    actor: User,
    plan: CampaignPlan,
    origin: RequestOrigin,
) -> Result<Named<Campaign>> {
    let clock = ctx.clock;
    require_manager(&actor)?;
    ctx.db
        .write(move |conn| {
            check_references(conn, &plan)?;
            let now = clock.now();
            let campaign = Campaign {
                id: CampaignId::new_random(),
                plan,
                status: CampaignStatus::Draft,
                draw: None,
                created_by: actor.id,
                created_at: now,
                updated_at: now,
            };
            campaigns::insert(conn, &campaign)?;
            audited(
                conn,
                clock.now(),
                &actor,
                Action::CampaignCreate,
                &campaign,
                &origin,
            )?;
            named(conn, campaign)
        })
        .await
}

#[tracing::instrument(skip_all, fields(viewer = %viewer.id, id = %id))]
pub async fn get(ctx: &Context, viewer: User, id: CampaignId) -> Result<Named<Campaign>> {
    ctx.db
        .read(move |conn| {
            let (campaign, _) = load_visible(conn, &viewer, id)?;
            named(conn, campaign)
        })
        .await
}

/// What a campaign's plan names by code (unit types, districts), with the names.
fn plan_names<'a>(campaigns: impl IntoIterator<Item = &'a Campaign>) -> Wanted {
    let mut wanted = Wanted::default();
    for c in campaigns {
        for t in &c.plan.unit_types {
            wanted.unit_type(t.as_str());
        }
        for d in &c.plan.districts {
            wanted.district(d.as_str());
        }
    }
    wanted
}

fn named(conn: &mut DbConnection, campaign: Campaign) -> Result<Named<Campaign>> {
    Ok(plan_names([&campaign]).load_for(conn, campaign)?)
}

#[tracing::instrument(skip_all, fields(viewer = %viewer.id))]
pub async fn list(
    ctx: &Context,
    viewer: &User,
    page: PageRequest,
) -> Result<Named<Page<Campaign>>> {
    let scope = CampaignScope::for_viewer(viewer.role, viewer.unit_id);
    ctx.db
        .read(move |conn| {
            let page = campaigns::list(conn, &scope, &page)?;
            Ok(plan_names(&page.items).load_for(conn, page)?)
        })
        .await
}

/// The campaign changed by `change`, stored and audited; refused as for a campaign that does
/// not exist when the actor may not know of it.
async fn change(
    ctx: &Context,
    actor: User,
    id: CampaignId,
    action: Action,
    origin: RequestOrigin,
    change: impl FnOnce(&mut DbConnection, &mut Campaign) -> Result<()> + Send + 'static,
) -> Result<Named<Campaign>> {
    let clock = ctx.clock;
    require_manager(&actor)?;
    ctx.db
        .write(move |conn| {
            lock::row(conn, Aggregate::Campaign, &id.to_string())?;
            let mut campaign = campaigns::find(conn, id)?.ok_or(Error::NotFound)?;
            change(conn, &mut campaign)?;
            campaign.updated_at = clock.now();
            campaigns::update(conn, &campaign)?;
            audited(conn, clock.now(), &actor, action, &campaign, &origin)?;
            named(conn, campaign)
        })
        .await
}

#[tracing::instrument(skip_all, fields(actor = %actor.id, id = %id))]
pub async fn replan(
    ctx: &Context,
    actor: User,
    id: CampaignId,
    plan: CampaignPlan,
    origin: RequestOrigin,
) -> Result<Named<Campaign>> {
    change(
        ctx,
        actor,
        id,
        Action::CampaignUpdate,
        origin,
        move |conn, campaign| {
            check_references(conn, &plan)?;
            Ok(campaign.replan(plan)?)
        },
    )
    .await
}

#[tracing::instrument(skip_all, fields(actor = %actor.id, id = %id))]
pub async fn activate(
    ctx: &Context,
    actor: User,
    id: CampaignId,
    origin: RequestOrigin,
) -> Result<Named<Campaign>> {
    change(ctx, actor, id, Action::CampaignActivate, origin, |_, c| {
        Ok(c.activate()?)
    })
    .await
}

#[tracing::instrument(skip_all, fields(actor = %actor.id, id = %id))]
pub async fn close(
    ctx: &Context,
    actor: User,
    id: CampaignId,
    origin: RequestOrigin,
) -> Result<Named<Campaign>> {
    change(ctx, actor, id, Action::CampaignClose, origin, |_, c| {
        Ok(c.close()?)
    })
    .await
}

/// Runs (or runs again) the draw with `seed` — a fresh random one when none is given — and
/// stores its visits.
#[tracing::instrument(skip_all, fields(actor = %actor.id, id = %id))]
pub async fn run_draw(
    ctx: &Context,
    actor: User,
    id: CampaignId,
    seed: Option<u64>,
    rules: DrawRules,
    origin: RequestOrigin,
) -> Result<(Campaign, Vec<Assignment>)> {
    let clock = ctx.clock;
    require_manager(&actor)?;
    let seed = seed.unwrap_or_else(|| rand::Rng::random_range(&mut rand::rng(), 0..=MAX_SEED));
    ctx.db
        .write(move |conn| {
            lock::row(conn, Aggregate::Campaign, &id.to_string())?;
            let mut campaign = campaigns::find(conn, id)?.ok_or(Error::NotFound)?;
            campaign.check_draw(
                usize::try_from(assignments::reported_count(conn, id)?).unwrap_or(usize::MAX),
            )?;
            let plan = &campaign.plan;
            let types: Vec<_> = plan.unit_types.iter().cloned().collect();
            let districts: Vec<_> = plan.districts.iter().cloned().collect();
            let mut candidates = units::drawable(conn, &types, &districts)?;
            if plan.exclude_previously_drawn {
                let previous = campaigns::previously_drawn_units(conn, id)?;
                candidates.retain(|u| !previous.contains(&u.id));
            }
            let pool = users::active_inspectors(conn)?;
            let visits = draw(
                &plan.unit_types,
                &candidates,
                &pool,
                rules,
                plan.scenarios.len(),
                seed,
            )?;
            let now = clock.now();
            let assigned: Vec<Assignment> = visits
                .into_iter()
                .map(|v| Assignment {
                    id: AssignmentId::new_random(),
                    campaign_id: id,
                    unit_id: v.unit_id,
                    scenario: v.scenario,
                    status: AssignmentStatus::Pending,
                    inspectors: v.inspectors,
                    created_at: now,
                    follow_up_of: None,
                })
                .collect();
            // A report naming one of the old visits, written meanwhile, makes the database
            // refuse their removal: the draw is then locked after all.
            assignments::replace_for_campaign(conn, id, &assigned).map_err(|e| match e {
                WriteError::NoSuchReference => Conflict::DrawLocked.into(),
                other => Error::from(other),
            })?;
            // Answered in the order the record is read back in.
            let mut assigned = assigned;
            assigned.sort_by_key(|a| (a.unit_id, a.id));
            campaign.draw = Some(DrawRecord {
                seed,
                units_per_type: rules.units_per_type,
                team_size: rules.team_size,
                drawn_at: now,
                drawn_by: actor.id,
            });
            campaign.updated_at = now;
            campaigns::update(conn, &campaign)?;
            audit::Entry::new(Action::CampaignDraw, now)
                .by(actor.id)
                .on(Target::Campaign(id))
                .from(&origin)
                .details(serde_json::json!({
                    "seed": seed,
                    "units_per_type": rules.units_per_type,
                    "team_size": rules.team_size,
                    "visits": assigned.len(),
                }))
                .append(conn)?;
            Ok((campaign, assigned))
        })
        .await
}

/// The draw record as `viewer` may see it: all of it for supervisors and admins, after closing
/// all of it for leaders and a unit's own visits for its manager. Every view is audited.
#[tracing::instrument(skip_all, fields(viewer = %viewer.id, id = %id))]
pub async fn draw_record(
    ctx: &Context,
    viewer: User,
    id: CampaignId,
    origin: RequestOrigin,
) -> Result<(Campaign, Vec<Assignment>)> {
    let clock = ctx.clock;
    ctx.db
        .write(move |conn| {
            let (campaign, view) = load_visible(conn, &viewer, id)?;
            if campaign.draw.is_none() {
                return Err(Error::NotFound);
            }
            let mut visits = assignments::for_campaign(conn, id)?;
            if view == CampaignView::OwnUnit {
                visits.retain(|a| Some(a.unit_id) == viewer.unit_id);
            }
            audited(
                conn,
                clock.now(),
                &viewer,
                Action::CampaignDrawView,
                &campaign,
                &origin,
            )?;
            Ok((campaign, visits))
        })
        .await
}

/// Which visits a list shows, besides the viewer's scope.
#[derive(Debug, Clone, Default)]
pub struct VisitQuery {
    pub campaign: Option<CampaignId>,
    pub status: Option<AssignmentStatus>,
    /// Visits that may be made on this day.
    pub on: Option<chrono::NaiveDate>,
}

/// A drawn visit as its inspector reads it: the campaign (period, scenarios), the unit where to
/// go, and the team by name.
pub struct Visit {
    pub assignment: Assignment,
    pub campaign: Campaign,
    pub unit: Unit,
}

/// An inspector's visits, once their campaign is under way; every visit for supervisors and
/// admins; for other roles assignments do not exist.
#[tracing::instrument(skip_all, fields(viewer = %viewer.id))]
pub async fn assignments_for(
    ctx: &Context,
    viewer: &User,
    query: VisitQuery,
    page: PageRequest,
) -> Result<Named<Page<Visit>>> {
    let (inspector, hide_draft_campaigns) =
        match AssignmentScope::for_viewer(viewer.id, viewer.role) {
            AssignmentScope::All => (None, false),
            AssignmentScope::OwnOnceUnderWay(inspector) => (Some(inspector), true),
            AssignmentScope::Nothing => return Err(Error::NotFound),
        };
    let filter = AssignmentFilter {
        inspector,
        campaign: query.campaign,
        hide_draft_campaigns,
        status: query.status,
        on: query.on,
    };
    ctx.db
        .read(move |conn| {
            let page = assignments::list(conn, &filter, &page)?;
            let visits = visits(conn, page.items)?;
            let wanted = visit_names(&visits);
            Ok(wanted.load_for(
                conn,
                Page {
                    items: visits,
                    next: page.next,
                },
            )?)
        })
        .await
}

fn visits(conn: &mut DbConnection, assignments: Vec<Assignment>) -> Result<Vec<Visit>> {
    let units = units::find_many(conn, assignments.iter().map(|a| a.unit_id))?;
    let mut visits = Vec::with_capacity(assignments.len());
    for a in assignments {
        let campaign = campaigns::find(conn, a.campaign_id)?
            .ok_or_else(|| Error::internal("an assignment's campaign is missing"))?;
        let unit = units
            .get(&a.unit_id)
            .cloned()
            .ok_or_else(|| Error::internal("an assignment's unit is missing"))?;
        visits.push(Visit {
            assignment: a,
            campaign,
            unit,
        });
    }
    Ok(visits)
}

/// A visit with its unit's type and district and its team by name.
/// Several visits with their units, campaigns and teams named.
pub(crate) fn named_visits(
    conn: &mut DbConnection,
    assignments: Vec<Assignment>,
) -> Result<Named<Vec<Visit>>> {
    let visits = visits(conn, assignments)?;
    Ok(visit_names(&visits).load_for(conn, visits)?)
}

pub(crate) fn named_visit(conn: &mut DbConnection, visit: Visit) -> Result<Named<Visit>> {
    Ok(visit_names(std::slice::from_ref(&visit)).load_for(conn, visit)?)
}

fn visit_names(visits: &[Visit]) -> Wanted {
    let mut wanted = Wanted::default();
    for v in visits {
        wanted
            .unit_type(v.unit.type_code.as_str())
            .district(v.unit.district.as_str());
        for i in &v.assignment.inspectors {
            wanted.person(*i);
        }
    }
    wanted
}

#[tracing::instrument(skip_all, fields(viewer = %viewer.id, id = %id))]
pub async fn assignment(ctx: &Context, viewer: User, id: AssignmentId) -> Result<Named<Visit>> {
    ctx.db
        .read(move |conn| {
            let a = assignments::find(conn, id)?.ok_or(Error::NotFound)?;
            let c = campaigns::find(conn, a.campaign_id)?.ok_or(Error::NotFound)?;
            if !AssignmentScope::for_viewer(viewer.id, viewer.role).admits(&a.inspectors, c.status)
            {
                return Err(Error::NotFound);
            }
            let visit = visits(conn, vec![a])?
                .pop()
                .ok_or_else(|| Error::internal("a visit without its unit"))?;
            named_visit(conn, visit)
        })
        .await
}
