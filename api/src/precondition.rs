//! `If-Match` on report updates: the version the client last saw.

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::http::header::IF_MATCH;
use actix_web::{FromRequest, HttpRequest};

use anfang_usecases::reports::ExpectedVersion;

use crate::error::ApiError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IfMatch {
    /// No `If-Match` header.
    Absent,
    /// `If-Match: *`: whatever the current version is.
    Any,
    /// `If-Match: "7"`, or the tag of a GET, `"7-…"`: the version before the dash.
    Version(u32),
    /// A tag this server never issued: it cannot match.
    Unknown,
}

impl IfMatch {
    pub fn parse(header: Option<&str>) -> Self {
        match header.map(str::trim) {
            None => IfMatch::Absent,
            Some("*") => IfMatch::Any,
            Some(tag) => tag
                .strip_prefix('"')
                .and_then(|t| t.strip_suffix('"'))
                .and_then(|t| {
                    t.split_once('-')
                        .map_or(t, |(version, _)| version)
                        .parse()
                        .ok()
                })
                .map_or(IfMatch::Unknown, IfMatch::Version),
        }
    }
}

impl From<IfMatch> for ExpectedVersion {
    fn from(header: IfMatch) -> Self {
        match header {
            IfMatch::Absent => ExpectedVersion::Absent,
            IfMatch::Any => ExpectedVersion::Any,
            IfMatch::Version(v) => ExpectedVersion::Version(v),
            IfMatch::Unknown => ExpectedVersion::Unknown,
        }
    }
}

impl FromRequest for IfMatch {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(IfMatch::parse(
            req.headers().get(IF_MATCH).and_then(|v| v.to_str().ok()),
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_match_values() {
        assert_eq!(IfMatch::parse(None), IfMatch::Absent);
        assert_eq!(IfMatch::parse(Some("*")), IfMatch::Any);
        assert_eq!(IfMatch::parse(Some("\"12\"")), IfMatch::Version(12));
        assert_eq!(
            IfMatch::parse(Some("\"12-0123456789abcdef\"")),
            IfMatch::Version(12)
        );
        assert_eq!(IfMatch::parse(Some("W/\"12\"")), IfMatch::Unknown);
        assert_eq!(IfMatch::parse(Some("12")), IfMatch::Unknown);
    }
}
