use actix_web::{HttpResponse, web};

use crate::dto::readiness::{Dependency, Readiness, ReadinessResponse};
use crate::state::AppState;

/// Whether this replica can serve: the database and object storage both answer.
#[utoipa::path(get, operation_id = "ops_readyz", path = "/readyz", tag = "ops",
    responses((status = 200, body = ReadinessResponse, description = "ready"),
        (status = 503, body = ReadinessResponse, description = "the database or object storage does not answer")))]
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    let (database, storage) = tokio::join!(state.usecases.db.ping(), state.usecases.storage.ping());
    let database = database.map_err(|e| tracing::warn!(error = %e, "not ready: database"));
    let storage = storage.map_err(|e| tracing::warn!(error = %e, "not ready: object storage"));
    let health = |ok: bool| {
        if ok {
            Dependency::Ok
        } else {
            Dependency::Unreachable
        }
    };
    let ready = database.is_ok() && storage.is_ok();
    let body = ReadinessResponse {
        status: if ready {
            Readiness::Ready
        } else {
            Readiness::Unavailable
        },
        database: health(database.is_ok()),
        storage: health(storage.is_ok()),
    };
    if ready {
        HttpResponse::Ok().json(body)
    } else {
        HttpResponse::ServiceUnavailable().json(body)
    }
}
