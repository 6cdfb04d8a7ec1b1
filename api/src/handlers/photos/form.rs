//! Reading a photo upload's multipart form: the file (at most the image limit) and short text
//! fields; anything else is refused.

use actix_multipart::Multipart;
use anfang_domain::catalog::ItemCode;
use anfang_domain::ids::PhotoId;
use anfang_domain::report::Caption;
use bytes::{Bytes, BytesMut};
use futures::TryStreamExt;

use crate::error::{ApiError, ApiResult, ErrorCode, FieldError, FieldIssue};

/// Text fields are short; anything longer is refused while reading.
const TEXT_LIMIT: usize = 2048;

pub struct PhotoForm {
    pub file: Bytes,
    /// The part's declared content type (only compared with what the bytes are).
    pub declared: Option<String>,
    pub photo_id: Option<PhotoId>,
    pub item_code: Option<ItemCode>,
    pub caption: Option<Caption>,
}

fn malformed() -> ApiError {
    ApiError::new(ErrorCode::MalformedBody)
}

/// Reads the form; `item_code` is a field only where a photo can be evidence for an item.
pub async fn read(mut form: Multipart, max: usize, with_item_code: bool) -> ApiResult<PhotoForm> {
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
            "item_code" if with_item_code => {
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
    Ok(PhotoForm {
        file: file.ok_or_else(|| ApiError::field("file", FieldIssue::Required))?,
        declared,
        photo_id,
        item_code,
        caption,
    })
}
