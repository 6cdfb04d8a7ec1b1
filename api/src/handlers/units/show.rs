use actix_web::{HttpResponse, web};
use anfang_domain::auth::Permission;
use anfang_domain::ids::UnitId;

use crate::auth::CurrentUser;
use crate::dto::units::UnitResponse;
use crate::error::ApiResult;
use crate::state::AppState;
use anfang_usecases as usecases;

/// One window unit.
#[utoipa::path(get, operation_id = "units_show", path = "/api/v1/units/{id}", tag = "catalog", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = UnitResponse), (status = 404)))]
pub async fn show(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<UnitId>,
) -> ApiResult<HttpResponse> {
    current.require(Permission::ReadCatalog)?;
    let unit = usecases::units::get(&state.usecases, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(UnitResponse::from(unit)))
}
