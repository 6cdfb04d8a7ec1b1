use actix_web::{HttpResponse, web};
use anfang_domain::auth::Permission;

use crate::auth::CurrentUser;
use crate::dto::settings::SettingsDto;
use crate::error::ApiResult;
use crate::state::AppState;
use anfang_usecases as usecases;

/// The tunable rules (admins and supervisors).
#[utoipa::path(get, operation_id = "settings_show", path = "/api/v1/settings", tag = "settings", security(("bearer" = [])),
    responses((status = 200, body = SettingsDto), (status = 403)))]
pub async fn show(state: web::Data<AppState>, current: CurrentUser) -> ApiResult<HttpResponse> {
    current.require(Permission::ReadSettings)?;
    Ok(HttpResponse::Ok().json(SettingsDto::from(
        usecases::settings::get(&state.usecases).await?,
    )))
}
