use actix_web::{HttpResponse, web};

use crate::auth::CurrentUser;
use crate::dto::ledger::{LedgerQueryDto, UnitTallyResponse};
use crate::dto::page::ListResponse;
use crate::dto::query::Params;
use crate::error::ApiResult;
use crate::state::AppState;
use anfang_usecases as usecases;

/// Per unit, the open, overdue and closed-out (销号) findings among those the ledger's filters
/// match, by unit code; a unit manager sees its own line only. (`sort` is ignored: one line per
/// unit.)
#[utoipa::path(get, operation_id = "findings_summary", path = "/api/v1/findings/summary", tag = "findings", security(("bearer" = [])),
    params(LedgerQueryDto),
    responses((status = 200, body = ListResponse<UnitTallyResponse>), (status = 400), (status = 404)))]
pub async fn summary(
    state: web::Data<AppState>,
    current: CurrentUser,
    Params(query): Params<LedgerQueryDto>,
) -> ApiResult<HttpResponse> {
    let (filter, _) = query.parse()?;
    let tallies = usecases::findings::summary(&state.usecases, &current.user, filter).await?;
    Ok(HttpResponse::Ok().json(ListResponse::complete(
        tallies.into_iter().map(UnitTallyResponse::from).collect(),
    )))
}
