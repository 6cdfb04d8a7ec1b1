use actix_web::{HttpResponse, web};
use anfang_domain::auth::Permission;

use crate::auth::{CurrentUser, Origin};
use crate::dto::settings::SettingsDto;
use crate::error::{ApiResult, Body};
use crate::state::AppState;
use anfang_usecases as usecases;

/// Change tunable rules (admins); fields left out keep their values.
#[utoipa::path(patch, operation_id = "settings_update", path = "/api/v1/settings", tag = "settings", security(("bearer" = [])),
    request_body = SettingsDto, responses((status = 200, body = SettingsDto), (status = 403), (status = 422)))]
pub async fn update(
    state: web::Data<AppState>,
    current: CurrentUser,
    origin: Origin,
    body: Body<SettingsDto>,
) -> ApiResult<HttpResponse> {
    current.require(Permission::ManageSettings)?;
    let body = body.parse()?;
    let settings =
        usecases::settings::update(&state.usecases, current.user.id, body.changes(), origin.0)
            .await?;
    Ok(HttpResponse::Ok().json(SettingsDto::from(settings)))
}
