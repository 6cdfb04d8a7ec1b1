use actix_web::{HttpRequest, HttpResponse, web};
use anfang_domain::ids::UploadId;

use crate::auth::{CurrentUser, Origin};
use crate::error::ApiResult;
use crate::state::AppState;
use crate::tus;
use anfang_usecases as usecases;

/// Gives up one's unfinished upload (tus termination): what arrived of it is removed.
#[utoipa::path(delete, operation_id = "uploads_terminate", path = "/api/v1/uploads/{id}", tag = "uploads", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("Tus-Resumable" = String, Header, description = "1.0.0")),
    responses((status = 204), (status = 404), (status = 409, description = "the upload is complete: remove its photo or recording instead"), (status = 412)))]
pub async fn terminate(
    req: HttpRequest,
    state: web::Data<AppState>,
    current: CurrentUser,
    origin: Origin,
    id: web::Path<UploadId>,
) -> ApiResult<HttpResponse> {
    tus::require_version(&req)?;
    usecases::uploads::terminate(&state.usecases, current.user, id.into_inner(), origin.0).await?;
    Ok(HttpResponse::NoContent().finish())
}
