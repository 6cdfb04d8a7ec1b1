use actix_web::{HttpResponse, web};
use anfang_domain::auth::Permission;
use anfang_domain::ids::UserId;
use anfang_domain::user::Password;

use crate::auth::{CurrentUser, Origin};
use crate::dto::users::ResetPasswordRequest;
use crate::error::{ApiError, ApiResult, Body, FieldIssue};
use crate::state::AppState;
use anfang_usecases as usecases;

/// Set a new password for an account (admins); its sessions end.
#[utoipa::path(post, operation_id = "users_reset_password", path = "/api/v1/users/{id}/password", tag = "users", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = ResetPasswordRequest,
    responses((status = 204), (status = 403), (status = 404), (status = 422)))]
pub async fn reset_password(
    state: web::Data<AppState>,
    current: CurrentUser,
    origin: Origin,
    id: web::Path<UserId>,
    body: Body<ResetPasswordRequest>,
) -> ApiResult<HttpResponse> {
    current.require(Permission::ManageUsers)?;
    let body = body.parse()?;
    let password = Password::parse(&body.password)
        .map_err(|e| ApiError::field("password", FieldIssue::from(e)))?;
    let id = id.into_inner();
    usecases::users::reset_password(&state.usecases, current.user.id, id, password, origin.0)
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
