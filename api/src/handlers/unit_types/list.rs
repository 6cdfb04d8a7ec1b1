use actix_web::{HttpResponse, web};
use anfang_domain::auth::Permission;

use crate::auth::CurrentUser;
use crate::dto::page::ListResponse;
use crate::dto::unit_types::UnitTypeResponse;
use crate::error::ApiResult;
use crate::state::AppState;
use anfang_usecases as usecases;

/// The 15 window-unit types, in the order of SPEC §2.1 (a single page).
#[utoipa::path(get, operation_id = "unit_types_list", path = "/api/v1/unit-types", tag = "catalog", security(("bearer" = [])),
    responses((status = 200, body = ListResponse<UnitTypeResponse>), (status = 401)))]
pub async fn list(state: web::Data<AppState>, current: CurrentUser) -> ApiResult<HttpResponse> {
    current.require(Permission::ReadCatalog)?;
    let types = usecases::unit_types::list(&state.usecases).await?;
    Ok(HttpResponse::Ok().json(ListResponse::complete(
        types.into_iter().map(UnitTypeResponse::from).collect(),
    )))
}
