use actix_web::http::header;
use actix_web::{HttpResponse, web};

use crate::auth::{CurrentUser, Origin};
use crate::dto::audit::{AuditExportFormat, AuditQueryDto};
use crate::dto::query::Both;
use crate::error::ApiResult;
use crate::state::AppState;
use anfang_usecases as usecases;

/// The audit trail as CSV (admins), newest first, written while it downloads; the export is
/// recorded in the trail before the first byte.
#[utoipa::path(get, operation_id = "audit_export", path = "/api/v1/audit/export", tag = "audit", security(("bearer" = [])),
    params(AuditQueryDto, AuditExportFormat),
    responses((status = 200, description = "CSV, UTF-8 with a byte-order mark", content_type = "text/csv"), (status = 400), (status = 403)))]
pub async fn export(
    state: web::Data<AppState>,
    current: CurrentUser,
    origin: Origin,
    Both(filter, format): Both<AuditQueryDto, AuditExportFormat>,
) -> ApiResult<HttpResponse> {
    format.check()?;
    let trail = filter.parse()?;
    let chunks =
        usecases::audit_trail::export_csv(&state.usecases, &current.user, trail, origin.0).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"audit.csv\"",
        ))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .streaming(crate::handlers::streamed(chunks)))
}
