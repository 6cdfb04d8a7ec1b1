use actix_web::{HttpResponse, web};
use anfang_domain::auth::Permission;

use crate::auth::CurrentUser;
use crate::dto::districts::DistrictResponse;
use crate::dto::page::{ListResponse, PageQuery};
use crate::dto::query::{Listing, NoFilter};
use crate::error::ApiResult;
use crate::state::AppState;
use anfang_usecases as usecases;

/// The districts the bureau works in, by code and name, in the order they were listed.
#[utoipa::path(get, operation_id = "districts_list", path = "/api/v1/districts", tag = "catalog", security(("bearer" = [])),
    params(PageQuery),
    responses((status = 200, body = ListResponse<DistrictResponse>), (status = 401)))]
pub async fn list(
    state: web::Data<AppState>,
    current: CurrentUser,
    query: Listing<NoFilter>,
) -> ApiResult<HttpResponse> {
    current.require(Permission::ReadCatalog)?;
    let page = usecases::districts::list(&state.usecases, query.page.parse()?).await?;
    Ok(HttpResponse::Ok().json(ListResponse::from_page(page, |s| {
        DistrictResponse::from(s.district)
    })))
}
