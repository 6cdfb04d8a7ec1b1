use actix_web::{HttpResponse, web};
use anfang_domain::ids::SessionId;

use crate::auth::{CurrentUser, Origin};
use crate::dto::auth::SessionResponse;
use crate::dto::page::ListResponse;
use crate::error::ApiResult;
use crate::state::AppState;
use anfang_usecases as usecases;

/// One's signed-in devices (open sessions), the one used last first, this one marked
/// `current` (a single page).
#[utoipa::path(get, operation_id = "me_sessions", path = "/api/v1/me/sessions", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = ListResponse<SessionResponse>), (status = 401)))]
pub async fn list(state: web::Data<AppState>, current: CurrentUser) -> ApiResult<HttpResponse> {
    let devices =
        usecases::devices::of_mine(&state.usecases, &current.user, current.session).await?;
    Ok(HttpResponse::Ok().json(ListResponse::complete(
        devices.into_iter().map(SessionResponse::from).collect(),
    )))
}

/// Ends one of one's own sessions (a phone handed on, a browser left signed in): its tokens
/// stop working at once. Ending this one is signing out.
#[utoipa::path(delete, operation_id = "me_sessions_end", path = "/api/v1/me/sessions/{id}", tag = "auth", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 204, description = "ended"), (status = 401), (status = 404, description = "no open session of one's own")))]
pub async fn end(
    state: web::Data<AppState>,
    current: CurrentUser,
    origin: Origin,
    id: web::Path<SessionId>,
) -> ApiResult<HttpResponse> {
    usecases::devices::end_mine(&state.usecases, &current.user, id.into_inner(), origin.0).await?;
    Ok(HttpResponse::NoContent().finish())
}
