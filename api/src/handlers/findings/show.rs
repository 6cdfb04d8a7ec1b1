use actix_web::{HttpResponse, web};
use anfang_domain::ids::FindingId;

use crate::auth::CurrentUser;
use crate::dto::findings::{FindingResponse, FindingsFor};
use crate::error::ApiResult;
use crate::state::AppState;
use anfang_usecases as usecases;

/// One finding, if you may see it (an unpublished one does not exist for its unit).
#[utoipa::path(get, operation_id = "findings_show", path = "/api/v1/findings/{id}", tag = "findings", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = FindingResponse), (status = 404)))]
pub async fn show(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<FindingId>,
) -> ApiResult<HttpResponse> {
    let render = FindingsFor::viewer(current.role(), state.usecases.timezone);
    let finding = usecases::findings::get(&state.usecases, current.user, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(render.render(finding)))
}
