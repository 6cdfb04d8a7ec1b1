use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use anfang_domain::ids::UploadId;
use anfang_usecases::uploads::{Checksum, Patch};

use super::progress_headers;
use crate::auth::{CurrentUser, Origin};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::state::AppState;
use crate::tus;
use anfang_usecases as usecases;

/// Sends the next bytes of one's upload, from `Upload-Offset` (which must be where the upload
/// stands). The body streams to storage; whole parts are kept as they arrive, so a request cut
/// at any byte loses nothing it delivered: ask with `HEAD` and go on from there. With
/// `Upload-Checksum: sha256 …` the request's bytes are kept only if their digest holds (460
/// otherwise). When the last byte arrives the file becomes the report's photo or recording,
/// checked as any is (a file refused then is dropped with its upload). A retry of a complete
/// upload answers 204 at once.
#[utoipa::path(patch, operation_id = "uploads_append", path = "/api/v1/uploads/{id}", tag = "uploads", security(("bearer" = [])),
    params(("id" = Uuid, Path),
        ("Tus-Resumable" = String, Header, description = "1.0.0"),
        ("Upload-Offset" = u64, Header, description = "where these bytes start"),
        ("Upload-Checksum" = Option<String>, Header, description = "`sha256` and the base64 of this body's SHA-256")),
    request_body(content = Vec<u8>, content_type = "application/offset+octet-stream"),
    responses(
        (status = 204, description = "kept; `Upload-Offset` is the new offset"),
        (status = 400), (status = 404),
        (status = 409, description = "`Upload-Offset` is not where the upload stands, or its report can no longer change"),
        (status = 410, description = "the upload expired"), (status = 412), (status = 413, description = "more bytes than `Upload-Length`"),
        (status = 415, description = "not `application/offset+octet-stream`, or a file that is no recording"),
        (status = 422, description = "the complete file is refused as evidence"),
        (status = 460, description = "the checksum does not hold; nothing of this request was kept")))]
pub async fn append(
    req: HttpRequest,
    state: web::Data<AppState>,
    current: CurrentUser,
    origin: Origin,
    id: web::Path<UploadId>,
    body: web::Payload,
) -> ApiResult<HttpResponse> {
    tus::require_version(&req)?;
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| v.as_bytes());
    if content_type != Some(tus::OFFSET_OCTET_STREAM.as_bytes()) {
        return Err(ApiError::new(ErrorCode::UnsupportedMediaType));
    }
    let patch = Patch {
        id: id.into_inner(),
        offset: tus::size(&req, &tus::UPLOAD_OFFSET)?,
        checksum: tus::checksum(&req)?.map(Checksum),
    };
    let upload =
        usecases::uploads::append(&state.usecases, current.user, patch, body, origin.0).await?;
    let mut response = HttpResponse::NoContent();
    progress_headers(&mut response, &upload);
    Ok(response.finish())
}
