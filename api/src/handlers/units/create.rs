use actix_web::{HttpResponse, web};
use anfang_domain::auth::Permission;

use crate::auth::{CurrentUser, Origin};
use crate::dto::units::{CreateUnitRequest, UnitResponse};
use crate::error::{ApiResult, Body};
use crate::state::AppState;
use anfang_usecases as usecases;

/// Add a window unit (admins).
#[utoipa::path(post, operation_id = "units_create", path = "/api/v1/units", tag = "catalog", security(("bearer" = [])),
    request_body = CreateUnitRequest,
    responses((status = 201, body = UnitResponse), (status = 403), (status = 409, description = "code taken"), (status = 422)))]
pub async fn create(
    state: web::Data<AppState>,
    current: CurrentUser,
    origin: Origin,
    body: Body<CreateUnitRequest>,
) -> ApiResult<HttpResponse> {
    current.require(Permission::ManageUnits)?;
    let body = body.parse()?;
    let unit =
        usecases::units::create(&state.usecases, current.user.id, body.parse()?, origin.0).await?;
    Ok(HttpResponse::Created().json(UnitResponse::from(unit)))
}
