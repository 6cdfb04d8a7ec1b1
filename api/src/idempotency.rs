//! `Idempotency-Key` on POST actions (a phone on a bad connection retries): the first
//! successful answer to a key is stored with the change it answers and given again to a retry
//! with the same request; the same key with a different request is refused with 422. A failed
//! attempt stores nothing, so its retry runs again.

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::http::header::{ETAG, HeaderValue};
use actix_web::{FromRequest, HttpRequest, HttpResponse};
use anfang_domain::ids::UserId;
use anfang_infra::db;
use anfang_infra::db::idempotency::{self, KeyedRequest, Reservation};
use sha2::{Digest, Sha256};

use crate::app::AppState;
use crate::error::{ApiError, ApiResult, ErrorCode};

pub const HEADER: &str = "Idempotency-Key";

/// The request's `Idempotency-Key`, if it sent one: 1 to 255 visible ASCII characters.
pub struct IdempotencyKey(pub Option<String>);

impl FromRequest for IdempotencyKey {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let key = match req.headers().get(HEADER) {
            None => Ok(None),
            Some(v) => v
                .to_str()
                .ok()
                .filter(|k| (1..=255).contains(&k.len()) && k.bytes().all(|b| b.is_ascii_graphic()))
                .map(|k| Some(k.to_owned()))
                .ok_or_else(|| ApiError::new(ErrorCode::InvalidHeader)),
        };
        ready(key.map(IdempotencyKey))
    }
}

/// What identifies "the same request": where it went and what it carried.
pub fn request_hash(route: &str, body: &[u8]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(route.as_bytes());
    hasher.update([0]);
    hasher.update(body);
    anfang_infra::secrets::hex(&hasher.finalize())
}

/// A JSON answer; an `ETag` is added from its `version` field when it has one.
pub fn json_response(status: StatusCode, body: &serde_json::Value) -> HttpResponse {
    let mut response = HttpResponse::build(status);
    if let Some(version) = body.get("version").and_then(|v| v.as_u64())
        && let Ok(etag) = HeaderValue::from_str(&format!("\"{version}\""))
    {
        response.insert_header((ETAG, etag));
    }
    response.json(body)
}

/// Runs `work` once per key, and `render` on its result, in one transaction with the key's
/// record: the answer is stored with the change it answers, or neither is. A retry after a
/// crash, a timeout or a lost answer gets the first answer when the first request committed,
/// and does the work when it did not; a retry while the first is still running waits for it
/// (PostgreSQL holds the key's row; SQLite serializes writers) and then gets its answer.
pub async fn once<T, W, R>(
    state: &AppState,
    user: UserId,
    key: IdempotencyKey,
    route: &str,
    request_hash: String,
    work: W,
    render: R,
) -> ApiResult<HttpResponse>
where
    T: Send + 'static,
    W: FnOnce(&mut db::DbConnection) -> ApiResult<T> + Send + 'static,
    R: FnOnce(T) -> ApiResult<(StatusCode, serde_json::Value)> + Send + 'static,
{
    let (user_id, route) = (user.to_string(), route.to_owned());
    let answer = state
        .db
        .write(move |conn| {
            if let Some(key) = &key.0 {
                let request = KeyedRequest {
                    user_id: &user_id,
                    key,
                    route: &route,
                    request_hash: &request_hash,
                };
                match idempotency::reserve(conn, &request, db::now())? {
                    Reservation::Fresh => {}
                    Reservation::Replay { status, body } => {
                        let body = serde_json::from_str(&body).map_err(ApiError::internal)?;
                        return Ok((status, body, true));
                    }
                    Reservation::Mismatch => {
                        return Err(ApiError::new(ErrorCode::IdempotencyKeyReused));
                    }
                }
            }
            let (status, body) = render(work(conn)?)?;
            if let Some(key) = &key.0 {
                idempotency::complete(conn, &user_id, key, status.as_u16(), &body.to_string())?;
            }
            Ok((status.as_u16(), body, false))
        })
        .await?;
    let (status, body, replayed) = answer;
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    let mut response = json_response(status, &body);
    if replayed {
        response.headers_mut().insert(
            actix_web::http::header::HeaderName::from_static("idempotent-replayed"),
            HeaderValue::from_static("true"),
        );
    }
    Ok(response)
}
