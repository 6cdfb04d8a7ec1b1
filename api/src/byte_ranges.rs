//! Evidence downloads that seek (RFC 9110 §14): `Range: bytes=a-b` is answered with 206 and that
//! part, a range wholly past the end with 416 and the size; anything else (several ranges, a
//! header that cannot be read) with the whole file, as the RFC allows. Every such answer says
//! `Accept-Ranges: bytes`, so a player knows it may jump into a recording.

use std::ops::RangeInclusive;

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, HttpResponseBuilder};
use bytes::Bytes;

/// What a request's `Range` asks of a file of `size` bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Whole,
    Span(RangeInclusive<u64>),
    Unsatisfiable,
}

pub fn part_of(range: Option<&HeaderValue>, size: u64) -> Part {
    let Some(value) = range.and_then(|v| v.to_str().ok()) else {
        return Part::Whole;
    };
    let Ok(parsed) = http_range_header::parse_range_header(value) else {
        return Part::Whole;
    };
    match parsed.validate(size) {
        Err(_) => Part::Unsatisfiable,
        Ok(ranges) => match ranges.as_slice() {
            [one] => Part::Span(one.clone()),
            _ => Part::Whole,
        },
    }
}

/// Answers with `bytes`, or the part of them the request's `Range` asks for.
pub fn answer(
    mut response: HttpResponseBuilder,
    bytes: Bytes,
    range: Option<&HeaderValue>,
) -> HttpResponse {
    let size = bytes.len() as u64;
    response.insert_header((header::ACCEPT_RANGES, "bytes"));
    match part_of(range, size) {
        Part::Whole => response.body(bytes),
        Part::Span(span) => {
            let (start, end) = (*span.start(), *span.end());
            // Both ends are within `bytes`: `validate` checked them against its length.
            let part = bytes.slice(start as usize..=end as usize);
            response
                .status(StatusCode::PARTIAL_CONTENT)
                .insert_header((header::CONTENT_RANGE, format!("bytes {start}-{end}/{size}")))
                .body(part)
        }
        Part::Unsatisfiable => response
            .status(StatusCode::RANGE_NOT_SATISFIABLE)
            .insert_header((header::CONTENT_RANGE, format!("bytes */{size}")))
            .finish(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asked(value: &str, size: u64) -> Part {
        part_of(Some(&HeaderValue::from_str(value).unwrap()), size)
    }

    #[test]
    fn one_range_is_served_as_asked_and_clamped_to_the_end() {
        assert_eq!(asked("bytes=0-99", 1000), Part::Span(0..=99));
        assert_eq!(asked("bytes=900-", 1000), Part::Span(900..=999));
        assert_eq!(asked("bytes=-100", 1000), Part::Span(900..=999));
        assert_eq!(asked("bytes=990-2000", 1000), Part::Span(990..=999));
    }

    #[test]
    fn a_range_past_the_end_is_unsatisfiable_and_anything_else_gets_the_whole_file() {
        assert_eq!(asked("bytes=1000-", 1000), Part::Unsatisfiable);
        assert_eq!(asked("bytes=0-1,5-9", 1000), Part::Whole);
        assert_eq!(asked("lines=1-2", 1000), Part::Whole);
        assert_eq!(asked("bytes=abc", 1000), Part::Whole);
        assert_eq!(part_of(None, 1000), Part::Whole);
    }
}
