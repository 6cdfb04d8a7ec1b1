//! The tus 1.0 resumable upload protocol's headers (https://tus.io/protocols/resumable-upload),
//! read and written in one place: the version, `Upload-Length`, `Upload-Offset`,
//! `Upload-Metadata`, `Upload-Checksum` and `Upload-Expires`. The handlers under
//! `handlers/uploads/` speak the protocol; the rules are the use cases'.

use actix_web::HttpRequest;
use actix_web::http::header::{HeaderName, HeaderValue};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, Utc};

use crate::error::{ApiError, ApiResult, ErrorCode, FieldIssue, FieldProblem};

pub const VERSION: &str = "1.0.0";
pub const EXTENSIONS: &str = "creation,checksum,termination,expiration";
pub const CHECKSUM_ALGORITHMS: &str = "sha256";
/// The media type of a `PATCH` body.
pub const OFFSET_OCTET_STREAM: &str = "application/offset+octet-stream";

pub const TUS_RESUMABLE: HeaderName = HeaderName::from_static("tus-resumable");
pub const TUS_VERSION: HeaderName = HeaderName::from_static("tus-version");
pub const TUS_EXTENSION: HeaderName = HeaderName::from_static("tus-extension");
pub const TUS_MAX_SIZE: HeaderName = HeaderName::from_static("tus-max-size");
pub const TUS_CHECKSUM_ALGORITHM: HeaderName = HeaderName::from_static("tus-checksum-algorithm");
pub const UPLOAD_LENGTH: HeaderName = HeaderName::from_static("upload-length");
pub const UPLOAD_OFFSET: HeaderName = HeaderName::from_static("upload-offset");
pub const UPLOAD_METADATA: HeaderName = HeaderName::from_static("upload-metadata");
pub const UPLOAD_CHECKSUM: HeaderName = HeaderName::from_static("upload-checksum");
pub const UPLOAD_EXPIRES: HeaderName = HeaderName::from_static("upload-expires");
pub const UPLOAD_DEFER_LENGTH: HeaderName = HeaderName::from_static("upload-defer-length");

fn bad_header(name: &HeaderName, issue: FieldIssue) -> ApiError {
    let mut error = ApiError::new(ErrorCode::InvalidHeader);
    error.fields = vec![FieldProblem::new(header_title(name), issue)];
    error
}

/// A header's name as the protocol writes it, for field problems.
fn header_title(name: &HeaderName) -> String {
    name.as_str()
        .split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join("-")
}

/// Every request but `OPTIONS` names the protocol's version; this server speaks 1.0.0.
pub fn require_version(req: &HttpRequest) -> ApiResult<()> {
    match req.headers().get(TUS_RESUMABLE).map(HeaderValue::as_bytes) {
        Some(b"1.0.0") => Ok(()),
        _ => Err(ApiError::new(ErrorCode::TusVersionUnsupported)),
    }
}

/// A header holding a non-negative whole number of bytes (`Upload-Length`, `Upload-Offset`).
pub fn size(req: &HttpRequest, name: &HeaderName) -> ApiResult<u64> {
    let value = req
        .headers()
        .get(name)
        .ok_or_else(|| bad_header(name, FieldIssue::Required))?;
    let text = value.to_str().unwrap_or_default();
    // Digits only: no sign, no spaces, nothing `u64::from_str` would forgive.
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad_header(
            name,
            FieldIssue::Format {
                expected: "a whole number of bytes",
            },
        ));
    }
    text.parse()
        .map_err(|_| bad_header(name, FieldIssue::OutOfRange))
}

/// `Upload-Metadata`: comma-separated pairs of a key and its value in base64 (a key may stand
/// alone). Keys must be distinct; values must be UTF-8.
pub fn metadata(req: &HttpRequest) -> ApiResult<Vec<(String, String)>> {
    let Some(value) = req.headers().get(UPLOAD_METADATA) else {
        return Ok(Vec::new());
    };
    let malformed = || {
        bad_header(
            &UPLOAD_METADATA,
            FieldIssue::Format {
                expected: "comma-separated keys, each with its value in base64",
            },
        )
    };
    let text = value.to_str().map_err(|_| malformed())?;
    let mut pairs: Vec<(String, String)> = Vec::new();
    for pair in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let mut words = pair.split(' ');
        let key = words.next().unwrap_or_default();
        let encoded = words.next().unwrap_or_default();
        let key_ok = !key.is_empty() && key.bytes().all(|b| b.is_ascii_graphic());
        if !key_ok || words.next().is_some() {
            return Err(malformed());
        }
        let decoded = STANDARD.decode(encoded).map_err(|_| malformed())?;
        let decoded = String::from_utf8(decoded).map_err(|_| malformed())?;
        if pairs.iter().any(|(k, _)| k == key) {
            return Err(ApiError::field(
                format!("Upload-Metadata.{key}"),
                FieldIssue::Repeated,
            ));
        }
        pairs.push((key.to_owned(), decoded));
    }
    Ok(pairs)
}

/// `Upload-Checksum: sha256 <base64 digest>`, if given; other algorithms are refused (400),
/// as the protocol asks.
pub fn checksum(req: &HttpRequest) -> ApiResult<Option<[u8; 32]>> {
    let Some(value) = req.headers().get(UPLOAD_CHECKSUM) else {
        return Ok(None);
    };
    let unreadable = || {
        bad_header(
            &UPLOAD_CHECKSUM,
            FieldIssue::Format {
                expected: "sha256 and the base64 of the request body's SHA-256",
            },
        )
    };
    let text = value.to_str().map_err(|_| unreadable())?;
    let (algorithm, digest) = text.split_once(' ').ok_or_else(unreadable)?;
    if algorithm != "sha256" {
        return Err(unreadable());
    }
    let digest = STANDARD.decode(digest.trim()).map_err(|_| unreadable())?;
    digest.try_into().map(Some).map_err(|_| unreadable())
}

/// An HTTP date (RFC 9110 §5.6.7), as `Upload-Expires` is written.
pub fn http_date(at: DateTime<Utc>) -> String {
    at.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    fn with(name: &str, value: &str) -> HttpRequest {
        TestRequest::default()
            .insert_header((name, value))
            .to_http_request()
    }

    #[test]
    fn metadata_pairs_are_read_from_base64() {
        let req = with(
            "Upload-Metadata",
            "kind cmVjb3JkaW5n, caption 5aSn5Y6F,flag",
        );
        assert_eq!(
            metadata(&req).unwrap(),
            vec![
                ("kind".to_owned(), "recording".to_owned()),
                ("caption".to_owned(), "大厅".to_owned()),
                ("flag".to_owned(), String::new()),
            ]
        );
    }

    #[test]
    fn malformed_or_repeated_metadata_is_refused() {
        for bad in ["kind !!!", "kind a b", "kïnd cGhvdG8=", "kind /w=="] {
            assert!(metadata(&with("Upload-Metadata", bad)).is_err(), "{bad}");
        }
        let repeated = with("Upload-Metadata", "kind cGhvdG8=,kind cGhvdG8=");
        assert_eq!(
            metadata(&repeated).unwrap_err().fields[0].field,
            "Upload-Metadata.kind"
        );
    }

    #[test]
    fn sizes_are_plain_digits() {
        assert_eq!(
            size(&with("Upload-Offset", "1024"), &UPLOAD_OFFSET).unwrap(),
            1024
        );
        for bad in ["-1", "+1", " 1", "1e3", ""] {
            assert!(
                size(&with("Upload-Offset", bad), &UPLOAD_OFFSET).is_err(),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn only_a_sha256_checksum_of_the_right_length_is_read() {
        let digest = STANDARD.encode([7u8; 32]);
        assert_eq!(
            checksum(&with("Upload-Checksum", &format!("sha256 {digest}"))).unwrap(),
            Some([7u8; 32])
        );
        let sha1 = STANDARD.encode([7u8; 20]);
        assert!(checksum(&with("Upload-Checksum", &format!("sha1 {sha1}"))).is_err());
        assert!(checksum(&with("Upload-Checksum", &format!("sha256 {sha1}"))).is_err());
    }

    #[test]
    fn expiry_is_an_http_date() {
        let at = DateTime::parse_from_rfc3339("2026-12-03T08:05:09Z").unwrap();
        assert_eq!(http_date(at.to_utc()), "Thu, 03 Dec 2026 08:05:09 GMT");
    }
}
