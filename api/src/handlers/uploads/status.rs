use actix_web::{HttpRequest, HttpResponse, web};
use anfang_domain::ids::UploadId;

use super::progress_headers;
use crate::auth::CurrentUser;
use crate::error::ApiResult;
use crate::state::AppState;
use crate::tus;
use anfang_usecases as usecases;

/// Where one's upload stands: `Upload-Offset` is where the next `PATCH` starts. 410 once it
/// expired; 404 for anyone but its sender.
#[utoipa::path(head, operation_id = "uploads_status", path = "/api/v1/uploads/{id}", tag = "uploads", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("Tus-Resumable" = String, Header, description = "1.0.0")),
    responses((status = 200, description = "`Upload-Offset`, `Upload-Length`, `Upload-Expires`"), (status = 404), (status = 410), (status = 412)))]
pub async fn status(
    req: HttpRequest,
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<UploadId>,
) -> ApiResult<HttpResponse> {
    tus::require_version(&req)?;
    let upload = usecases::uploads::status(&state.usecases, current.user, id.into_inner()).await?;
    let mut response = HttpResponse::Ok();
    progress_headers(&mut response, &upload);
    Ok(response.finish())
}
