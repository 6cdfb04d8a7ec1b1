//! Campaigns and the draw (SPEC §3.1). Until a campaign closes, only supervisors and admins
//! see it, and each inspector their own visits; for everyone else it does not exist.

use anfang_domain::auth::{Permission, Role};
use anfang_domain::campaign::{
    Assignment, AssignmentStatus, Campaign, CampaignPlan, CampaignStatus, CampaignView, DrawRecord,
    DrawRules, MAX_SEED, draw,
};
use anfang_domain::catalog::ChecklistStatus;
use anfang_domain::ids::{AssignmentId, CampaignId};
use anfang_domain::user::User;
use anfang_infra::db::assignments::{self, AssignmentFilter};
use anfang_infra::db::audit::RequestOrigin;
use anfang_infra::db::campaigns::{self, CampaignScope};
use anfang_infra::db::lock::{self, Aggregate};
use anfang_infra::db::page::{Page, PageRequest};
use anfang_infra::db::{self, DbConnection, checklists, unit_types, units, users};

use super::audit;
use crate::app::AppState;
use crate::error::{ApiError, ApiResult, ErrorCode, FieldIssue};

fn require_manager(actor: &User) -> ApiResult<()> {
    if Permission::ManageCampaigns.is_granted_to(actor.role) {
        Ok(())
    } else {
        Err(ApiError::new(ErrorCode::Forbidden))
    }
}

/// The campaign, if `viewer` may know of it.
fn load_visible(
    conn: &mut DbConnection,
    viewer: &User,
    id: CampaignId,
) -> ApiResult<(Campaign, CampaignView)> {
    let campaign = campaigns::find(conn, id)?.ok_or_else(ApiError::not_found)?;
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
        Err(ApiError::not_found())
    }
}

fn check_references(conn: &mut DbConnection, plan: &CampaignPlan) -> ApiResult<()> {
    let published = checklists::find(conn, plan.checklist_id)?
        .is_some_and(|c| c.status == ChecklistStatus::Published);
    if !published {
        return Err(ApiError::field(
            "checklist_id",
            FieldIssue::UnknownReference,
        ));
    }
    let known: Vec<_> = unit_types::list(conn)?
        .into_iter()
        .map(|t| t.code)
        .collect();
    if plan.unit_types.iter().any(|t| !known.contains(t)) {
        return Err(ApiError::field("unit_types", FieldIssue::UnknownReference));
    }
    Ok(())
}

fn audited(
    conn: &mut DbConnection,
    actor: &User,
    action: &str,
    campaign: &Campaign,
    origin: &RequestOrigin,
) -> ApiResult<()> {
    audit(
        conn,
        db::now(),
        Some(actor.id.to_string()),
        action,
        Some(("campaign", campaign.id.to_string())),
        origin,
        Some(serde_json::json!({ "status": campaign.status.as_str() })),
    )?;
    Ok(())
}

pub async fn create(
    state: &AppState,
    actor: User,
    plan: CampaignPlan,
    origin: RequestOrigin,
) -> ApiResult<Campaign> {
    require_manager(&actor)?;
    state
        .db
        .write(move |conn| {
            check_references(conn, &plan)?;
            let now = db::now();
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
            audited(conn, &actor, "campaign.create", &campaign, &origin)?;
            Ok(campaign)
        })
        .await
}

pub async fn get(state: &AppState, viewer: User, id: CampaignId) -> ApiResult<Campaign> {
    state
        .db
        .read(move |conn| load_visible(conn, &viewer, id).map(|(c, _)| c))
        .await
}

pub async fn list(state: &AppState, viewer: &User, page: PageRequest) -> ApiResult<Page<Campaign>> {
    let scope = match viewer.role {
        Role::Admin | Role::Supervisor => CampaignScope::All,
        Role::Leader => CampaignScope::Closed,
        Role::UnitManager => viewer
            .unit_id
            .map_or(CampaignScope::None, CampaignScope::ClosedDrawing),
        Role::Inspector => CampaignScope::None,
    };
    state
        .db
        .read(move |conn| campaigns::list(conn, &scope, &page).map_err(ApiError::from))
        .await
}

/// The campaign changed by `change`, stored and audited; refused as for a campaign that does
/// not exist when the actor may not know of it.
async fn change(
    state: &AppState,
    actor: User,
    id: CampaignId,
    action: &'static str,
    origin: RequestOrigin,
    change: impl FnOnce(&mut DbConnection, &mut Campaign) -> ApiResult<()> + Send + 'static,
) -> ApiResult<Campaign> {
    require_manager(&actor)?;
    state
        .db
        .write(move |conn| {
            lock::row(conn, Aggregate::Campaign, &id.to_string())?;
            let mut campaign = campaigns::find(conn, id)?.ok_or_else(ApiError::not_found)?;
            change(conn, &mut campaign)?;
            campaign.updated_at = db::now();
            campaigns::update(conn, &campaign)?;
            audited(conn, &actor, action, &campaign, &origin)?;
            Ok(campaign)
        })
        .await
}

pub async fn replan(
    state: &AppState,
    actor: User,
    id: CampaignId,
    plan: CampaignPlan,
    origin: RequestOrigin,
) -> ApiResult<Campaign> {
    change(
        state,
        actor,
        id,
        "campaign.update",
        origin,
        move |conn, campaign| {
            check_references(conn, &plan)?;
            Ok(campaign.replan(plan)?)
        },
    )
    .await
}

pub async fn activate(
    state: &AppState,
    actor: User,
    id: CampaignId,
    origin: RequestOrigin,
) -> ApiResult<Campaign> {
    change(state, actor, id, "campaign.activate", origin, |_, c| {
        Ok(c.activate()?)
    })
    .await
}

pub async fn close(
    state: &AppState,
    actor: User,
    id: CampaignId,
    origin: RequestOrigin,
) -> ApiResult<Campaign> {
    change(state, actor, id, "campaign.close", origin, |_, c| {
        Ok(c.close()?)
    })
    .await
}

/// Runs (or runs again) the draw with `seed` — a fresh random one when none is given — and
/// stores its visits.
pub async fn run_draw(
    state: &AppState,
    actor: User,
    id: CampaignId,
    seed: Option<u64>,
    rules: DrawRules,
    origin: RequestOrigin,
) -> ApiResult<(Campaign, Vec<Assignment>)> {
    require_manager(&actor)?;
    let seed = seed.unwrap_or_else(|| rand::Rng::random_range(&mut rand::rng(), 0..=MAX_SEED));
    state
        .db
        .write(move |conn| {
            lock::row(conn, Aggregate::Campaign, &id.to_string())?;
            let mut campaign = campaigns::find(conn, id)?.ok_or_else(ApiError::not_found)?;
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
            let now = db::now();
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
            assignments::replace_for_campaign(conn, id, &assigned).map_err(|e| {
                if e.is_missing_reference() {
                    ApiError::new(ErrorCode::DrawLocked)
                } else {
                    e.into()
                }
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
            audit(
                conn,
                now,
                Some(actor.id.to_string()),
                "campaign.draw",
                Some(("campaign", id.to_string())),
                &origin,
                Some(serde_json::json!({
                    "seed": seed,
                    "units_per_type": rules.units_per_type,
                    "team_size": rules.team_size,
                    "visits": assigned.len(),
                })),
            )?;
            Ok((campaign, assigned))
        })
        .await
}

/// The draw record as `viewer` may see it: all of it for supervisors and admins, after closing
/// all of it for leaders and a unit's own visits for its manager. Every view is audited.
pub async fn draw_record(
    state: &AppState,
    viewer: User,
    id: CampaignId,
    origin: RequestOrigin,
) -> ApiResult<(Campaign, Vec<Assignment>)> {
    state
        .db
        .write(move |conn| {
            let (campaign, view) = load_visible(conn, &viewer, id)?;
            if campaign.draw.is_none() {
                return Err(ApiError::not_found());
            }
            let mut visits = assignments::for_campaign(conn, id)?;
            if view == CampaignView::OwnUnit {
                visits.retain(|a| Some(a.unit_id) == viewer.unit_id);
            }
            audited(conn, &viewer, "campaign.draw_view", &campaign, &origin)?;
            Ok((campaign, visits))
        })
        .await
}

/// An inspector's visits, once their campaign is under way; every visit for supervisors and
/// admins; for other roles assignments do not exist.
pub async fn assignments_for(
    state: &AppState,
    viewer: &User,
    campaign: Option<CampaignId>,
    page: PageRequest,
) -> ApiResult<Page<(Assignment, Campaign)>> {
    let filter = match viewer.role {
        Role::Admin | Role::Supervisor => AssignmentFilter {
            inspector: None,
            campaign,
            hide_draft_campaigns: false,
        },
        Role::Inspector => AssignmentFilter {
            inspector: Some(viewer.id),
            campaign,
            hide_draft_campaigns: true,
        },
        Role::Leader | Role::UnitManager => return Err(ApiError::not_found()),
    };
    state
        .db
        .read(move |conn| {
            let page = assignments::list(conn, &filter, &page)?;
            let mut items = Vec::with_capacity(page.items.len());
            for a in page.items {
                let c = campaigns::find(conn, a.campaign_id)?
                    .ok_or_else(|| ApiError::internal("an assignment's campaign is missing"))?;
                items.push((a, c));
            }
            Ok(Page {
                items,
                next: page.next,
            })
        })
        .await
}

pub async fn assignment(
    state: &AppState,
    viewer: User,
    id: AssignmentId,
) -> ApiResult<(Assignment, Campaign)> {
    state
        .db
        .read(move |conn| {
            let a = assignments::find(conn, id)?.ok_or_else(ApiError::not_found)?;
            let c = campaigns::find(conn, a.campaign_id)?.ok_or_else(ApiError::not_found)?;
            let visible = match viewer.role {
                Role::Admin | Role::Supervisor => true,
                Role::Inspector => {
                    a.inspectors.contains(&viewer.id) && c.status != CampaignStatus::Draft
                }
                Role::Leader | Role::UnitManager => false,
            };
            if visible {
                Ok((a, c))
            } else {
                Err(ApiError::not_found())
            }
        })
        .await
}
