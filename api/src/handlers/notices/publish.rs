use actix_web::{HttpResponse, web};
use anfang_domain::ids::NoticeId;

use crate::auth::{CurrentUser, Origin};
use crate::dto::notices::NoticeResponse;
use crate::error::{ApiResult, NoBody};
use crate::state::AppState;
use anfang_usecases as usecases;

/// Publish the notice (supervisors, admins): it is frozen from now on, and its findings are
/// published to their units.
#[utoipa::path(post, operation_id = "notices_publish", path = "/api/v1/notices/{id}/publish", tag = "notices", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = NoticeResponse), (status = 403), (status = 404), (status = 409, description = "already published")))]
pub async fn publish(
    state: web::Data<AppState>,
    current: CurrentUser,
    origin: Origin,
    id: web::Path<NoticeId>,
    body: NoBody,
) -> ApiResult<HttpResponse> {
    body.check()?;
    let notice =
        usecases::notices::publish(&state.usecases, &current.user, id.into_inner(), origin.0)
            .await?;
    Ok(HttpResponse::Ok().json(NoticeResponse::from_notice(&notice)?))
}
