use actix_web::{HttpResponse, web};

use crate::auth::{CurrentUser, Origin};
use crate::dto::audit::{AuditEntryResponse, AuditQueryDto};
use crate::dto::page::{ListResponse, PageQuery};
use crate::dto::query::Listing;
use crate::error::ApiResult;
use crate::state::AppState;
use anfang_usecases as usecases;

/// The audit trail, newest first (admins); this reading is recorded in it too.
#[utoipa::path(get, operation_id = "audit_list", path = "/api/v1/audit", tag = "audit", security(("bearer" = [])),
    params(AuditQueryDto, PageQuery),
    responses((status = 200, body = ListResponse<AuditEntryResponse>), (status = 400), (status = 403)))]
pub async fn list(
    state: web::Data<AppState>,
    current: CurrentUser,
    origin: Origin,
    query: Listing<AuditQueryDto>,
) -> ApiResult<HttpResponse> {
    let trail = query.filter.parse()?;
    let page = usecases::audit_trail::list(
        &state.usecases,
        &current.user,
        trail,
        query.page.parse()?,
        origin.0,
    )
    .await?;
    Ok(HttpResponse::Ok().json(ListResponse::from_page(page, AuditEntryResponse::from)))
}
