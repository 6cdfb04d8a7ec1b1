use actix_web::{HttpResponse, web};
use anfang_domain::campaign::{Assignment, Campaign};
use anfang_domain::ids::CampaignId;

use crate::auth::{CurrentUser, Origin};
use crate::dto::campaigns::{DrawResponse, DrawnAssignment};
use crate::error::ApiResult;
use crate::state::AppState;
use anfang_usecases as usecases;

pub fn response(campaign: &Campaign, visits: &[Assignment]) -> DrawResponse {
    let draw = campaign.draw.as_ref();
    DrawResponse {
        campaign_id: campaign.id.as_uuid(),
        seed: draw.map_or(0, |d| d.seed),
        units_per_type: draw.map_or(0, |d| d.units_per_type),
        team_size: draw.map_or(0, |d| d.team_size),
        drawn_at: draw.map_or(campaign.updated_at, |d| d.drawn_at),
        assignments: visits.iter().map(DrawnAssignment::new).collect(),
    }
}

/// The draw record: seed, rules, units drawn, teams. Supervisors and admins at any time;
/// after the campaign closes, leaders, and unit managers for their own unit. Every view is
/// audited.
#[utoipa::path(get, operation_id = "campaigns_draw_record", path = "/api/v1/campaigns/{id}/draw", tag = "campaigns", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = DrawResponse), (status = 404)))]
pub async fn draw_record(
    state: web::Data<AppState>,
    current: CurrentUser,
    origin: Origin,
    id: web::Path<CampaignId>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let (campaign, visits) =
        usecases::campaigns::draw_record(&state.usecases, current.user, id, origin.0).await?;
    Ok(HttpResponse::Ok().json(response(&campaign, &visits)))
}
