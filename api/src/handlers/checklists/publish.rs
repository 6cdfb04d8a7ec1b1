use actix_web::{HttpResponse, web};
use anfang_domain::auth::Permission;
use anfang_domain::ids::ChecklistId;

use crate::auth::{CurrentUser, Origin};
use crate::dto::checklists::ChecklistResponse;
use crate::error::{ApiResult, NoBody};
use crate::state::AppState;
use anfang_usecases as usecases;

/// Publish a draft version (admins); from now on it never changes, and new reports use it.
#[utoipa::path(post, operation_id = "checklists_publish", path = "/api/v1/checklists/{id}/publish", tag = "catalog", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = ChecklistResponse), (status = 403), (status = 404),
        (status = 409, description = "already published")))]
pub async fn publish(
    state: web::Data<AppState>,
    current: CurrentUser,
    origin: Origin,
    id: web::Path<ChecklistId>,
    body: NoBody,
) -> ApiResult<HttpResponse> {
    current.require(Permission::ManageChecklists)?;
    body.check()?;
    let id = id.into_inner();
    let checklist =
        usecases::checklists::publish(&state.usecases, current.user.id, id, origin.0).await?;
    Ok(HttpResponse::Ok().json(ChecklistResponse::from(checklist)))
}
