//! How malformed requests are refused: bodies and paths (query strings: `dto::query`).

use actix_web::error::{JsonPayloadError, PathError};
use actix_web::web;

use super::{ApiError, ErrorCode, FieldIssue, FieldProblem};

/// JSON bodies: at most `limit` bytes, `application/json` only, no unknown fields.
pub fn json_config(limit: usize) -> web::JsonConfig {
    web::JsonConfig::default()
        .limit(limit)
        .content_type_required(true)
        .content_type(|mime| mime.subtype() == "json" || mime.suffix().is_some_and(|s| s == "json"))
        .error_handler(|err, _req| json_error(err).into())
}

pub fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|err: PathError, _req| {
        ApiError::new(ErrorCode::NotFound).with_cause(err).into()
    })
}

fn json_error(err: JsonPayloadError) -> ApiError {
    match err {
        JsonPayloadError::Overflow { .. } | JsonPayloadError::OverflowKnownLength { .. } => {
            ApiError::new(ErrorCode::PayloadTooLarge)
        }
        JsonPayloadError::ContentType => ApiError::new(ErrorCode::UnsupportedMediaType),
        JsonPayloadError::Deserialize(e) => serde_error(&e),
        other => ApiError::new(ErrorCode::MalformedBody).with_cause(other),
    }
}

/// Syntax errors are 400; a well-formed body with an unknown field is 400 `unknown_field`
/// (mass assignment is refused, not ignored); wrong types and missing fields are 422.
fn serde_error(e: &serde_json::Error) -> ApiError {
    use serde_json::error::Category;
    let message = e.to_string();
    match e.classify() {
        Category::Syntax | Category::Eof | Category::Io => ApiError::new(ErrorCode::MalformedBody),
        Category::Data => {
            if let Some(field) = quoted_after(&message, "unknown field `") {
                unknown_fields([field])
            } else if let Some(field) = quoted_after(&message, "missing field `") {
                ApiError::field(field, FieldIssue::Required)
            } else {
                // serde's message says which type was expected, and where.
                let detail = message
                    .split(" at line ")
                    .next()
                    .unwrap_or(&message)
                    .to_owned();
                ApiError::field("body", FieldIssue::WrongType { detail })
            }
        }
    }
}

/// 400 `unknown_field`, naming each field the request does not take.
pub(super) fn unknown_fields<S: ToString>(names: impl IntoIterator<Item = S>) -> ApiError {
    let issue = || FieldIssue::NotAllowed;
    ApiError::new(ErrorCode::UnknownField).with_fields(
        names
            .into_iter()
            .map(|name| FieldProblem::new(name.to_string(), issue()))
            .collect(),
    )
}

fn quoted_after(message: &str, prefix: &str) -> Option<String> {
    let rest = message.split(prefix).nth(1)?;
    Some(rest.split('`').next()?.to_owned())
}

impl ApiError {
    fn with_cause(self, cause: impl std::fmt::Display) -> Self {
        tracing::debug!(code = self.code.as_str(), %cause, "request refused");
        self
    }

    fn with_fields(mut self, fields: Vec<FieldProblem>) -> Self {
        self.fields = fields;
        self
    }
}
