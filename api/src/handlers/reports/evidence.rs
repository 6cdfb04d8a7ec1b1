use actix_web::{HttpResponse, web};
use anfang_domain::ids::ReportId;

use crate::auth::{CurrentUser, Origin};
use crate::error::ApiResult;
use crate::state::AppState;
use anfang_usecases as usecases;

/// A report's evidence as one ZIP, written while it downloads, ending with `manifest.csv`
/// (file, kind, bytes, sha256). For whoever may see the report: originals for supervisors and
/// admins (each audited as an original's download), display copies for everyone else.
#[utoipa::path(get, operation_id = "reports_evidence", path = "/api/v1/reports/{id}/evidence.zip", tag = "photos", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, description = "a ZIP archive (stored entries, ZIP64 when large)", content_type = "application/zip"), (status = 404)))]
pub async fn evidence(
    state: web::Data<AppState>,
    current: CurrentUser,
    origin: Origin,
    id: web::Path<ReportId>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let chunks =
        usecases::evidence_bundles::of_report(&state.usecases, current.user, id, origin.0).await?;
    Ok(crate::handlers::zip_download(
        &format!("report-{id}-evidence.zip"),
        chunks,
    ))
}
