use actix_multipart::Multipart;
use actix_web::{HttpResponse, web};
use anfang_domain::catalog::ItemCode;
use anfang_domain::ids::{PhotoId, ReportId};
use anfang_domain::report::Caption;
use bytes::BytesMut;
use futures::TryStreamExt;
use uuid::Uuid;

use crate::app::AppState;
use crate::auth::{CurrentUser, Origin};
use crate::dto::photos::{PhotoResponse, PhotoUploadForm};
use crate::error::{ApiError, ApiResult, ErrorCode, FieldError, FieldIssue};
use crate::usecases;
use crate::usecases::photos::Upload;

/// Text fields are short; anything longer is refused while reading.
const TEXT_LIMIT: usize = 2048;

fn malformed() -> ApiError {
    ApiError::new(ErrorCode::MalformedBody)
}

/// Attach a photo to one's draft (or returned) report. The type is decided from the bytes;
/// HEIC and anything but JPEG, PNG, WebP and GIF are refused with 415. Retrying with the same
/// `photo_id` and bytes returns the same photo (200); other bytes under that id are a 409.
#[utoipa::path(post, path = "/api/v1/reports/{id}/photos", tag = "photos", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body(content = PhotoUploadForm, content_type = "multipart/form-data"),
    responses((status = 201, body = PhotoResponse), (status = 200, body = PhotoResponse, description = "the same photo again"),
        (status = 403), (status = 404), (status = 409), (status = 413), (status = 415), (status = 422),
        (status = 503, description = "all decoders busy; see Retry-After")))]
pub async fn upload(
    state: web::Data<AppState>,
    current: CurrentUser,
    origin: Origin,
    id: web::Path<Uuid>,
    mut form: Multipart,
) -> ApiResult<HttpResponse> {
    let max = state.image_limits.max_bytes;
    let (mut file, mut declared, mut photo_id, mut item_code, mut caption) =
        (None, None, None, None, None);
    while let Some(mut field) = form.try_next().await.map_err(|_| malformed())? {
        let name = field.name().unwrap_or_default().to_owned();
        let limit = if name == "file" { max } else { TEXT_LIMIT };
        let mut buffer = BytesMut::new();
        while let Some(chunk) = field.try_next().await.map_err(|_| malformed())? {
            if buffer.len() + chunk.len() > limit {
                return Err(if name == "file" {
                    ApiError::from(anfang_infra::images::ImageError::TooLarge { max })
                } else {
                    ApiError::field(name, FieldIssue::TooLong { max: TEXT_LIMIT })
                });
            }
            buffer.extend_from_slice(&chunk);
        }
        let text = || {
            String::from_utf8(buffer.to_vec()).map_err(|_| {
                ApiError::field(
                    name.clone(),
                    FieldIssue::Format {
                        expected: "UTF-8 text",
                    },
                )
            })
        };
        match name.as_str() {
            "file" => {
                declared = field.content_type().map(|m| m.essence_str().to_owned());
                file = Some(buffer.freeze());
            }
            "photo_id" => {
                photo_id = Some(text()?.trim().parse::<PhotoId>().map_err(|_| {
                    ApiError::field("photo_id", FieldIssue::Format { expected: "a UUID" })
                })?);
            }
            "item_code" => {
                item_code = Some(
                    ItemCode::parse(text()?.trim())
                        .map_err(|e| ApiError::field("item_code", FieldIssue::from(e)))?,
                )
            }
            "caption" => {
                caption = Some(
                    Caption::parse(&text()?)
                        .map_err(|e| ApiError::field("caption", FieldIssue::from(e)))?,
                )
            }
            _ => {
                let mut error = ApiError::new(ErrorCode::UnknownField);
                error.fields = vec![FieldError::new(
                    name,
                    FieldIssue::Rule {
                        zh: "不允许的字段",
                        en: "is not a field of this request".into(),
                    },
                )];
                return Err(error);
            }
        }
    }
    let bytes = file.ok_or_else(|| ApiError::field("file", FieldIssue::Required))?;
    let role = current.role();
    let upload = Upload {
        report_id: ReportId::from_uuid(id.into_inner()),
        photo_id,
        item_code,
        caption,
        declared_type: declared,
        bytes,
    };
    let uploaded = usecases::photos::upload(&state, current.user, upload, origin.0).await?;
    let body = PhotoResponse::new(uploaded.photo, &uploaded.flags, role);
    Ok(if uploaded.created {
        HttpResponse::Created().json(body)
    } else {
        HttpResponse::Ok().json(body)
    })
}
