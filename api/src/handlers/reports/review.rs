use actix_web::{HttpResponse, web};
use anfang_domain::ids::ReportId;
use anfang_domain::report::{Decision, ReviewComment};

use crate::auth::{CurrentUser, Origin};
use crate::dto::reports::{DecisionDto, ReportResponse, ReviewRequest};
use crate::error::{ApiError, ApiResult, Body, FieldIssue};
use crate::idempotency::{self, IdempotencyKey};
use crate::state::AppState;
use anfang_usecases as usecases;

/// Decide on a claimed report: approve, return to the inspector (with a comment they read),
/// or reject (with a reason).
#[utoipa::path(post, operation_id = "reports_review", path = "/api/v1/reports/{id}/review", tag = "reports", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("Idempotency-Key" = Option<String>, Header, pattern = "^[!-~]{1,255}$", description = "1 to 255 visible ASCII characters; a retry with the same key and body gets the first answer")), request_body = ReviewRequest,
    responses((status = 200, body = ReportResponse), (status = 403), (status = 404),
        (status = 409, description = "not claimed by you"), (status = 422)))]
pub async fn review(
    state: web::Data<AppState>,
    current: CurrentUser,
    origin: Origin,
    key: IdempotencyKey,
    id: web::Path<ReportId>,
    body: Body<ReviewRequest>,
) -> ApiResult<HttpResponse> {
    let body = body.parse()?;
    let id = id.into_inner();
    let decision = match body.decision {
        DecisionDto::Approve => Decision::Approve,
        DecisionDto::Return => Decision::Return,
        DecisionDto::Reject => Decision::Reject,
    };
    let comment = body
        .comment
        .as_deref()
        .map(ReviewComment::parse)
        .transpose()
        .map_err(|e| ApiError::field("comment", FieldIssue::from(e)))?;
    let role = current.role();
    let hash = idempotency::request_hash(
        &format!("review {id}"),
        &serde_json::to_vec(&body).unwrap_or_default(),
    );
    let user_id = current.user.id;
    let ctx = state.usecases.clone();
    idempotency::once(
        &state,
        user_id,
        key,
        "review",
        hash,
        move |conn| {
            usecases::reports::review(conn, &ctx, &current.user, id, decision, comment, &origin.0)
        },
        move |report| super::ok(report, role),
    )
    .await
}
