use actix_web::{HttpResponse, web};

use crate::auth::CurrentUser;
use crate::dto::campaigns::{AssignmentListQuery, AssignmentResponse};
use crate::dto::page::{ListResponse, PageQuery};
use crate::dto::query::Listing;
use crate::error::ApiResult;
use crate::state::AppState;
use anfang_usecases as usecases;

/// Drawn visits: an inspector's own (once the campaign is under way), or all of them for
/// supervisors and admins.
#[utoipa::path(get, operation_id = "assignments_list", path = "/api/v1/assignments", tag = "campaigns", security(("bearer" = [])),
    params(AssignmentListQuery, PageQuery),
    responses((status = 200, body = ListResponse<AssignmentResponse>), (status = 404)))]
pub async fn list(
    state: web::Data<AppState>,
    current: CurrentUser,
    query: Listing<AssignmentListQuery>,
) -> ApiResult<HttpResponse> {
    let page = usecases::campaigns::assignments_for(
        &state.usecases,
        &current.user,
        query.filter.parse()?,
        query.page.parse()?,
    )
    .await?;
    Ok(
        HttpResponse::Ok().json(ListResponse::from_page(page.value, |visit| {
            AssignmentResponse::new(visit, &page.names)
        })),
    )
}
