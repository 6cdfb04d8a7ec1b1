//! Request bodies are read as sent. A compressed body would be inflated before any size limit
//! could see it (a few kilobytes of gzip become a gigabyte), and phones do not compress what
//! they send, so any `Content-Encoding` other than `identity` is refused with 415 before a byte
//! of the body is read.

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::CONTENT_ENCODING;
use actix_web::middleware::Next;

use crate::error::{ApiError, ErrorCode, FieldIssue, Language};

pub async fn refuse_encoded_bodies(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let encoded = req.headers().get_all(CONTENT_ENCODING).any(|v| {
        !v.to_str()
            .is_ok_and(|s| s.trim().eq_ignore_ascii_case("identity"))
    });
    if encoded {
        let mut error = ApiError::field("Content-Encoding", FieldIssue::Compressed);
        error.code = ErrorCode::UnsupportedMediaType;
        // Rendered in Chinese; `localize_errors`, further out, renders it again if asked.
        let response = error.render(Language::default());
        return Ok(req.into_response(response).map_into_right_body());
    }
    next.call(req)
        .await
        .map(ServiceResponse::map_into_left_body)
}
