use actix_web::{HttpResponse, web};
use anfang_domain::auth::Permission;
use anfang_domain::ids::UserId;

use crate::auth::CurrentUser;
use crate::dto::users::UserResponse;
use crate::error::ApiResult;
use crate::state::AppState;
use anfang_usecases as usecases;

/// One account (admins).
#[utoipa::path(get, operation_id = "users_show", path = "/api/v1/users/{id}", tag = "users", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = UserResponse), (status = 403), (status = 404)))]
pub async fn show(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<UserId>,
) -> ApiResult<HttpResponse> {
    current.require(Permission::ManageUsers)?;
    let user = usecases::users::get(&state.usecases, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(UserResponse::from(user)))
}
