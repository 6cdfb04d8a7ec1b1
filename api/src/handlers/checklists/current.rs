use actix_web::{HttpResponse, web};
use anfang_domain::auth::Permission;

use crate::auth::CurrentUser;
use crate::dto::checklists::ChecklistResponse;
use crate::error::ApiResult;
use crate::state::AppState;
use anfang_usecases as usecases;

/// The newest published checklist version: what new reports are filled against.
#[utoipa::path(get, operation_id = "checklists_current", path = "/api/v1/checklists/current", tag = "catalog", security(("bearer" = [])),
    responses((status = 200, body = ChecklistResponse), (status = 401)))]
pub async fn current(state: web::Data<AppState>, current: CurrentUser) -> ApiResult<HttpResponse> {
    current.require(Permission::ReadCatalog)?;
    let checklist = usecases::checklists::current(&state.usecases).await?;
    Ok(HttpResponse::Ok().json(ChecklistResponse::from(checklist)))
}
