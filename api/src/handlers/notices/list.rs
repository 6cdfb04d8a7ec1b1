use actix_web::{HttpResponse, web};

use crate::auth::CurrentUser;
use crate::dto::notices::NoticeSummary;
use crate::dto::page::{ListResponse, PageQuery};
use crate::dto::query::{Listing, NoFilter};
use crate::error::ApiResult;
use crate::state::AppState;
use anfang_usecases as usecases;

/// Monthly notices, oldest month first: drafts too for supervisors and admins; published ones
/// only for leaders and unit managers; inspectors are refused.
#[utoipa::path(get, operation_id = "notices_list", path = "/api/v1/notices", tag = "notices", security(("bearer" = [])), params(PageQuery),
    responses((status = 200, body = ListResponse<NoticeSummary>), (status = 403)))]
pub async fn list(
    state: web::Data<AppState>,
    current: CurrentUser,
    query: Listing<NoFilter>,
) -> ApiResult<HttpResponse> {
    let page = usecases::notices::list(&state.usecases, &current.user, query.page.parse()?).await?;
    Ok(HttpResponse::Ok().json(ListResponse::from_page(page, |n| NoticeSummary::from(&n))))
}
