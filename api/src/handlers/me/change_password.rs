use actix_web::{HttpResponse, web};
use validator::Validate;

use crate::auth::{CurrentUser, Origin};
use crate::dto::auth::ChangePasswordRequest;
use crate::error::{ApiResult, Body};
use crate::state::AppState;
use anfang_usecases as usecases;

/// Change one's own password. Every session of the account ends, this one included.
#[utoipa::path(post, operation_id = "me_change_password", path = "/api/v1/me/password", tag = "auth", security(("bearer" = [])),
    request_body = ChangePasswordRequest,
    responses((status = 204, description = "changed; sign in again"), (status = 401), (status = 422)))]
pub async fn change_password(
    state: web::Data<AppState>,
    current: CurrentUser,
    origin: Origin,
    body: Body<ChangePasswordRequest>,
) -> ApiResult<HttpResponse> {
    let body = body.parse()?;
    body.validate()?;
    usecases::auth::change_password(
        &state.usecases,
        &current.user,
        body.current_password,
        body.new_password,
        origin.0,
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
