use actix_web::HttpResponse;

use crate::auth::CurrentUser;
use crate::dto::users::UserResponse;
use crate::error::ApiResult;

/// The signed-in user.
#[utoipa::path(get, operation_id = "me_show", path = "/api/v1/me", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = UserResponse), (status = 401)))]
pub async fn show(current: CurrentUser) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(UserResponse::from(current.user)))
}
