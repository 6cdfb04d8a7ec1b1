use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use anfang_domain::ids::PhotoId;

use crate::auth::{CurrentUser, Origin};
use crate::byte_ranges;
use crate::dto::photos::{PhotoQuery, PhotoVariant};
use crate::dto::query::Params;
use crate::error::ApiResult;
use crate::state::AppState;
use anfang_usecases as usecases;

/// A photo, for those who may see its report. `thumb` and `display` are re-encoded JPEGs with
/// no metadata; `original` (supervisors and admins only) is the evidence as uploaded, and
/// every download of it is audited.
#[utoipa::path(get, operation_id = "photos_download", path = "/api/v1/photos/{id}", tag = "photos", security(("bearer" = [])),
    params(("id" = Uuid, Path), PhotoQuery),
    responses((status = 200, description = "the image (HEAD answers the same headers)", content_type = "image/jpeg"),
        (status = 206, description = "the part of it a `Range: bytes=a-b` asked for, with `Content-Range`"),
        (status = 403), (status = 404),
        (status = 416, description = "the range starts past the end; `Content-Range: bytes */size`")))]
pub async fn download(
    req: HttpRequest,
    state: web::Data<AppState>,
    current: CurrentUser,
    origin: Origin,
    id: web::Path<PhotoId>,
    Params(query): Params<PhotoQuery>,
) -> ApiResult<HttpResponse> {
    let variant = query.variant.unwrap_or_default();
    let id = id.into_inner();
    let (photo, bytes) = usecases::photos::download(
        &state.usecases,
        current.user,
        id,
        variant.as_str(),
        origin.0,
    )
    .await?;
    Ok(image_response(
        &req,
        photo.id,
        &photo.format,
        variant,
        bytes,
    ))
}

/// A photo variant as a download: re-encoded sizes inline as JPEG, the original as an
/// attachment of its own type; the file name is made of the server's own id, so nothing a
/// client wrote reaches a header. The request's `Range` is answered (`crate::byte_ranges`).
pub fn image_response(
    req: &HttpRequest,
    id: PhotoId,
    format: &str,
    variant: PhotoVariant,
    bytes: bytes::Bytes,
) -> HttpResponse {
    let (content_type, extension, disposition) = match variant {
        PhotoVariant::Original => (
            anfang_infra::images::ImageFormat::parse(format)
                .map_or("application/octet-stream", |f| f.mime()),
            format,
            "attachment",
        ),
        PhotoVariant::Display | PhotoVariant::Thumb => ("image/jpeg", "jpeg", "inline"),
    };
    let filename = format!(
        "{id}-{}.{}",
        variant.as_str(),
        extension.replace("jpeg", "jpg")
    );
    let mut response = HttpResponse::Ok();
    response
        .content_type(content_type)
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("{disposition}; filename=\"{filename}\""),
        ))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::CACHE_CONTROL, "private, no-store"));
    byte_ranges::answer(response, bytes, req.headers().get(header::RANGE))
}
