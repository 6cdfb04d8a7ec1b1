use actix_web::{HttpResponse, web};

use crate::auth::CurrentUser;
use crate::dto::page::{ListResponse, PageQuery};
use crate::dto::query::{Listing, NoFilter};
use crate::dto::users::InspectorResponse;
use crate::error::ApiResult;
use crate::state::AppState;
use anfang_usecases as usecases;

/// The active inspectors, with home district and unit and open visits, for choosing a team
/// (supervisors, admins).
#[utoipa::path(get, operation_id = "inspectors_list", path = "/api/v1/inspectors", tag = "campaigns", security(("bearer" = [])),
    params(PageQuery),
    responses((status = 200, body = ListResponse<InspectorResponse>), (status = 403)))]
pub async fn list(
    state: web::Data<AppState>,
    current: CurrentUser,
    query: Listing<NoFilter>,
) -> ApiResult<HttpResponse> {
    let page =
        usecases::users::inspectors(&state.usecases, &current.user, query.page.parse()?).await?;
    Ok(
        HttpResponse::Ok().json(ListResponse::from_page(page.value, |line| {
            InspectorResponse::new(line, &page.names)
        })),
    )
}
