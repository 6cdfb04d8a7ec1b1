use actix_web::{HttpResponse, web};
use anfang_domain::ids::NoticeId;

use crate::auth::{CurrentUser, Origin};
use crate::error::ApiResult;
use crate::state::AppState;
use anfang_usecases as usecases;

/// The photos of a notice's typical cases as one ZIP, written while it downloads, ending with
/// `manifest.csv` (file, kind, bytes, sha256); for whoever may read the notice: originals for
/// supervisors and admins (each audited as an original's download), display copies otherwise.
#[utoipa::path(get, operation_id = "notices_evidence", path = "/api/v1/notices/{id}/evidence.zip", tag = "notices", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, description = "a ZIP archive (stored entries, ZIP64 when large)", content_type = "application/zip"), (status = 404)))]
pub async fn evidence(
    state: web::Data<AppState>,
    current: CurrentUser,
    origin: Origin,
    id: web::Path<NoticeId>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let chunks =
        usecases::evidence_bundles::of_notice(&state.usecases, current.user, id, origin.0).await?;
    Ok(crate::handlers::zip_download(
        &format!("notice-{id}-evidence.zip"),
        chunks,
    ))
}
