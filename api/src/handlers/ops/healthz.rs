use actix_web::HttpResponse;

/// The process is up (liveness).
#[utoipa::path(get, operation_id = "ops_healthz", path = "/healthz", tag = "ops", responses((status = 200, description = "alive")))]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({ "status": "ok" }))
}
