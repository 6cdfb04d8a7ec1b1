use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use anfang_domain::ids::RecordingId;
use anfang_domain::report::Recording;
use anfang_usecases::recordings::Wanted;

use crate::auth::{CurrentUser, Origin};
use crate::byte_ranges::{self, Part};
use crate::error::ApiResult;
use crate::state::AppState;
use anfang_usecases as usecases;

/// A recording as uploaded, for supervisors and admins who may see its report; every download
/// audited. It streams from storage, and `Range` is answered (206, 416), so a player jumps into
/// an hour-long recording without fetching it whole.
#[utoipa::path(get, operation_id = "recordings_download", path = "/api/v1/recordings/{id}", tag = "uploads", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "the recording (HEAD answers the same headers)", content_type = "application/octet-stream"),
        (status = 206, description = "the part a `Range: bytes=a-b` asked for, with `Content-Range`"),
        (status = 403, description = "only supervisors and admins download recordings"), (status = 404),
        (status = 416, description = "the range starts past the end; `Content-Range: bytes */size`")))]
pub async fn download(
    req: HttpRequest,
    state: web::Data<AppState>,
    current: CurrentUser,
    origin: Origin,
    id: web::Path<RecordingId>,
) -> ApiResult<HttpResponse> {
    let head = req.method() == actix_web::http::Method::HEAD;
    let (recording, wanted, stream) = usecases::recordings::download(
        &state.usecases,
        current.user,
        id.into_inner(),
        asked_of(&req),
        head,
        origin.0,
    )
    .await?;
    Ok(recording_response(&recording, &wanted, stream))
}

/// Which bytes of a recording the request's `Range` asks for.
pub fn asked_of(req: &HttpRequest) -> impl FnOnce(&Recording) -> Wanted + use<> {
    let asked = req.headers().get(header::RANGE).cloned();
    move |r: &Recording| match byte_ranges::part_of(asked.as_ref(), r.byte_size) {
        Part::Whole => Wanted::Whole,
        Part::Span(span) => Wanted::Range(*span.start()..*span.end() + 1),
        Part::Unsatisfiable => Wanted::Nothing,
    }
}

/// A recording as a download (the API's and the console's): its own media type, a file name
/// of the server's making, the part asked for (206) or 416 past its end, streamed.
pub fn recording_response(
    recording: &Recording,
    wanted: &Wanted,
    stream: futures::stream::BoxStream<'static, anfang_usecases::Result<bytes::Bytes>>,
) -> HttpResponse {
    let size = recording.byte_size;
    let filename = format!("{}.{}", recording.id, recording.format.as_str());
    let mut response = HttpResponse::Ok();
    response
        .content_type(recording.format.mime(recording.media))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{filename}\""),
        ))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .insert_header((header::ACCEPT_RANGES, "bytes"));
    let length = match wanted {
        Wanted::Nothing => {
            return response
                .status(StatusCode::RANGE_NOT_SATISFIABLE)
                .insert_header((header::CONTENT_RANGE, format!("bytes */{size}")))
                .finish();
        }
        Wanted::Range(r) => {
            response.status(StatusCode::PARTIAL_CONTENT).insert_header((
                header::CONTENT_RANGE,
                format!("bytes {}-{}/{size}", r.start, r.end - 1),
            ));
            r.end - r.start
        }
        Wanted::Whole => size,
    };
    response.no_chunking(length);
    // A failure of the store mid-stream ends the response early: the client sees a short
    // body against its Content-Length, and the cause is logged.
    response.streaming(futures::TryStreamExt::map_err(stream, |e| {
        tracing::warn!(error = %e, "a recording's download was cut by the store");
        std::io::Error::other(e.kind())
    }))
}
