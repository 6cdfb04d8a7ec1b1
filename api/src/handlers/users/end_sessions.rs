use actix_web::{HttpResponse, web};
use anfang_domain::ids::UserId;

use crate::auth::{CurrentUser, Origin};
use crate::dto::auth::SessionsEndedResponse;
use crate::error::ApiResult;
use crate::state::AppState;
use anfang_usecases as usecases;

/// Ends every session of a user at once (admins): a lost phone, with the visit plans it holds,
/// is cut off without touching the password. Audited as `user.sessions_end`.
#[utoipa::path(delete, operation_id = "users_sessions_end", path = "/api/v1/users/{id}/sessions", tag = "users", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = SessionsEndedResponse), (status = 401), (status = 403), (status = 404)))]
pub async fn end_sessions(
    state: web::Data<AppState>,
    current: CurrentUser,
    origin: Origin,
    id: web::Path<UserId>,
) -> ApiResult<HttpResponse> {
    let ended =
        usecases::devices::end_all_of(&state.usecases, &current.user, id.into_inner(), origin.0)
            .await?;
    Ok(HttpResponse::Ok().json(SessionsEndedResponse { ended }))
}
