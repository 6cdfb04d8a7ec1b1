use actix_web::{HttpResponse, web};
use anfang_domain::auth::Permission;
use anfang_domain::ids::ChecklistId;

use crate::auth::{CurrentUser, Origin};
use crate::dto::checklists::{ChecklistResponse, ChecklistWriteRequest};
use crate::error::{ApiResult, Body};
use crate::state::AppState;
use anfang_usecases as usecases;

/// Replace the items of a draft version (admins). A published version answers 409.
#[utoipa::path(put, operation_id = "checklists_update", path = "/api/v1/checklists/{id}", tag = "catalog", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = ChecklistWriteRequest,
    responses((status = 200, body = ChecklistResponse), (status = 403), (status = 404),
        (status = 409, description = "the version is published"), (status = 422)))]
pub async fn update(
    state: web::Data<AppState>,
    current: CurrentUser,
    origin: Origin,
    id: web::Path<ChecklistId>,
    body: Body<ChecklistWriteRequest>,
) -> ApiResult<HttpResponse> {
    current.require(Permission::ManageChecklists)?;
    let body = body.parse()?;
    let items = body.parse()?;
    let id = id.into_inner();
    let checklist =
        usecases::checklists::replace_items(&state.usecases, current.user.id, id, items, origin.0)
            .await?;
    Ok(HttpResponse::Ok().json(ChecklistResponse::from(checklist)))
}
