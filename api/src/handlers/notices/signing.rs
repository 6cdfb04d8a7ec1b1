//! The signing workflow: a supervisor sends a draft for signature (送签), a leader signs it off
//! (签发) or either returns it to draft.

use actix_web::{HttpResponse, web};
use anfang_domain::ids::NoticeId;
use anfang_usecases::notices::Step;

use crate::auth::{CurrentUser, Origin};
use crate::dto::notices::NoticeResponse;
use crate::error::{ApiResult, NoBody};
use crate::state::AppState;
use anfang_usecases as usecases;

async fn take(
    state: web::Data<AppState>,
    current: CurrentUser,
    origin: Origin,
    id: web::Path<NoticeId>,
    body: NoBody,
    step: Step,
) -> ApiResult<HttpResponse> {
    body.check()?;
    let notice = usecases::notices::step(
        &state.usecases,
        &current.user,
        id.into_inner(),
        step,
        origin.0,
    )
    .await?;
    Ok(HttpResponse::Ok().json(NoticeResponse::from_notice(&notice)?))
}

/// Send a draft to the leaders for signature (supervisors, admins); it no longer changes
/// until it is returned.
#[utoipa::path(post, operation_id = "notices_submit", path = "/api/v1/notices/{id}/submit", tag = "notices", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = NoticeResponse), (status = 403), (status = 404),
        (status = 409, description = "not a draft: notice_awaiting_signature, notice_signed or notice_published")))]
pub async fn submit(
    state: web::Data<AppState>,
    current: CurrentUser,
    origin: Origin,
    id: web::Path<NoticeId>,
    body: NoBody,
) -> ApiResult<HttpResponse> {
    take(state, current, origin, id, body, Step::Submit).await
}

/// Return a notice awaiting signature to draft (the leader who declines it, or a supervisor
/// who wants it back), to be redrafted.
#[utoipa::path(post, operation_id = "notices_return", path = "/api/v1/notices/{id}/return", tag = "notices", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = NoticeResponse), (status = 403), (status = 404),
        (status = 409, description = "not awaiting signature: notice_not_submitted, notice_signed or notice_published")))]
pub async fn return_to_draft(
    state: web::Data<AppState>,
    current: CurrentUser,
    origin: Origin,
    id: web::Path<NoticeId>,
    body: NoBody,
) -> ApiResult<HttpResponse> {
    take(state, current, origin, id, body, Step::Return).await
}

/// Sign off a notice awaiting signature (leaders, 签发): it no longer changes, and a
/// supervisor may publish it.
#[utoipa::path(post, operation_id = "notices_sign", path = "/api/v1/notices/{id}/sign", tag = "notices", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = NoticeResponse), (status = 403), (status = 404),
        (status = 409, description = "not awaiting signature: notice_not_submitted, notice_signed or notice_published")))]
pub async fn sign(
    state: web::Data<AppState>,
    current: CurrentUser,
    origin: Origin,
    id: web::Path<NoticeId>,
    body: NoBody,
) -> ApiResult<HttpResponse> {
    take(state, current, origin, id, body, Step::Sign).await
}
