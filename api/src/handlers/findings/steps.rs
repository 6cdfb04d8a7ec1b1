//! The steps of a finding's life, one handler each.

use actix_web::{HttpResponse, web};
use anfang_domain::ids::FindingId;

use crate::auth::{CurrentUser, Origin};
use crate::dto::campaigns::AssignmentResponse;
use crate::dto::findings::{
    AppealDecisionRequest, AppealRequest, FindingResponse, FindingsFor, FollowUpRequestDto,
    RectificationRequest, VerifyRequest,
};
use crate::error::{ApiResult, Body, NoBody};
use crate::state::AppState;
use anfang_usecases as usecases;
use anfang_usecases::findings::Step;

async fn apply(
    state: &AppState,
    current: CurrentUser,
    origin: Origin,
    id: FindingId,
    step: Step,
) -> ApiResult<HttpResponse> {
    let render = FindingsFor::viewer(current.role(), state.usecases.timezone);
    let finding =
        usecases::findings::apply(&state.usecases, current.user, id, step, origin.0).await?;
    Ok(HttpResponse::Ok().json(render.render(finding)))
}

/// Show a finding to its unit (supervisors, admins); publishing again changes nothing.
#[utoipa::path(post, operation_id = "findings_publish", path = "/api/v1/findings/{id}/publish", tag = "findings", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = FindingResponse), (status = 403), (status = 404)))]
pub async fn publish(
    state: web::Data<AppState>,
    current: CurrentUser,
    origin: Origin,
    id: web::Path<FindingId>,
    body: NoBody,
) -> ApiResult<HttpResponse> {
    body.check()?;
    apply(&state, current, origin, id.into_inner(), Step::Publish).await
}

/// The unit reports what it did (its manager).
#[utoipa::path(post, operation_id = "findings_rectification", path = "/api/v1/findings/{id}/rectification", tag = "findings", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = RectificationRequest,
    responses((status = 200, body = FindingResponse), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn rectification(
    state: web::Data<AppState>,
    current: CurrentUser,
    origin: Origin,
    id: web::Path<FindingId>,
    body: Body<RectificationRequest>,
) -> ApiResult<HttpResponse> {
    let body = body.parse()?;
    let step = body.step()?;
    apply(&state, current, origin, id.into_inner(), step).await
}

/// A supervisor verifies the rectification or sends it back.
#[utoipa::path(post, operation_id = "findings_verify", path = "/api/v1/findings/{id}/verify", tag = "findings", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = VerifyRequest,
    responses((status = 200, body = FindingResponse), (status = 403), (status = 404), (status = 409)))]
pub async fn verify(
    state: web::Data<AppState>,
    current: CurrentUser,
    origin: Origin,
    id: web::Path<FindingId>,
    body: Body<VerifyRequest>,
) -> ApiResult<HttpResponse> {
    let body = body.parse()?;
    let step = body.step()?;
    apply(&state, current, origin, id.into_inner(), step).await
}

/// The unit appeals (申诉), once.
#[utoipa::path(post, operation_id = "findings_appeal", path = "/api/v1/findings/{id}/appeal", tag = "findings", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = AppealRequest,
    responses((status = 200, body = FindingResponse), (status = 403), (status = 404), (status = 409, description = "already appealed")))]
pub async fn appeal(
    state: web::Data<AppState>,
    current: CurrentUser,
    origin: Origin,
    id: web::Path<FindingId>,
    body: Body<AppealRequest>,
) -> ApiResult<HttpResponse> {
    let body = body.parse()?;
    let step = body.step()?;
    apply(&state, current, origin, id.into_inner(), step).await
}

/// A supervisor other than the report's reviewer upholds or overturns the appeal; an overturned
/// finding no longer counts.
#[utoipa::path(post, operation_id = "findings_appeal_decision", path = "/api/v1/findings/{id}/appeal-decision", tag = "findings", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = AppealDecisionRequest,
    responses((status = 200, body = FindingResponse), (status = 403, description = "the report's own reviewer"), (status = 404), (status = 409)))]
pub async fn appeal_decision(
    state: web::Data<AppState>,
    current: CurrentUser,
    origin: Origin,
    id: web::Path<FindingId>,
    body: Body<AppealDecisionRequest>,
) -> ApiResult<HttpResponse> {
    let body = body.parse()?;
    let step = body.step()?;
    apply(&state, current, origin, id.into_inner(), step).await
}

/// Require a follow-up visit (复查) before verifying (supervisors, admins): an assignment for
/// the finding's unit in an active campaign; verification waits until it is reported.
#[utoipa::path(post, operation_id = "findings_follow_up", path = "/api/v1/findings/{id}/follow-up", tag = "findings", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = FollowUpRequestDto,
    responses((status = 201, body = AssignmentResponse), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn follow_up(
    state: web::Data<AppState>,
    current: CurrentUser,
    origin: Origin,
    id: web::Path<FindingId>,
    body: Body<FollowUpRequestDto>,
) -> ApiResult<HttpResponse> {
    let body = body.parse()?;
    let visit = usecases::findings::require_follow_up(
        &state.usecases,
        current.user,
        id.into_inner(),
        body.request(),
        origin.0,
    )
    .await?;
    Ok(HttpResponse::Created().json(AssignmentResponse::from(visit)))
}
