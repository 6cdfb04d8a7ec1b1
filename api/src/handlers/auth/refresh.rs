use actix_web::{HttpResponse, web};
use validator::Validate;

use crate::auth::Origin;
use crate::dto::auth::{RefreshRequest, TokenResponse};
use crate::error::{ApiResult, Body};
use crate::state::AppState;
use anfang_usecases as usecases;

/// Exchange a refresh token for a new pair; the old one is spent. Presenting a spent token
/// revokes its whole session.
#[utoipa::path(post, operation_id = "auth_refresh", path = "/api/v1/auth/refresh", tag = "auth", request_body = RefreshRequest,
    responses((status = 200, body = TokenResponse), (status = 401, description = "unknown, spent or revoked token")))]
pub async fn refresh(
    state: web::Data<AppState>,
    origin: Origin,
    body: Body<RefreshRequest>,
) -> ApiResult<HttpResponse> {
    let body = body.parse()?;
    body.validate()?;
    let issued = usecases::auth::refresh(&state.usecases, body.refresh_token, origin.0).await?;
    Ok(HttpResponse::Ok().json(super::token_response(issued)))
}
