//! Resumable evidence uploads (tus 1.0): `OPTIONS` says what the server speaks, `POST` begins
//! an upload, `HEAD` says where it stands, `PATCH` sends the next bytes, `DELETE` gives it up.

pub mod append;
pub mod create;
pub mod options;
pub mod status;
pub mod terminate;

use actix_web::HttpResponseBuilder;
use anfang_usecases::uploads::UploadView;

use crate::tus;

/// The headers every answer about an upload carries: its offset, and its expiry while it has
/// one. `Cache-Control: no-store`, as the protocol asks, since the offset changes.
pub fn progress_headers(response: &mut HttpResponseBuilder, upload: &UploadView) {
    response
        .insert_header((tus::UPLOAD_OFFSET, upload.offset.to_string()))
        .insert_header((tus::UPLOAD_LENGTH, upload.length.to_string()))
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"));
    if let Some(at) = upload.expires_at {
        response.insert_header((tus::UPLOAD_EXPIRES, tus::http_date(at)));
    }
}
