use actix_web::http::header::CACHE_CONTROL;
use actix_web::{HttpResponse, web};
use anfang_domain::auth::Permission;
use anfang_domain::catalog::ChecklistStatus;
use anfang_domain::ids::ChecklistId;

use crate::auth::CurrentUser;
use crate::dto::checklists::ChecklistResponse;
use crate::error::ApiResult;
use crate::state::AppState;
use anfang_usecases as usecases;

/// A published checklist version: kept by the client for a year, never revalidated.
const IMMUTABLE: &str = "private, max-age=31536000, immutable";

/// One checklist version with its items. A draft is found by admins only. A published
/// version never changes, and says so (`Cache-Control: immutable`): a phone keeps it.
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
    let mut response = HttpResponse::Ok();
    if checklist.status == ChecklistStatus::Published {
        response.insert_header((CACHE_CONTROL, IMMUTABLE));
    }
    Ok(response.json(ChecklistResponse::from(checklist)))
}
