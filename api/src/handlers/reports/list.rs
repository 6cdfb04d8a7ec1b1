use actix_web::{HttpResponse, web};

use crate::auth::CurrentUser;
use crate::dto::page::{ListResponse, PageQuery};
use crate::dto::query::Listing;
use crate::dto::reports::{ReportListQuery, ReportSummaryResponse};
use crate::error::ApiResult;
use crate::state::AppState;
use anfang_usecases as usecases;

/// The reports you may see, oldest in the queue first: for supervisors the review queue
/// (filter `status=submitted`), for inspectors their own, for leaders the approved ones.
#[utoipa::path(get, operation_id = "reports_list", path = "/api/v1/reports", tag = "reports", security(("bearer" = [])),
    params(ReportListQuery, PageQuery),
    responses((status = 200, body = ListResponse<ReportSummaryResponse>), (status = 404)))]
pub async fn list(
    state: web::Data<AppState>,
    current: CurrentUser,
    query: Listing<ReportListQuery>,
) -> ApiResult<HttpResponse> {
    let (filter, visited) = query.filter.parse()?;
    let page = usecases::reports::list(
        &state.usecases,
        &current.user,
        filter,
        visited,
        query.page.parse()?,
    )
    .await?;
    let role = current.role();
    Ok(HttpResponse::Ok().json(ListResponse::from_page(page, |s| {
        ReportSummaryResponse::new(s, role)
    })))
}
