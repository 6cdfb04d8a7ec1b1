use actix_web::{HttpResponse, web};
use anfang_domain::auth::Permission;

use crate::auth::CurrentUser;
use crate::dto::page::{ListResponse, PageQuery};
use crate::dto::query::Listing;
use crate::dto::units::{UnitListQuery, UnitResponse};
use crate::error::ApiResult;
use crate::state::AppState;
use anfang_usecases as usecases;

/// Window units, oldest first, optionally filtered.
#[utoipa::path(get, operation_id = "units_list", path = "/api/v1/units", tag = "catalog", security(("bearer" = [])),
    params(UnitListQuery, PageQuery),
    responses((status = 200, body = ListResponse<UnitResponse>), (status = 401)))]
pub async fn list(
    state: web::Data<AppState>,
    current: CurrentUser,
    query: Listing<UnitListQuery>,
) -> ApiResult<HttpResponse> {
    current.require(Permission::ReadCatalog)?;
    let page =
        usecases::units::list(&state.usecases, query.filter.parse()?, query.page.parse()?).await?;
    Ok(
        HttpResponse::Ok().json(ListResponse::from_page(page.value, |s| {
            UnitResponse::new(s.unit, &page.names)
        })),
    )
}
