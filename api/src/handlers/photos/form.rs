//! Reading a photo upload's multipart form: the file (at most the image limit) and short text
//! fields, each at most once; anything else is refused. The whole body is capped too (a
//! declared length over the cap is refused before reading), and so is the number of parts.

use actix_multipart::Multipart;
use anfang_domain::catalog::ItemCode;
use anfang_domain::ids::PhotoId;
use anfang_domain::report::Caption;
use bytes::{Bytes, BytesMut};
use futures::TryStreamExt;

use crate::error::{ApiError, ApiResult, ErrorCode, FieldIssue, FieldProblem};

/// Text fields are short; anything longer is refused while reading.
const TEXT_LIMIT: usize = 2048;
/// The form's fields: `file`, `photo_id`, `caption`, and `item_code` or `form_token`.
const MAX_PARTS: usize = 4;
/// Room for the text fields and the parts' own headers beside the file.
const FORM_OVERHEAD: usize = MAX_PARTS * (TEXT_LIMIT + 1024);

/// The most a photo form may weigh in all, for a file of at most `max_file` bytes.
pub fn body_limit(max_file: usize) -> usize {
    max_file + FORM_OVERHEAD
}

fn too_large(max: usize) -> ApiError {
    anfang_usecases::Error::ImageRefused(anfang_infra::images::ImageError::TooLarge { max }).into()
}

pub struct PhotoForm {
    pub file: Bytes,
    /// The part's declared content type (only compared with what the bytes are).
    pub declared: Option<String>,
    pub photo_id: Option<PhotoId>,
    pub item_code: Option<ItemCode>,
    pub caption: Option<Caption>,
    /// The console's form token, where the form comes from the console.
    pub form_token: Option<String>,
}

fn malformed() -> ApiError {
    ApiError::new(ErrorCode::MalformedBody)
}

fn unknown_field(name: String) -> ApiError {
    let mut error = ApiError::new(ErrorCode::UnknownField);
    error.fields = vec![FieldProblem::new(name, FieldIssue::NotAllowed)];
    error
}

/// Which fields a form may have beside `file`, `photo_id` and `caption`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Extra {
    /// Where a photo can be evidence for an item.
    pub item_code: bool,
    /// Where the form comes from the console.
    pub form_token: bool,
}

/// Reads the form. `declared_length` is the request's `Content-Length`, if it sent one.
pub async fn read(
    mut form: Multipart,
    declared_length: Option<u64>,
    max: usize,
    extra: Extra,
) -> ApiResult<PhotoForm> {
    let total_limit = body_limit(max);
    if declared_length.is_some_and(|n| n > total_limit as u64) {
        return Err(too_large(max));
    }
    let (mut file, mut declared, mut photo_id, mut item_code, mut caption, mut form_token) =
        (None, None, None, None, None, None);
    let mut seen: Vec<String> = Vec::with_capacity(MAX_PARTS);
    let mut total = 0usize;
    while let Some(mut field) = form.try_next().await.map_err(|_| malformed())? {
        let name = field.name().unwrap_or_default().to_owned();
        if seen.contains(&name) {
            return Err(ApiError::field(name, FieldIssue::Repeated));
        }
        if seen.len() == MAX_PARTS {
            return Err(unknown_field(name));
        }
        seen.push(name.clone());
        let limit = if name == "file" { max } else { TEXT_LIMIT };
        let mut buffer = BytesMut::new();
        while let Some(chunk) = field.try_next().await.map_err(|_| malformed())? {
            total += chunk.len();
            if total > total_limit {
                return Err(too_large(max));
            }
            if buffer.len() + chunk.len() > limit {
                return Err(if name == "file" {
                    too_large(max)
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
            "form_token" if extra.form_token => form_token = Some(text()?),
            "item_code" if extra.item_code => {
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
            _ => return Err(unknown_field(name)),
        }
    }
    Ok(PhotoForm {
        file: file.ok_or_else(|| ApiError::field("file", FieldIssue::Required))?,
        declared,
        photo_id,
        item_code,
        caption,
        form_token,
    })
}
