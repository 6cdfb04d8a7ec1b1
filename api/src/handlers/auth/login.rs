use actix_web::{HttpResponse, web};
use anfang_domain::auth::DeviceName;
use validator::Validate;

use crate::auth::Origin;
use crate::dto::auth::{LoginRequest, TokenResponse};
use crate::error::{ApiError, ApiResult, Body, FieldIssue};
use crate::state::AppState;
use anfang_usecases as usecases;

/// Sign in with a username and password; a phone names itself with `device_name`.
#[utoipa::path(post, operation_id = "auth_login", path = "/api/v1/auth/login", tag = "auth", request_body = LoginRequest,
    responses((status = 200, body = TokenResponse), (status = 401, description = "wrong username or password"),
        (status = 429, description = "too many failed attempts for this account or address")))]
pub async fn login(
    state: web::Data<AppState>,
    origin: Origin,
    body: Body<LoginRequest>,
) -> ApiResult<HttpResponse> {
    let body = body.parse()?;
    body.validate()?;
    let device_name = body
        .device_name
        .as_deref()
        .map(DeviceName::parse)
        .transpose()
        .map_err(|e| ApiError::field("device_name", FieldIssue::from(e)))?;
    let issued = usecases::auth::login(
        &state.usecases,
        body.username,
        body.password,
        device_name,
        origin.0,
    )
    .await?;
    Ok(HttpResponse::Ok().json(super::token_response(issued)))
}
