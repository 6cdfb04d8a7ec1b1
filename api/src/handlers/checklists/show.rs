use actix_web::{HttpResponse, web};
use anfang_domain::auth::Permission;
use anfang_domain::ids::ChecklistId;

use crate::auth::CurrentUser;
use crate::dto::checklists::ChecklistResponse;
use crate::error::ApiResult;
use crate::state::AppState;
use anfang_usecases as usecases;

/// One checklist version with its items. A draft is found by admins only.
#[utoipa::path(get, operation_id = "checklists_show", path = "/api/v1/checklists/{id}", tag = "catalog", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = ChecklistResponse), (status = 404)))]
pub async fn show(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<ChecklistId>,
) -> ApiResult<HttpResponse> {
    current.require(Permission::ReadCatalog)?;
    let id = id.into_inner();
    let checklist = usecases::checklists::get(&state.usecases, current.role(), id).await?;
    Ok(HttpResponse::Ok().json(ChecklistResponse::from(checklist)))
}
