use actix_web::{HttpResponse, web};
use anfang_domain::ids::FindingId;

use crate::auth::CurrentUser;
use crate::dto::page::ListResponse;
use crate::dto::recordings::RecordingResponse;
use crate::error::ApiResult;
use crate::state::AppState;
use anfang_usecases as usecases;

/// The recordings a unit sent with a finding's rectification, for those who may see the
/// finding (a single page). The unit's manager sends them by resumable upload (`/uploads`,
/// `finding_id` and `kind` `recording`); supervisors and admins download them.
#[utoipa::path(get, operation_id = "findings_recordings", path = "/api/v1/findings/{id}/recordings", tag = "findings", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = ListResponse<RecordingResponse>), (status = 404)))]
pub async fn of_finding(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<FindingId>,
) -> ApiResult<HttpResponse> {
    let role = current.role();
    let recordings =
        usecases::recordings::of_finding(&state.usecases, current.user, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(ListResponse::complete(
        recordings
            .into_iter()
            .map(|r| RecordingResponse::new(r, role))
            .collect(),
    )))
}
