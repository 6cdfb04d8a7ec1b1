//! `Idempotency-Key` on POST actions (a phone on a bad connection retries): the header, the
//! request's hash, and the stored answer as an HTTP response. The once-only work itself is
//! the use case `anfang_usecases::idempotency`.

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::http::header::{ETAG, HeaderValue};
use actix_web::{FromRequest, HttpRequest, HttpResponse};
use anfang_domain::ids::UserId;
use anfang_infra::db::DbConnection;
use anfang_usecases::idempotency::Keyed;
use sha2::{Digest, Sha256};

use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::state::AppState;

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

/// Runs `work` once per `key` (see [`anfang_usecases::idempotency::once`]), answering with
/// `render`'s status and body, or the stored answer of the first request with this key.
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
    W: FnOnce(&mut DbConnection) -> anfang_usecases::Result<T> + Send + 'static,
    R: FnOnce(T) -> anfang_usecases::Result<(u16, serde_json::Value)> + Send + 'static,
{
    let keyed = Keyed {
        user,
        key: key.0,
        route: route.to_owned(),
        request_hash,
    };
    let answer = anfang_usecases::idempotency::once(&state.usecases, keyed, work, render).await?;
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::OK);
    let mut response = json_response(status, &answer.body);
    if answer.replayed {
        response.headers_mut().insert(
            actix_web::http::header::HeaderName::from_static("idempotent-replayed"),
            HeaderValue::from_static("true"),
        );
    }
    Ok(response)
}
