//! `/settings/letterhead`: who issues the notices and to whom.

use actix_web::{HttpResponse, web};

use crate::auth::{CurrentUser, Origin};
use crate::dto::letterhead::LetterheadDto;
use crate::error::{ApiResult, Body};
use crate::state::AppState;
use anfang_usecases as usecases;

/// The letterhead notices are issued under (admins, supervisors, leaders).
#[utoipa::path(get, operation_id = "letterhead_show", path = "/api/v1/settings/letterhead", tag = "settings", security(("bearer" = [])),
    responses((status = 200, body = LetterheadDto), (status = 403)))]
pub async fn show(state: web::Data<AppState>, current: CurrentUser) -> ApiResult<HttpResponse> {
    let letterhead = usecases::letterhead::get(&state.usecases, &current.user).await?;
    Ok(HttpResponse::Ok().json(LetterheadDto::from(letterhead)))
}

/// Set the letterhead (admins); notices published before keep theirs.
#[utoipa::path(put, operation_id = "letterhead_replace", path = "/api/v1/settings/letterhead", tag = "settings", security(("bearer" = [])),
    request_body = LetterheadDto, responses((status = 200, body = LetterheadDto), (status = 403), (status = 422)))]
pub async fn replace(
    state: web::Data<AppState>,
    current: CurrentUser,
    origin: Origin,
    body: Body<LetterheadDto>,
) -> ApiResult<HttpResponse> {
    let body = body.parse()?;
    let letterhead =
        usecases::letterhead::replace(&state.usecases, &current.user, body.into_raw(), origin.0)
            .await?;
    Ok(HttpResponse::Ok().json(LetterheadDto::from(letterhead)))
}
