use actix_web::{HttpResponse, web};
use anfang_domain::auth::Permission;
use anfang_domain::catalog::DistrictCode;

use crate::auth::{CurrentUser, Origin};
use crate::dto::districts::{DistrictResponse, UpdateDistrictRequest};
use crate::error::{ApiError, ApiResult, Body, ErrorCode};
use crate::state::AppState;
use anfang_usecases as usecases;

/// Rename a district (admins); its code never changes, and every answer shows the new name.
#[utoipa::path(patch, operation_id = "districts_update", path = "/api/v1/districts/{code}", tag = "catalog", security(("bearer" = [])),
    params(("code" = String, Path)), request_body = UpdateDistrictRequest,
    responses((status = 200, body = DistrictResponse), (status = 403), (status = 404), (status = 422)))]
pub async fn update(
    state: web::Data<AppState>,
    current: CurrentUser,
    origin: Origin,
    code: web::Path<String>,
    body: Body<UpdateDistrictRequest>,
) -> ApiResult<HttpResponse> {
    current.require(Permission::ManageUnits)?;
    let body = body.parse()?;
    let code = DistrictCode::parse(&code).map_err(|_| ApiError::new(ErrorCode::NotFound))?;
    let renamed = usecases::districts::rename(
        &state.usecases,
        current.user.id,
        code,
        body.parse()?,
        origin.0,
    )
    .await?;
    Ok(HttpResponse::Ok().json(DistrictResponse::from(renamed)))
}
