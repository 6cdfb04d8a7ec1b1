use actix_web::{HttpResponse, web};
use anfang_domain::campaign::DrawRules;
use anfang_domain::ids::CampaignId;
use validator::Validate;

use anfang_domain::auth::Permission;

use crate::auth::{CurrentUser, Origin};
use crate::dto::campaigns::{DrawRequest, DrawResponse};
use crate::error::{ApiResult, Body};
use crate::state::AppState;
use anfang_usecases as usecases;

/// Run the random draw (supervisors, admins): `units_per_type` units of each target type, each
/// with a team of `team_size` inspectors from other units and districts, workloads within one
/// visit of each other. The seed is recorded; the same inputs and seed give the same draw.
/// Running it again is refused once a drawn visit has a report.
#[utoipa::path(post, operation_id = "campaigns_draw", path = "/api/v1/campaigns/{id}/draw", tag = "campaigns", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = DrawRequest,
    responses((status = 200, body = DrawResponse), (status = 403), (status = 404),
        (status = 409, description = "closed, or a visit already has a report"),
        (status = 422, description = "the rules cannot be met: which rule, which unit type")))]
pub async fn draw(
    state: web::Data<AppState>,
    current: CurrentUser,
    origin: Origin,
    id: web::Path<CampaignId>,
    body: Body<DrawRequest>,
) -> ApiResult<HttpResponse> {
    current.require(Permission::ManageCampaigns)?;
    let body = body.parse()?;
    body.validate()?;
    let seed = body.seed;
    let rules = DrawRules {
        units_per_type: body.units_per_type as usize,
        team_size: body.team_size as usize,
    };
    let id = id.into_inner();
    let (campaign, visits) =
        usecases::campaigns::run_draw(&state.usecases, current.user, id, seed, rules, origin.0)
            .await?;
    Ok(HttpResponse::Ok().json(super::draw_record::response(&campaign, &visits)))
}
