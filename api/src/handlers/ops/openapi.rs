use actix_web::HttpResponse;

/// This API's OpenAPI 3.1 document (the committed `openapi.yaml`).
#[utoipa::path(get, operation_id = "ops_openapi", path = "/api/v1/openapi.yaml", tag = "ops",
    responses((status = 200, description = "OpenAPI document", content_type = "application/yaml")))]
pub async fn openapi() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/yaml")
        .body(crate::openapi::yaml())
}
