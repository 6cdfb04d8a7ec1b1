use actix_web::{HttpResponse, web};

use crate::auth::CurrentUser;
use crate::dto::findings::FindingsFor;
use crate::dto::ledger::{LedgerQueryDto, LedgerResponse};
use crate::dto::page::{PageQuery, encode_cursor};
use crate::dto::query::Listing;
use crate::error::ApiResult;
use crate::state::AppState;
use anfang_usecases as usecases;

/// The rectification ledger (整改台账): findings by unit, type, district, campaign, report,
/// status, severity, appeal and whose move it is, within deadlines and visit days, with the
/// total that match. Supervisors, admins and leaders see all findings; a unit manager the
/// published findings of their own unit and nothing else.
#[utoipa::path(get, operation_id = "findings_list", path = "/api/v1/findings", tag = "findings", security(("bearer" = [])),
    params(LedgerQueryDto, PageQuery),
    responses((status = 200, body = LedgerResponse), (status = 400), (status = 404)))]
pub async fn list(
    state: web::Data<AppState>,
    current: CurrentUser,
    query: Listing<LedgerQueryDto>,
) -> ApiResult<HttpResponse> {
    let (filter, sort) = query.filter.parse()?;
    let render = FindingsFor::viewer(current.role(), state.usecases.timezone);
    let ledger = usecases::findings::list(
        &state.usecases,
        &current.user,
        filter,
        sort,
        query.page.parse()?,
    )
    .await?;
    Ok(HttpResponse::Ok().json(LedgerResponse {
        next_cursor: ledger.next.as_ref().map(encode_cursor),
        items: ledger.items.into_iter().map(|v| render.render(v)).collect(),
        total: ledger.total,
    }))
}
