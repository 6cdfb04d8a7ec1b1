//! Where a request came from, for the audit log and per-address throttling.

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use anfang_infra::db::audit::RequestOrigin;
use tracing_actix_web::RequestId;

use crate::app::AppState;

/// The client address (the peer, or `X-Forwarded-For` when a trusted proxy sets it), the
/// request id, and the user agent.
pub struct Origin(pub RequestOrigin);

impl FromRequest for Origin {
    type Error = actix_web::Error;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let trust_proxy = req
            .app_data::<web::Data<AppState>>()
            .is_some_and(|s| s.trust_forwarded_for);
        let info = req.connection_info();
        let client_ip = if trust_proxy {
            info.realip_remote_addr().map(str::to_owned)
        } else {
            req.peer_addr().map(|a| a.ip().to_string())
        };
        let request_id = req.extensions().get::<RequestId>().map(|id| id.to_string());
        let user_agent = req
            .headers()
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(|ua| ua.chars().take(256).collect());
        ready(Ok(Origin(RequestOrigin {
            client_ip,
            request_id,
            user_agent,
        })))
    }
}
