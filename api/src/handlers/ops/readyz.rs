use actix_web::{HttpResponse, web};

use crate::app::AppState;

/// The database answers (readiness).
#[utoipa::path(get, operation_id = "ops_readyz", path = "/readyz", tag = "ops",
    responses((status = 200, description = "ready"), (status = 503, description = "the database does not answer")))]
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    match state.db.ping().await {
        Ok(()) => HttpResponse::Ok().json(serde_json::json!({ "status": "ready" })),
        Err(e) => {
            tracing::warn!(error = %e, "not ready");
            HttpResponse::ServiceUnavailable().json(serde_json::json!({ "status": "unavailable" }))
        }
    }
}
