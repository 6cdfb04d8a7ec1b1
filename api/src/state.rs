//! What the HTTP server holds: the use cases' context, and what only HTTP needs. Handlers and
//! extractors read it; it depends on nothing else of this crate's but the metrics it carries.

use actix_web::web;
use anfang_usecases::Context;

use crate::metrics::Metrics;

/// What the HTTP server holds: the use cases' context, and what only HTTP needs.
pub struct AppState {
    pub usecases: Context,
    pub metrics: web::Data<Metrics>,
    pub metrics_token: Option<String>,
    /// Reverse proxies in front (see `Config::proxy_hops`).
    pub proxy_hops: usize,
    /// The oldest app served (see `Config::min_client_version`).
    pub min_client_version: Option<anfang_domain::auth::ClientVersion>,
}
