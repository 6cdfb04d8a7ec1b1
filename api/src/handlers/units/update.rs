use actix_web::{HttpResponse, web};
use anfang_domain::auth::Permission;
use anfang_domain::ids::UnitId;

use crate::auth::{CurrentUser, Origin};
use crate::dto::units::{UnitResponse, UpdateUnitRequest};
use crate::error::{ApiResult, Body};
use crate::state::AppState;
use anfang_usecases as usecases;

/// Change a window unit (admins); its code and type never change.
#[utoipa::path(patch, operation_id = "units_update", path = "/api/v1/units/{id}", tag = "catalog", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = UpdateUnitRequest,
    responses((status = 200, body = UnitResponse), (status = 403), (status = 404), (status = 422)))]
pub async fn update(
    state: web::Data<AppState>,
    current: CurrentUser,
    origin: Origin,
    id: web::Path<UnitId>,
    body: Body<UpdateUnitRequest>,
) -> ApiResult<HttpResponse> {
    current.require(Permission::ManageUnits)?;
    let body = body.parse()?;
    let patch = body.parse()?;
    let id = id.into_inner();
    let unit =
        usecases::units::update(&state.usecases, current.user.id, id, patch, origin.0).await?;
    Ok(HttpResponse::Ok().json(UnitResponse::from(unit)))
}
