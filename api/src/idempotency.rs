//! `Idempotency-Key` on POST actions (a phone on a bad connection retries): the first
//! successful answer to a key is stored and given again to a retry with the same request; the
//! same key with a different request is refused with 422. Failed attempts free the key.

use std::future::{Future, Ready, ready};

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

/// Runs `action` once per key: a retry of the same request gets the stored answer.
pub async fn once<F>(
    state: &AppState,
    user: UserId,
    key: IdempotencyKey,
    route: &str,
    request_hash: String,
    action: F,
) -> ApiResult<HttpResponse>
where
    F: Future<Output = ApiResult<(StatusCode, serde_json::Value)>>,
{
    let Some(key) = key.0 else {
        let (status, body) = action.await?;
        return Ok(json_response(status, &body));
    };
    let (user_id, route_owned) = (user.to_string(), route.to_owned());
    let (k, u, r, h) = (
        key.clone(),
        user_id.clone(),
        route_owned.clone(),
        request_hash.clone(),
    );
    let reservation = state
        .db
        .write(move |conn| {
            let request = KeyedRequest {
                user_id: &u,
                key: &k,
                route: &r,
                request_hash: &h,
            };
            idempotency::reserve(conn, &request, db::now()).map_err(ApiError::from)
        })
        .await?;
    match reservation {
        Reservation::Fresh => {}
        Reservation::Replay { status, body } => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
            let body: serde_json::Value =
                serde_json::from_str(&body).map_err(ApiError::internal)?;
            let mut response = json_response(status, &body);
            response.headers_mut().insert(
                actix_web::http::header::HeaderName::from_static("idempotent-replayed"),
                HeaderValue::from_static("true"),
            );
            return Ok(response);
        }
        Reservation::Mismatch => return Err(ApiError::new(ErrorCode::IdempotencyKeyReused)),
        Reservation::InProgress => return Err(ApiError::new(ErrorCode::RequestInProgress)),
    }
    let outcome = action.await;
    let (u, k) = (user_id, key);
    match outcome {
        Ok((status, body)) => {
            let text = body.to_string();
            state
                .db
                .write(move |conn| {
                    idempotency::complete(conn, &u, &k, status.as_u16(), &text)
                        .map_err(ApiError::from)
                })
                .await?;
            Ok(json_response(status, &body))
        }
        Err(error) => {
            state
                .db
                .write(move |conn| idempotency::release(conn, &u, &k).map_err(ApiError::from))
                .await?;
            Err(error)
        }
    }
}
