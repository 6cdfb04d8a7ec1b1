use actix_web::{HttpResponse, web};

use crate::auth::CurrentUser;
use crate::dto::findings::FindingResponse;
use crate::dto::page::{ListResponse, PageQuery};
use crate::error::ApiResult;
use crate::state::AppState;
use anfang_usecases as usecases;

/// Findings, oldest first: all of them for supervisors, admins and leaders; a unit manager sees
/// the published findings of their own unit and nothing else.
#[utoipa::path(get, operation_id = "findings_list", path = "/api/v1/findings", tag = "findings", security(("bearer" = [])), params(PageQuery),
    responses((status = 200, body = ListResponse<FindingResponse>), (status = 404)))]
pub async fn list(
    state: web::Data<AppState>,
    current: CurrentUser,
    page: web::Query<PageQuery>,
) -> ApiResult<HttpResponse> {
    let page = usecases::findings::list(&state.usecases, &current.user, page.parse()?).await?;
    Ok(HttpResponse::Ok().json(ListResponse::from_page(page, FindingResponse::from)))
}
