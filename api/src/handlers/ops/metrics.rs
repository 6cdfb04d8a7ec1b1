use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use sha2::{Digest, Sha256};

use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::state::AppState;

/// Prometheus metrics. With `ANFANG_METRICS_TOKEN` set, a bearer token is required; without,
/// only loopback clients are answered.
#[utoipa::path(get, operation_id = "ops_metrics", path = "/metrics", tag = "ops",
    responses((status = 200, description = "Prometheus text format", content_type = "text/plain"), (status = 404)))]
pub async fn metrics(state: web::Data<AppState>, req: HttpRequest) -> ApiResult<HttpResponse> {
    let allowed = match &state.metrics_token {
        Some(expected) => req
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            // Compare digests so the time taken says nothing about the token.
            .is_some_and(|given| Sha256::digest(given) == Sha256::digest(expected)),
        None => req.peer_addr().is_some_and(|a| a.ip().is_loopback()),
    };
    if !allowed {
        return Err(ApiError::new(ErrorCode::NotFound));
    }
    Ok(HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4")
        .body(state.metrics.render()))
}
