use actix_web::{HttpResponse, web};
use anfang_domain::ids::CampaignId;

use crate::auth::{CurrentUser, Origin};
use crate::dto::campaigns::CampaignResponse;
use crate::error::{ApiResult, NoBody};
use crate::state::AppState;
use anfang_usecases as usecases;

/// Close an active campaign: its draw record is published to leaders and, for their own unit, to unit managers (一公开).
#[utoipa::path(post, operation_id = "campaigns_close", path = "/api/v1/campaigns/{id}/close", tag = "campaigns", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = CampaignResponse), (status = 403), (status = 404), (status = 409)))]
pub async fn close(
    state: web::Data<AppState>,
    current: CurrentUser,
    origin: Origin,
    id: web::Path<CampaignId>,
    body: NoBody,
) -> ApiResult<HttpResponse> {
    body.check()?;
    let id = id.into_inner();
    let campaign = usecases::campaigns::close(&state.usecases, current.user, id, origin.0).await?;
    Ok(HttpResponse::Ok().json(CampaignResponse::from(campaign)))
}
