use actix_web::{HttpResponse, web};
use anfang_domain::auth::Permission;
use anfang_domain::ids::UserId;

use crate::auth::{CurrentUser, Origin};
use crate::dto::users::{UpdateUserRequest, UserResponse};
use crate::error::{ApiResult, Body};
use crate::state::AppState;
use anfang_usecases as usecases;

/// Change an account (admins). Disabling it, or changing its role or unit, ends its sessions.
#[utoipa::path(patch, operation_id = "users_update", path = "/api/v1/users/{id}", tag = "users", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = UpdateUserRequest,
    responses((status = 200, body = UserResponse), (status = 403), (status = 404), (status = 422)))]
pub async fn update(
    state: web::Data<AppState>,
    current: CurrentUser,
    origin: Origin,
    id: web::Path<UserId>,
    body: Body<UpdateUserRequest>,
) -> ApiResult<HttpResponse> {
    current.require(Permission::ManageUsers)?;
    let body = body.parse()?;
    let patch = body.parse()?;
    let id = id.into_inner();
    let user =
        usecases::users::update(&state.usecases, current.user.id, id, patch, origin.0).await?;
    Ok(HttpResponse::Ok().json(UserResponse::from(user)))
}
