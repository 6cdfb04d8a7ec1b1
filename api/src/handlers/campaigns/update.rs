use actix_web::{HttpResponse, web};
use anfang_domain::ids::CampaignId;

use anfang_domain::auth::Permission;

use crate::auth::{CurrentUser, Origin};
use crate::dto::campaigns::{CampaignResponse, CampaignWriteRequest};
use crate::error::{ApiResult, Body};
use crate::state::AppState;
use anfang_usecases as usecases;

/// Replace a draft campaign's plan (supervisors, admins).
#[utoipa::path(put, operation_id = "campaigns_update", path = "/api/v1/campaigns/{id}", tag = "campaigns", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = CampaignWriteRequest,
    responses((status = 200, body = CampaignResponse), (status = 403), (status = 404), (status = 409, description = "not a draft"), (status = 422)))]
pub async fn update(
    state: web::Data<AppState>,
    current: CurrentUser,
    origin: Origin,
    id: web::Path<CampaignId>,
    body: Body<CampaignWriteRequest>,
) -> ApiResult<HttpResponse> {
    current.require(Permission::ManageCampaigns)?;
    let body = body.parse()?;
    let plan = body.parse()?;
    let id = id.into_inner();
    let campaign =
        usecases::campaigns::replan(&state.usecases, current.user, id, plan, origin.0).await?;
    Ok(HttpResponse::Ok().json(CampaignResponse::from(campaign)))
}
