use actix_web::http::header;
use actix_web::{HttpResponse, web};

use crate::auth::{CurrentUser, Origin};
use crate::dto::ledger::{LedgerExportFormatDto, LedgerQueryDto};
use crate::dto::query::Both;
use crate::error::ApiResult;
use crate::state::AppState;
use anfang_usecases as usecases;

/// The rectification ledger as CSV or XLSX: the same filters, order and visibility as
/// `GET /findings`, every finding that matches, written while it downloads. Every export is
/// recorded in the audit trail.
#[utoipa::path(get, operation_id = "findings_export", path = "/api/v1/findings/export", tag = "findings", security(("bearer" = [])),
    params(LedgerQueryDto, LedgerExportFormatDto),
    responses((status = 200, description = "the ledger, one row per finding", content((String = "text/csv"), (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))), (status = 400), (status = 404)))]
pub async fn export(
    state: web::Data<AppState>,
    current: CurrentUser,
    origin: Origin,
    Both(filter, format): Both<LedgerQueryDto, LedgerExportFormatDto>,
) -> ApiResult<HttpResponse> {
    let format = format.parse()?;
    let (filter, sort) = filter.parse()?;
    let chunks = usecases::ledger_export::export(
        &state.usecases,
        &current.user,
        filter,
        sort,
        format,
        origin.0,
    )
    .await?;
    Ok(HttpResponse::Ok()
        .content_type(format.content_type())
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"ledger.{}\"", format.extension()),
        ))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .streaming(crate::handlers::streamed(chunks)))
}
