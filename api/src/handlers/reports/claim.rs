use actix_web::{HttpResponse, web};
use anfang_domain::ids::ReportId;

use crate::auth::{CurrentUser, Origin};
use crate::dto::reports::ReportResponse;
use crate::error::{ApiResult, NoBody};
use crate::idempotency::{self, IdempotencyKey};
use crate::state::AppState;
use anfang_usecases as usecases;

/// Take a submitted report for review (supervisors): a lease (30 minutes by default) during
/// which no one else may review it. Claiming again renews one's own lease.
#[utoipa::path(post, operation_id = "reports_claim", path = "/api/v1/reports/{id}/claim", tag = "reports", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("Idempotency-Key" = Option<String>, Header, pattern = "^[!-~]{1,255}$", description = "1 to 255 visible ASCII characters; a retry with the same key and body gets the first answer")),
    responses((status = 200, body = ReportResponse), (status = 403), (status = 404),
        (status = 409, description = "claimed by someone else, or not submitted")))]
pub async fn claim(
    state: web::Data<AppState>,
    current: CurrentUser,
    origin: Origin,
    key: IdempotencyKey,
    id: web::Path<ReportId>,
    body: NoBody,
) -> ApiResult<HttpResponse> {
    body.check()?;
    let id = id.into_inner();
    let role = current.role();
    let hash = idempotency::request_hash(&format!("claim {id}"), b"");
    let user_id = current.user.id;
    let ctx = state.usecases.clone();
    idempotency::once(
        &state,
        user_id,
        key,
        "claim",
        hash,
        move |conn| usecases::reports::claim(conn, &ctx, &current.user, id, &origin.0),
        move |report| super::ok(report, role),
    )
    .await
}
