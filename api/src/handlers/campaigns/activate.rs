use actix_web::{HttpResponse, web};
use anfang_domain::ids::CampaignId;

use crate::auth::{CurrentUser, Origin};
use crate::dto::campaigns::CampaignResponse;
use crate::error::{ApiResult, NoBody};
use crate::state::AppState;
use anfang_usecases as usecases;

/// Start a draft campaign: its drawn visits appear to their inspectors.
#[utoipa::path(post, operation_id = "campaigns_activate", path = "/api/v1/campaigns/{id}/activate", tag = "campaigns", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = CampaignResponse), (status = 403), (status = 404), (status = 409)))]
pub async fn activate(
    state: web::Data<AppState>,
    current: CurrentUser,
    origin: Origin,
    id: web::Path<CampaignId>,
    body: NoBody,
) -> ApiResult<HttpResponse> {
    body.check()?;
    let id = id.into_inner();
    let campaign =
        usecases::campaigns::activate(&state.usecases, current.user, id, origin.0).await?;
    Ok(HttpResponse::Ok().json(CampaignResponse::from(campaign)))
}
