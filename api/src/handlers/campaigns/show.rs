use actix_web::{HttpResponse, web};
use anfang_domain::ids::CampaignId;

use crate::auth::CurrentUser;
use crate::dto::campaigns::CampaignResponse;
use crate::error::ApiResult;
use crate::state::AppState;
use anfang_usecases as usecases;

/// One campaign, if you may know of it (404 otherwise, exactly as for an unknown id).
#[utoipa::path(get, operation_id = "campaigns_show", path = "/api/v1/campaigns/{id}", tag = "campaigns", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = CampaignResponse), (status = 404)))]
pub async fn show(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<CampaignId>,
) -> ApiResult<HttpResponse> {
    let campaign = usecases::campaigns::get(&state.usecases, current.user, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(CampaignResponse::from(campaign)))
}
