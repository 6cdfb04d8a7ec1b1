use actix_web::{HttpResponse, web};

use crate::auth::CurrentUser;
use crate::dto::campaigns::CampaignResponse;
use crate::dto::page::{ListResponse, PageQuery};
use crate::dto::query::{Listing, NoFilter};
use crate::error::ApiResult;
use crate::state::AppState;
use anfang_usecases as usecases;

/// Campaigns you may know of, oldest first: all of them for supervisors and admins; closed
/// ones for leaders; closed ones that drew your unit, for its manager.
#[utoipa::path(get, operation_id = "campaigns_list", path = "/api/v1/campaigns", tag = "campaigns", security(("bearer" = [])), params(PageQuery),
    responses((status = 200, body = ListResponse<CampaignResponse>)))]
pub async fn list(
    state: web::Data<AppState>,
    current: CurrentUser,
    query: Listing<NoFilter>,
) -> ApiResult<HttpResponse> {
    let page =
        usecases::campaigns::list(&state.usecases, &current.user, query.page.parse()?).await?;
    Ok(
        HttpResponse::Ok().json(ListResponse::from_page(page.value, |c| {
            CampaignResponse::new(c, &page.names)
        })),
    )
}
