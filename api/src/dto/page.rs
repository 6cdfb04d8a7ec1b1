//! Cursor pagination: `?limit=&cursor=`, answered with `{items, next_cursor}`.

use anfang_infra::db::page::{Keyset, Page, PageRequest};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::DateTime;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use crate::error::{ApiError, ErrorCode, FieldIssue};

pub const DEFAULT_LIMIT: u32 = 50;
pub const MAX_LIMIT: u32 = 100;

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// How many items, 1 to 100 (default 50).
    #[validate(range(min = 1, max = 100))]
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page; empty means the first page.
    pub cursor: Option<String>,
}

impl PageQuery {
    pub fn parse(&self) -> Result<PageRequest, ApiError> {
        let limit = self.limit.unwrap_or(DEFAULT_LIMIT);
        if !(1..=MAX_LIMIT).contains(&limit) {
            let mut error = ApiError::field("limit", FieldIssue::OutOfRange);
            error.code = ErrorCode::InvalidParameter;
            return Err(error);
        }
        let after = self
            .cursor
            .as_deref()
            .filter(|c| !c.is_empty())
            .map(decode_cursor)
            .transpose()?;
        Ok(PageRequest { after, limit })
    }
}

fn decode_cursor(cursor: &str) -> Result<Keyset, ApiError> {
    let invalid = || ApiError::new(ErrorCode::InvalidCursor);
    let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| invalid())?;
    let text = String::from_utf8(bytes).map_err(|_| invalid())?;
    let (at, id) = text.split_once('|').ok_or_else(invalid)?;
    let at = DateTime::parse_from_rfc3339(at)
        .map_err(|_| invalid())?
        .to_utc();
    if id.is_empty() || id.len() > 64 {
        return Err(invalid());
    }
    Ok(Keyset {
        at,
        id: id.to_owned(),
    })
}

pub fn encode_cursor(keyset: &Keyset) -> String {
    URL_SAFE_NO_PAD.encode(format!("{}|{}", keyset.at.to_rfc3339(), keyset.id))
}

/// Every list: the page's items, and the cursor of the next page (null on the last).
#[derive(Debug, Serialize, ToSchema)]
pub struct ListResponse<T: ToSchema> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

impl<T: ToSchema> ListResponse<T> {
    pub fn from_page<S>(page: Page<S>, map: impl Fn(S) -> T) -> Self {
        Self {
            next_cursor: page.next.as_ref().map(encode_cursor),
            items: page.items.into_iter().map(map).collect(),
        }
    }

    pub fn complete(items: Vec<T>) -> Self {
        Self {
            items,
            next_cursor: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_round_trips_and_garbage_is_refused() {
        let keyset = Keyset {
            at: DateTime::parse_from_rfc3339("2026-11-21T10:00:00.123456Z")
                .unwrap()
                .to_utc(),
            id: "abc".into(),
        };
        assert_eq!(decode_cursor(&encode_cursor(&keyset)).unwrap(), keyset);
        assert!(decode_cursor("!!!").is_err());
        assert!(decode_cursor(&URL_SAFE_NO_PAD.encode("no-separator")).is_err());
    }
}
