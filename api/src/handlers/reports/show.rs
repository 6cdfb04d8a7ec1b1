use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use anfang_domain::ids::ReportId;

use crate::auth::CurrentUser;
use crate::dto::reports::ReportResponse;
use crate::error::ApiResult;
use crate::idempotency::json_response;
use crate::state::AppState;
use anfang_usecases as usecases;

/// One report, if you may see it (404 otherwise, exactly as for an id that does not exist).
#[utoipa::path(get, operation_id = "reports_show", path = "/api/v1/reports/{id}", tag = "reports", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = ReportResponse, headers(("ETag" = String))), (status = 404)))]
pub async fn show(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<ReportId>,
) -> ApiResult<HttpResponse> {
    let role = current.role();
    let report = usecases::reports::get(&state.usecases, current.user, id.into_inner()).await?;
    Ok(json_response(
        StatusCode::OK,
        &super::report_json(report, role)?,
    ))
}
