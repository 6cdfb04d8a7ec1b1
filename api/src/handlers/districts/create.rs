use actix_web::{HttpResponse, web};
use anfang_domain::auth::Permission;

use crate::auth::{CurrentUser, Origin};
use crate::dto::districts::{CreateDistrictRequest, DistrictResponse};
use crate::error::{ApiResult, Body};
use crate::state::AppState;
use anfang_usecases as usecases;

/// List a district by its GB/T 2260 code and name (admins); units, accounts and campaigns
/// name only listed districts.
#[utoipa::path(post, operation_id = "districts_create", path = "/api/v1/districts", tag = "catalog", security(("bearer" = [])),
    request_body = CreateDistrictRequest,
    responses((status = 201, body = DistrictResponse), (status = 403), (status = 409, description = "listed already"), (status = 422)))]
pub async fn create(
    state: web::Data<AppState>,
    current: CurrentUser,
    origin: Origin,
    body: Body<CreateDistrictRequest>,
) -> ApiResult<HttpResponse> {
    current.require(Permission::ManageUnits)?;
    let body = body.parse()?;
    let district =
        usecases::districts::create(&state.usecases, current.user.id, body.parse()?, origin.0)
            .await?;
    Ok(HttpResponse::Created().json(DistrictResponse::from(district)))
}
