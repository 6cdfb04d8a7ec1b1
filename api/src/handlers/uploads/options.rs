use actix_web::{HttpResponse, web};

use crate::state::AppState;
use crate::tus;

/// What the server speaks of tus: its version, extensions, largest file and checksum.
#[utoipa::path(options, operation_id = "uploads_options", path = "/api/v1/uploads", tag = "uploads", security(()),
    responses((status = 204, description = "`Tus-Version`, `Tus-Extension` (creation, checksum, termination, expiration), `Tus-Max-Size`, `Tus-Checksum-Algorithm` (sha256)")))]
pub async fn options(state: web::Data<AppState>) -> HttpResponse {
    let largest = anfang_usecases::uploads::max_bytes(
        &state.usecases,
        anfang_domain::report::EvidenceKind::Recording,
    )
    .max(anfang_usecases::uploads::max_bytes(
        &state.usecases,
        anfang_domain::report::EvidenceKind::Photo,
    ));
    HttpResponse::NoContent()
        .insert_header((tus::TUS_VERSION, tus::VERSION))
        .insert_header((tus::TUS_EXTENSION, tus::EXTENSIONS))
        .insert_header((tus::TUS_MAX_SIZE, largest.to_string()))
        .insert_header((tus::TUS_CHECKSUM_ALGORITHM, tus::CHECKSUM_ALGORITHMS))
        .finish()
}
