use actix_web::{HttpResponse, web};
use anfang_domain::auth::Permission;

use crate::auth::CurrentUser;
use crate::dto::checklists::ChecklistResponse;
use crate::dto::page::ListResponse;
use crate::error::ApiResult;
use crate::state::AppState;
use anfang_usecases as usecases;

/// Checklist versions, newest first (a single page). Drafts appear for admins only.
#[utoipa::path(get, operation_id = "checklists_list", path = "/api/v1/checklists", tag = "catalog", security(("bearer" = [])),
    responses((status = 200, body = ListResponse<ChecklistResponse>), (status = 401)))]
pub async fn list(state: web::Data<AppState>, current: CurrentUser) -> ApiResult<HttpResponse> {
    current.require(Permission::ReadCatalog)?;
    let versions = usecases::checklists::list(&state.usecases, current.role()).await?;
    Ok(HttpResponse::Ok().json(ListResponse::complete(
        versions.into_iter().map(ChecklistResponse::from).collect(),
    )))
}
