use actix_web::{HttpResponse, web};
use anfang_domain::ids::ReportId;

use crate::auth::CurrentUser;
use crate::dto::page::ListResponse;
use crate::dto::recordings::RecordingResponse;
use crate::error::ApiResult;
use crate::state::AppState;
use anfang_usecases as usecases;

/// A report's recordings, for those who may see the report (a single page). Recordings are
/// sent by resumable upload (`/uploads`, `kind` `recording`).
#[utoipa::path(get, operation_id = "recordings_list", path = "/api/v1/reports/{id}/recordings", tag = "uploads", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = ListResponse<RecordingResponse>), (status = 404)))]
pub async fn list(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<ReportId>,
) -> ApiResult<HttpResponse> {
    let role = current.role();
    let recordings =
        usecases::recordings::of_report(&state.usecases, current.user, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(ListResponse::complete(
        recordings
            .into_iter()
            .map(|r| RecordingResponse::new(r, role))
            .collect(),
    )))
}
