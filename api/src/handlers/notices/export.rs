use actix_web::http::header;
use actix_web::{HttpResponse, web};
use anfang_domain::ids::NoticeId;

use crate::auth::{CurrentUser, Origin};
use crate::dto::notices::ExportQuery;
use crate::dto::query::Params;
use crate::error::ApiResult;
use crate::state::AppState;
use anfang_usecases as usecases;

/// Download the notice as JSON, CSV, XLSX or printable HTML, or as the official document (PDF,
/// or DOCX to edit before signing), for those who may see it; every download is audited.
#[utoipa::path(get, operation_id = "notices_export", path = "/api/v1/notices/{id}/export", tag = "notices", security(("bearer" = [])),
    params(("id" = Uuid, Path), ExportQuery),
    responses((status = 200, description = "the notice in the asked format", content(
        ("application/json"), ("text/csv"),
        ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), ("text/html"),
        ("application/pdf"), ("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    )), (status = 404)))]
pub async fn export(
    state: web::Data<AppState>,
    current: CurrentUser,
    origin: Origin,
    id: web::Path<NoticeId>,
    Params(query): Params<ExportQuery>,
) -> ApiResult<HttpResponse> {
    let export = usecases::notices::export(
        &state.usecases,
        current.user,
        id.into_inner(),
        query.format(),
        origin.0,
    )
    .await?;
    // The file name is the server's own (period and extension): no client text in a header.
    Ok(HttpResponse::Ok()
        .content_type(export.format.content_type())
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{}\"", export.filename),
        ))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(export.bytes))
}
