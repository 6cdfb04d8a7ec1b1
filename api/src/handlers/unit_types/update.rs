use actix_web::{HttpResponse, web};
use anfang_domain::auth::Permission;
use anfang_domain::catalog::UnitTypeCode;

use crate::auth::{CurrentUser, Origin};
use crate::dto::unit_types::{UnitTypeResponse, UpdateUnitTypeRequest};
use crate::error::{ApiError, ApiResult, Body, ErrorCode};
use crate::state::AppState;
use anfang_usecases as usecases;

/// Rename a unit type (admins).
#[utoipa::path(patch, operation_id = "unit_types_update", path = "/api/v1/unit-types/{code}", tag = "catalog", security(("bearer" = [])),
    params(("code" = String, Path)), request_body = UpdateUnitTypeRequest,
    responses((status = 200, body = UnitTypeResponse), (status = 403), (status = 404), (status = 422)))]
pub async fn update(
    state: web::Data<AppState>,
    current: CurrentUser,
    origin: Origin,
    code: web::Path<String>,
    body: Body<UpdateUnitTypeRequest>,
) -> ApiResult<HttpResponse> {
    current.require(Permission::ManageUnits)?;
    let body = body.parse()?;
    let code = UnitTypeCode::parse(&code).map_err(|_| ApiError::new(ErrorCode::NotFound))?;
    let renamed = usecases::unit_types::rename(
        &state.usecases,
        current.user.id,
        code,
        body.parse()?,
        origin.0,
    )
    .await?;
    Ok(HttpResponse::Ok().json(UnitTypeResponse::from(renamed)))
}
