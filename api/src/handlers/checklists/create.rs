use actix_web::{HttpResponse, web};
use anfang_domain::auth::Permission;

use crate::auth::{CurrentUser, Origin};
use crate::dto::checklists::{ChecklistResponse, ChecklistWriteRequest};
use crate::error::{ApiResult, Body};
use crate::state::AppState;
use anfang_usecases as usecases;

/// Draft a new checklist version (admins). It takes the next version number.
#[utoipa::path(post, operation_id = "checklists_create", path = "/api/v1/checklists", tag = "catalog", security(("bearer" = [])),
    request_body = ChecklistWriteRequest,
    responses((status = 201, body = ChecklistResponse), (status = 403), (status = 422)))]
pub async fn create(
    state: web::Data<AppState>,
    current: CurrentUser,
    origin: Origin,
    body: Body<ChecklistWriteRequest>,
) -> ApiResult<HttpResponse> {
    current.require(Permission::ManageChecklists)?;
    let body = body.parse()?;
    let items = body.parse()?;
    let checklist =
        usecases::checklists::create_draft(&state.usecases, current.user.id, items, origin.0)
            .await?;
    Ok(HttpResponse::Created().json(ChecklistResponse::from(checklist)))
}
