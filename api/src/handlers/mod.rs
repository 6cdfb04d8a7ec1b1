//! Request handlers, one file per action: extract, call a use case, map to a DTO.

pub mod assignments;
pub mod audit;
pub mod auth;
pub mod campaigns;
pub mod checklists;
pub mod districts;
pub mod findings;
pub mod inspectors;
pub mod me;
pub mod notices;
pub mod ops;
pub mod photos;
pub mod recordings;
pub mod reports;
pub mod settings;
pub mod stats;
pub mod unit_types;
pub mod units;
pub mod uploads;
pub mod users;

/// The request's `Content-Length`, if it sent a well-formed one.
pub fn declared_length(request: &actix_web::HttpRequest) -> Option<u64> {
    request
        .headers()
        .get(actix_web::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
}

/// A download written while it is sent: the chunks a use case produces, as a response body.
pub fn streamed(
    chunks: anfang_infra::exports::Chunks,
) -> impl futures::Stream<Item = Result<bytes::Bytes, std::io::Error>> {
    futures::stream::unfold(chunks, |mut chunks| async move {
        chunks.recv().await.map(|chunk| (chunk, chunks))
    })
}

/// An evidence bundle as a download: a ZIP written while it is sent, never cached.
pub fn zip_download(
    filename: &str,
    chunks: anfang_infra::exports::Chunks,
) -> actix_web::HttpResponse {
    use actix_web::http::header;
    actix_web::HttpResponse::Ok()
        .content_type("application/zip")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{filename}\""),
        ))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .streaming(streamed(chunks))
}
