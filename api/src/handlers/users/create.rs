use actix_web::{HttpResponse, web};
use anfang_domain::auth::Permission;

use crate::auth::{CurrentUser, Origin};
use crate::dto::users::{CreateUserRequest, UserResponse};
use crate::error::{ApiResult, Body};
use crate::state::AppState;
use anfang_usecases as usecases;

/// Create an account (admins).
#[utoipa::path(post, operation_id = "users_create", path = "/api/v1/users", tag = "users", security(("bearer" = [])),
    request_body = CreateUserRequest,
    responses((status = 201, body = UserResponse), (status = 403), (status = 409, description = "username taken"), (status = 422)))]
pub async fn create(
    state: web::Data<AppState>,
    current: CurrentUser,
    origin: Origin,
    body: Body<CreateUserRequest>,
) -> ApiResult<HttpResponse> {
    current.require(Permission::ManageUsers)?;
    let body = body.parse()?;
    let (new_user, password) = body.parse()?;
    let user = usecases::users::create(
        &state.usecases,
        Some(current.user.id),
        new_user,
        password,
        origin.0,
    )
    .await?;
    Ok(HttpResponse::Created().json(UserResponse::from(user)))
}
