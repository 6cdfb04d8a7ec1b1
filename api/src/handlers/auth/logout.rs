use actix_web::{HttpResponse, web};
use validator::Validate;

use crate::auth::Origin;
use crate::dto::auth::LogoutRequest;
use crate::error::{ApiResult, Body};
use crate::state::AppState;
use anfang_usecases as usecases;

/// End the session of a refresh token: it and every access token of the session stop working.
#[utoipa::path(post, operation_id = "auth_logout", path = "/api/v1/auth/logout", tag = "auth", request_body = LogoutRequest,
    responses((status = 204, description = "signed out")))]
pub async fn logout(
    state: web::Data<AppState>,
    origin: Origin,
    body: Body<LogoutRequest>,
) -> ApiResult<HttpResponse> {
    let body = body.parse()?;
    body.validate()?;
    usecases::auth::logout(&state.usecases, body.refresh_token, origin.0).await?;
    Ok(HttpResponse::NoContent().finish())
}
