use actix_web::{HttpResponse, web};
use anfang_domain::ids::ReportId;

use crate::auth::{CurrentUser, Origin};
use crate::dto::findings::{FindingResponse, FindingsFor};
use crate::dto::page::ListResponse;
use crate::error::{ApiResult, NoBody};
use crate::state::AppState;
use anfang_usecases as usecases;

/// Publish every not yet published finding of an approved report at once (supervisors,
/// admins); answers with the findings it published.
#[utoipa::path(post, operation_id = "reports_publish_of_report", path = "/api/v1/reports/{id}/findings/publish", tag = "findings", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = ListResponse<FindingResponse>), (status = 403), (status = 404), (status = 409, description = "the report is not approved")))]
pub async fn publish_of_report(
    state: web::Data<AppState>,
    current: CurrentUser,
    origin: Origin,
    id: web::Path<ReportId>,
    body: NoBody,
) -> ApiResult<HttpResponse> {
    body.check()?;
    let render = FindingsFor::viewer(current.role(), state.usecases.timezone);
    let published = usecases::findings::publish_of_report(
        &state.usecases,
        current.user,
        id.into_inner(),
        origin.0,
    )
    .await?;
    Ok(HttpResponse::Ok().json(ListResponse::complete(
        published.into_iter().map(|v| render.render(v)).collect(),
    )))
}
