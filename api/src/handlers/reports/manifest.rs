//! `/reports/{id}/manifest`: the evidence a phone declares for a report, and what has arrived.

use actix_web::{HttpResponse, web};
use anfang_domain::ids::{EvidenceId, ReportId};

use crate::auth::{CurrentUser, Origin};
use crate::dto::manifest::{ManifestRequest, ManifestResponse};
use crate::error::{ApiResult, Body, NoBody};
use crate::state::AppState;
use anfang_usecases as usecases;

/// The files declared for the report, each expected, received or withdrawn; for whoever may
/// see the report.
#[utoipa::path(get, operation_id = "reports_manifest", path = "/api/v1/reports/{id}/manifest", tag = "photos", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = ManifestResponse), (status = 404)))]
pub async fn show(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<ReportId>,
) -> ApiResult<HttpResponse> {
    let entries =
        usecases::evidence_manifest::of_report(&state.usecases, current.user, id.into_inner())
            .await?;
    Ok(HttpResponse::Ok().json(ManifestResponse::from(entries)))
}

/// Declares the files the phone holds (the author, while the report can change). Submitting
/// then answers 422 `evidence_not_received` for each one neither received nor withdrawn, and
/// an upload under a declared id must match its size and SHA-256 (422
/// `evidence_not_as_declared`).
#[utoipa::path(put, operation_id = "reports_manifest_declare", path = "/api/v1/reports/{id}/manifest", tag = "photos", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = ManifestRequest,
    responses((status = 200, body = ManifestResponse), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn declare(
    state: web::Data<AppState>,
    current: CurrentUser,
    origin: Origin,
    id: web::Path<ReportId>,
    body: Body<ManifestRequest>,
) -> ApiResult<HttpResponse> {
    let files = body.parse()?.parse()?;
    let entries = usecases::evidence_manifest::declare(
        &state.usecases,
        current.user,
        id.into_inner(),
        files,
        origin.0,
    )
    .await?;
    Ok(HttpResponse::Ok().json(ManifestResponse::from(entries)))
}

/// Withdraws a declared file that will not come (the author, while the report can change).
#[utoipa::path(post, operation_id = "reports_manifest_withdraw", path = "/api/v1/reports/{id}/manifest/{item_id}/withdraw", tag = "photos", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("item_id" = Uuid, Path)),
    responses((status = 200, body = ManifestResponse), (status = 403), (status = 404), (status = 409)))]
pub async fn withdraw(
    state: web::Data<AppState>,
    current: CurrentUser,
    origin: Origin,
    path: web::Path<(ReportId, EvidenceId)>,
    body: NoBody,
) -> ApiResult<HttpResponse> {
    body.check()?;
    let (id, item) = path.into_inner();
    let entries =
        usecases::evidence_manifest::withdraw(&state.usecases, current.user, id, item, origin.0)
            .await?;
    Ok(HttpResponse::Ok().json(ManifestResponse::from(entries)))
}
