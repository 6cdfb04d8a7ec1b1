use actix_web::{HttpResponse, web};

use anfang_domain::auth::Permission;

use crate::auth::{CurrentUser, Origin};
use crate::dto::campaigns::{CampaignResponse, CampaignWriteRequest};
use crate::error::{ApiResult, Body};
use crate::state::AppState;
use anfang_usecases as usecases;

/// Plan a campaign (supervisors, admins); it starts as a draft.
#[utoipa::path(post, operation_id = "campaigns_create", path = "/api/v1/campaigns", tag = "campaigns", security(("bearer" = [])),
    request_body = CampaignWriteRequest,
    responses((status = 201, body = CampaignResponse), (status = 403), (status = 422)))]
pub async fn create(
    state: web::Data<AppState>,
    current: CurrentUser,
    origin: Origin,
    body: Body<CampaignWriteRequest>,
) -> ApiResult<HttpResponse> {
    current.require(Permission::ManageCampaigns)?;
    let body = body.parse()?;
    let plan = body.parse()?;
    let campaign =
        usecases::campaigns::create(&state.usecases, current.user, plan, origin.0).await?;
    Ok(HttpResponse::Created().json(CampaignResponse::from(campaign)))
}
