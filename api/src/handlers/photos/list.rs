use actix_web::{HttpResponse, web};
use anfang_domain::ids::ReportId;

use crate::auth::CurrentUser;
use crate::dto::page::ListResponse;
use crate::dto::photos::PhotoResponse;
use crate::error::ApiResult;
use crate::state::AppState;
use anfang_usecases as usecases;

/// A report's photos, for those who may see the report (a single page).
#[utoipa::path(get, operation_id = "photos_list", path = "/api/v1/reports/{id}/photos", tag = "photos", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = ListResponse<PhotoResponse>), (status = 404)))]
pub async fn list(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<ReportId>,
) -> ApiResult<HttpResponse> {
    let role = current.role();
    let photos =
        usecases::photos::of_report(&state.usecases, current.user, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(ListResponse::complete(
        photos
            .into_iter()
            .map(|(p, flags)| PhotoResponse::new(p, &flags, role))
            .collect(),
    )))
}
