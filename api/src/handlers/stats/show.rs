use actix_web::{HttpResponse, web};

use crate::auth::CurrentUser;
use crate::dto::query::Params;
use crate::dto::stats::{StatsQuery, StatsResponse};
use crate::error::ApiResult;
use crate::state::AppState;
use anfang_usecases as usecases;

/// The notice's figures for any range of days, grouped by unit, type, district, item or
/// dimension (leaders, supervisors, admins).
#[utoipa::path(get, operation_id = "stats_show", path = "/api/v1/stats", tag = "notices", security(("bearer" = [])), params(StatsQuery),
    responses((status = 200, body = StatsResponse), (status = 403)))]
pub async fn show(
    state: web::Data<AppState>,
    current: CurrentUser,
    Params(query): Params<StatsQuery>,
) -> ApiResult<HttpResponse> {
    let (from, to) = query.range()?;
    let stats =
        usecases::stats::stats(&state.usecases, &current.user, from, to, query.group_by()).await?;
    Ok(HttpResponse::Ok().json(StatsResponse::new(&query, stats)))
}
