use actix_web::{HttpResponse, web};

use crate::auth::CurrentUser;
use crate::dto::users::UserResponse;
use crate::error::ApiResult;
use crate::state::AppState;
use anfang_usecases as usecases;

/// The signed-in user.
#[utoipa::path(get, operation_id = "me_show", path = "/api/v1/me", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = UserResponse), (status = 401)))]
pub async fn show(state: web::Data<AppState>, current: CurrentUser) -> ApiResult<HttpResponse> {
    let me = usecases::users::with_names(&state.usecases, current.user).await?;
    Ok(HttpResponse::Ok().json(UserResponse::from(me)))
}
