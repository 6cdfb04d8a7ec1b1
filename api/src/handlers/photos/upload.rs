use actix_multipart::Multipart;
use actix_web::{HttpRequest, HttpResponse, web};
use anfang_domain::ids::ReportId;

use crate::auth::{CurrentUser, Origin};
use crate::dto::photos::{PhotoResponse, PhotoUploadForm};
use crate::error::ApiResult;
use crate::state::AppState;
use anfang_usecases as usecases;
use anfang_usecases::photos::Upload;

/// Attach a photo to one's draft (or returned) report. The type is decided from the bytes;
/// HEIC and anything but JPEG, PNG, WebP and GIF are refused with 415. Retrying with the same
/// `photo_id` and bytes returns the same photo (200); other bytes under that id are a 409.
#[utoipa::path(post, operation_id = "photos_upload", path = "/api/v1/reports/{id}/photos", tag = "photos", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body(content = PhotoUploadForm, content_type = "multipart/form-data"),
    responses((status = 201, body = PhotoResponse), (status = 200, body = PhotoResponse, description = "the same photo again"),
        (status = 403), (status = 404), (status = 409), (status = 413), (status = 415), (status = 422),
        (status = 503, description = "all decoders busy; see Retry-After")))]
pub async fn upload(
    state: web::Data<AppState>,
    current: CurrentUser,
    origin: Origin,
    id: web::Path<ReportId>,
    request: HttpRequest,
    form: Multipart,
) -> ApiResult<HttpResponse> {
    let report_id = id.into_inner();
    // Who may upload, and to what, is settled before a byte of the body is read.
    usecases::photos::check_upload(&state.usecases, &current.user, report_id).await?;
    let length = crate::handlers::declared_length(&request);
    let form = super::form::read(
        form,
        length,
        state.usecases.images.limits.max_bytes,
        super::form::Extra {
            item_code: true,
            form_token: false,
        },
    )
    .await?;
    let role = current.role();
    let upload = Upload {
        report_id,
        photo_id: form.photo_id,
        item_code: form.item_code,
        caption: form.caption,
        declared_type: form.declared,
        bytes: form.file,
    };
    let uploaded =
        usecases::photos::upload(&state.usecases, current.user, upload, origin.0).await?;
    let body = PhotoResponse::new(uploaded.photo, &uploaded.flags, role);
    Ok(if uploaded.created {
        HttpResponse::Created().json(body)
    } else {
        HttpResponse::Ok().json(body)
    })
}
