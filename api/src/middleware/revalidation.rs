//! Conditional GETs for phones that poll (catalog, checklists, units, assignments, reports,
//! findings, notices, every list): each JSON answer carries a strong `ETag` made from its
//! bytes, and a request whose `If-None-Match` names it gets 304 with no body. An answer whose
//! handler gave a version tag (a report's `"7"`, used for `If-Match`) keeps the version in
//! front: `"7-…"`. Answers are `private, no-cache` (revalidated each time, kept by no shared
//! cache) unless the handler chose otherwise (a published checklist version is immutable).
//! One tag serves every content coding: `Compress` works further out, on the same bytes.

use actix_web::HttpResponseBuilder;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{
    CACHE_CONTROL, CONTENT_TYPE, ETAG, HeaderMap, HeaderValue, IF_NONE_MATCH,
};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use sha2::{Digest, Sha256};

/// How polled answers may be kept: by the client only, and checked with the server each time.
const REVALIDATE: &str = "private, no-cache";

pub async fn revalidate(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let conditional = req.method() == Method::GET && req.path().starts_with("/api/");
    let asked = req.headers().get(IF_NONE_MATCH).cloned();
    let response = next.call(req).await?.map_into_boxed_body();
    if !conditional || response.status() != StatusCode::OK || !is_json(response.headers()) {
        return Ok(response);
    }
    let (request, response) = response.into_parts();
    let (mut response, body) = response.into_parts();
    let bytes = match body.try_into_bytes() {
        Ok(bytes) => bytes,
        // A streamed answer (an export) is not held to be hashed.
        Err(body) => return Ok(ServiceResponse::new(request, response.set_body(body))),
    };
    let tag = tag_for(response.headers().get(ETAG), &bytes);
    let headers = response.headers_mut();
    headers.insert(ETAG, tag.clone());
    if !headers.contains_key(CACHE_CONTROL) {
        headers.insert(CACHE_CONTROL, HeaderValue::from_static(REVALIDATE));
    }
    if asked.is_some_and(|a| names(&a, &tag)) {
        let mut unchanged = HttpResponseBuilder::new(StatusCode::NOT_MODIFIED);
        for name in [ETAG, CACHE_CONTROL] {
            if let Some(value) = response.headers().get(&name) {
                unchanged.insert_header((name, value.clone()));
            }
        }
        return Ok(ServiceResponse::new(request, unchanged.finish()));
    }
    Ok(ServiceResponse::new(
        request,
        response.set_body(BoxBody::new(bytes)),
    ))
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"))
}

/// The answer's tag: 64 bits of its bytes' SHA-256, after the handler's version if it gave one.
fn tag_for(version: Option<&HeaderValue>, body: &[u8]) -> HeaderValue {
    let digest = Sha256::digest(body);
    let hash = anfang_infra::secrets::hex(&digest[..8]);
    let version = version
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix('"'))
        .and_then(|v| v.strip_suffix('"'));
    let tag = match version {
        Some(version) => format!("\"{version}-{hash}\""),
        None => format!("\"{hash}\""),
    };
    HeaderValue::from_str(&tag).unwrap_or_else(|_| HeaderValue::from_static("\"\""))
}

/// Does `If-None-Match` name `tag`? (`*`, or one of its tags, weakly compared as RFC 9110
/// asks for this header.)
fn names(asked: &HeaderValue, tag: &HeaderValue) -> bool {
    let Ok(asked) = asked.to_str() else {
        return false;
    };
    let ours = tag.to_str().unwrap_or_default();
    asked
        .split(',')
        .map(|t| t.trim())
        .any(|t| t == "*" || t.strip_prefix("W/").unwrap_or(t) == ours)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tag_keeps_the_version_in_front_and_changes_with_the_bytes() {
        let plain = tag_for(None, b"{\"items\":[]}");
        assert_eq!(plain.len(), 18);
        let versioned = tag_for(Some(&HeaderValue::from_static("\"7\"")), b"{}");
        assert!(versioned.to_str().unwrap().starts_with("\"7-"));
        assert_ne!(tag_for(None, b"{}"), tag_for(None, b"{ }"));
    }

    #[test]
    fn if_none_match_names_a_tag_among_several_or_any() {
        let tag = HeaderValue::from_static("\"abc\"");
        let asked = |v: &'static str| names(&HeaderValue::from_static(v), &tag);
        assert!(asked("\"abc\""));
        assert!(asked("\"x\", W/\"abc\""));
        assert!(asked("*"));
        assert!(!asked("\"abd\""));
        assert!(!asked("abc"));
    }
}
