//! Photos sent with a rectification: upload (the unit's manager), list and download (whoever
//! may see the finding).

use actix_multipart::Multipart;
use actix_web::{HttpRequest, HttpResponse, web};
use anfang_domain::ids::{FindingId, PhotoId};

use crate::auth::{CurrentUser, Origin};
use crate::dto::findings::{RectificationPhotoForm, RectificationPhotoResponse};
use crate::dto::page::ListResponse;
use crate::dto::photos::PhotoQuery;
use crate::dto::query::Params;
use crate::error::ApiResult;
use crate::handlers::photos::download::image_response;
use crate::state::AppState;
use anfang_usecases as usecases;
use anfang_usecases::rectification_photos::RectificationUpload;

/// Add a photo to the rectification (the unit's manager, while the finding waits for the
/// unit). Retrying with the same `photo_id` and bytes returns the same photo (200).
#[utoipa::path(post, operation_id = "findings_photos_upload", path = "/api/v1/findings/{id}/photos", tag = "findings", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body(content = RectificationPhotoForm, content_type = "multipart/form-data"),
    responses((status = 201, body = RectificationPhotoResponse), (status = 200, body = RectificationPhotoResponse, description = "the same photo again"),
        (status = 403), (status = 404), (status = 409), (status = 413), (status = 415), (status = 422),
        (status = 503, description = "all decoders busy; see Retry-After")))]
pub async fn upload(
    state: web::Data<AppState>,
    current: CurrentUser,
    origin: Origin,
    id: web::Path<FindingId>,
    request: HttpRequest,
    form: Multipart,
) -> ApiResult<HttpResponse> {
    let finding_id = id.into_inner();
    // Who may upload, and to what, is settled before a byte of the body is read.
    usecases::rectification_photos::check_upload(&state.usecases, &current.user, finding_id)
        .await?;
    let length = crate::handlers::declared_length(&request);
    let form = crate::handlers::photos::form::read(
        form,
        length,
        state.usecases.images.limits.max_bytes,
        crate::handlers::photos::form::Extra::default(),
    )
    .await?;
    let upload = RectificationUpload {
        finding_id,
        photo_id: form.photo_id,
        caption: form.caption,
        declared_type: form.declared,
        bytes: form.file,
    };
    let (photo, created) =
        usecases::rectification_photos::upload(&state.usecases, current.user, upload, origin.0)
            .await?;
    let body = RectificationPhotoResponse::from(photo);
    Ok(if created {
        HttpResponse::Created().json(body)
    } else {
        HttpResponse::Ok().json(body)
    })
}

/// The rectification's photos, in upload order.
#[utoipa::path(get, operation_id = "findings_photos_list", path = "/api/v1/findings/{id}/photos", tag = "findings", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = ListResponse<RectificationPhotoResponse>), (status = 404)))]
pub async fn list(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<FindingId>,
) -> ApiResult<HttpResponse> {
    let photos =
        usecases::rectification_photos::list(&state.usecases, current.user, id.into_inner())
            .await?;
    Ok(HttpResponse::Ok().json(ListResponse::complete(
        photos
            .into_iter()
            .map(RectificationPhotoResponse::from)
            .collect(),
    )))
}

/// One rectification photo: `thumb` and `display` (re-encoded JPEG, no metadata) for whoever
/// may see the finding; `original` for supervisors and admins, audited.
#[utoipa::path(get, operation_id = "findings_photos_download", path = "/api/v1/findings/{id}/photos/{photo_id}", tag = "findings", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("photo_id" = Uuid, Path), PhotoQuery),
    responses((status = 200, description = "the image (HEAD answers the same headers)", content_type = "image/jpeg"),
        (status = 206, description = "the part a `Range: bytes=a-b` asked for"), (status = 403), (status = 404),
        (status = 416, description = "the range starts past the end")))]
pub async fn download(
    req: HttpRequest,
    state: web::Data<AppState>,
    current: CurrentUser,
    origin: Origin,
    path: web::Path<(FindingId, PhotoId)>,
    Params(query): Params<PhotoQuery>,
) -> ApiResult<HttpResponse> {
    let (finding, photo) = path.into_inner();
    let variant = query.variant.unwrap_or_default();
    let (photo, bytes) = usecases::rectification_photos::download(
        &state.usecases,
        current.user,
        finding,
        photo,
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
