//! Which answers actix-web's `Compress` may compress: text (JSON, problem+json, CSV, HTML, CSS,
//! SVG). Evidence and documents go as stored: photos, recordings and ZIPs are compressed
//! already, and compressing a recording would also break the byte ranges a player seeks by.
//! `Compress` leaves alone an answer that has a `Content-Encoding`, so everything else is
//! marked `identity` on its way out to it (`hold_binaries`), and the mark is taken off again
//! beyond it (`unmark_binaries`): `identity` is no content coding to send.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{CONTENT_ENCODING, CONTENT_TYPE, HeaderValue};
use actix_web::middleware::Next;

const IDENTITY: HeaderValue = HeaderValue::from_static("identity");

/// Whether an answer of this media type is worth compressing.
fn compressible(content_type: Option<&HeaderValue>) -> bool {
    let Some(essence) = content_type
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
    else {
        return false;
    };
    essence.starts_with("text/")
        || essence == "image/svg+xml"
        || essence == "application/json"
        || essence.ends_with("+json")
        || essence == "application/yaml"
}

/// Inside `Compress`: marks an answer that must not be compressed.
pub async fn hold_binaries(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let mut response = next.call(req).await?;
    let headers = response.headers_mut();
    if !headers.contains_key(CONTENT_ENCODING) && !compressible(headers.get(CONTENT_TYPE)) {
        headers.insert(CONTENT_ENCODING, IDENTITY);
    }
    Ok(response)
}

/// Outside `Compress`: takes the mark off again.
pub async fn unmark_binaries(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let mut response = next.call(req).await?;
    if response.headers().get(CONTENT_ENCODING) == Some(&IDENTITY) {
        response.headers_mut().remove(CONTENT_ENCODING);
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_compressed_and_evidence_never() {
        let of = |t: &'static str| compressible(Some(&HeaderValue::from_static(t)));
        for text in [
            "application/json",
            "application/problem+json",
            "text/csv; charset=utf-8",
            "text/html; charset=utf-8",
            "image/svg+xml",
        ] {
            assert!(of(text), "{text}");
        }
        for binary in [
            "image/jpeg",
            "image/webp",
            "audio/mp4",
            "audio/amr",
            "video/mp4",
            "application/zip",
            "application/pdf",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/offset+octet-stream",
        ] {
            assert!(!of(binary), "{binary}");
        }
        assert!(
            !compressible(None),
            "an answer of no stated type is left alone"
        );
    }
}
