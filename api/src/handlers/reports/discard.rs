use actix_web::{HttpResponse, web};
use anfang_domain::ids::ReportId;

use crate::auth::{CurrentUser, Origin};
use crate::error::ApiResult;
use crate::state::AppState;
use anfang_usecases as usecases;

/// Throws your draft away, with its photos (204; again, 204). A report already submitted stays
/// (409); anyone else's answers 404, as one that never was.
#[utoipa::path(delete, operation_id = "reports_discard", path = "/api/v1/reports/{id}", tag = "reports", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 204, description = "the draft is gone"), (status = 403), (status = 404), (status = 409)))]
pub async fn discard(
    state: web::Data<AppState>,
    current: CurrentUser,
    origin: Origin,
    id: web::Path<ReportId>,
) -> ApiResult<HttpResponse> {
    usecases::reports::discard(&state.usecases, current.user, id.into_inner(), origin.0).await?;
    Ok(HttpResponse::NoContent().finish())
}
