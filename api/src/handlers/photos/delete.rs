use actix_web::{HttpResponse, web};
use anfang_domain::ids::PhotoId;

use crate::auth::{CurrentUser, Origin};
use crate::error::ApiResult;
use crate::state::AppState;
use anfang_usecases as usecases;

/// Remove a photo from one's draft report.
#[utoipa::path(delete, operation_id = "photos_delete", path = "/api/v1/photos/{id}", tag = "photos", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 204), (status = 403), (status = 404), (status = 409, description = "the report is no longer a draft")))]
pub async fn delete(
    state: web::Data<AppState>,
    current: CurrentUser,
    origin: Origin,
    id: web::Path<PhotoId>,
) -> ApiResult<HttpResponse> {
    usecases::photos::delete(&state.usecases, current.user, id.into_inner(), origin.0).await?;
    Ok(HttpResponse::NoContent().finish())
}
