use actix_web::{HttpResponse, web};
use anfang_domain::ids::ReportId;

use crate::auth::CurrentUser;
use crate::dto::page::ListResponse;
use crate::dto::reports::HistoryEntryResponse;
use crate::error::ApiResult;
use crate::state::AppState;
use anfang_usecases as usecases;

/// Every transition of a report: who, when, from which status to which, and why.
#[utoipa::path(get, operation_id = "reports_history", path = "/api/v1/reports/{id}/history", tag = "reports", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = ListResponse<HistoryEntryResponse>), (status = 404)))]
pub async fn history(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<ReportId>,
) -> ApiResult<HttpResponse> {
    let events = usecases::reports::history(&state.usecases, current.user, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(ListResponse::complete(
        events
            .into_iter()
            .map(|e| HistoryEntryResponse {
                at: e.at,
                actor_id: e.actor_id.as_uuid(),
                action: e.action,
                from_status: e.from.map(|s| s.as_str().to_owned()),
                to_status: e.to.as_str().to_owned(),
                comment: e.comment,
            })
            .collect(),
    )))
}
