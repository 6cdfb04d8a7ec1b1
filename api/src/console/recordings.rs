//! Recordings on the console's pages (a report's own, a rectification's): a line saying what
//! each is, and a player for those who may hear it, reading through the same use case as
//! the API (each read audited).

use actix_web::{HttpRequest, HttpResponse, web};
use anfang_domain::ids::RecordingId;
use anfang_domain::report::{Media, Recording};
use anfang_usecases as usecases;

use super::error::ConsoleError;
use super::lang::t;
use super::session::Console;
use crate::auth::Origin;
use crate::error::Language;
use crate::handlers::recordings::download::{asked_of, recording_response};
use crate::state::AppState;

/// A recording: what it is, and a player for those who may hear it.
pub(super) struct RecordingView {
    pub video: bool,
    pub what: String,
    /// For supervisors and admins: where the player reads it (each read audited).
    pub src: Option<String>,
}

pub(super) fn views(
    lang: Language,
    recordings: &[Recording],
    playable: bool,
) -> Vec<RecordingView> {
    recordings
        .iter()
        .map(|r| RecordingView {
            video: r.media == Media::Video,
            what: words(lang, r),
            src: playable.then(|| format!("/console/recordings/{}", r.id)),
        })
        .collect()
}

/// A recording in a line: its kind, format, length and size.
fn words(lang: Language, r: &Recording) -> String {
    let kind = match r.media {
        Media::Audio => t(lang, "录音", "audio"),
        Media::Video => t(lang, "录像", "video"),
    };
    let length = r.duration_ms.map_or_else(String::new, |ms| {
        let s = ms / 1000;
        format!(" {:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    });
    format!(
        "{kind} {}{length}，{:.1} MB",
        r.format.as_str().to_uppercase(),
        r.byte_size as f64 / 1e6
    )
}

/// `GET /console/recordings/{id}`: a recording for the page's player, in the ranges it
/// seeks (supervisors and admins; each read audited), as through the API.
pub async fn recording(
    req: HttpRequest,
    state: web::Data<AppState>,
    console: Console,
    origin: Origin,
    id: web::Path<RecordingId>,
) -> Result<HttpResponse, ConsoleError> {
    super::reports::desk_scope(&console)?;
    let head = req.method() == actix_web::http::Method::HEAD;
    let (recording, wanted, stream) = usecases::recordings::download(
        &state.usecases,
        console.session.user,
        id.into_inner(),
        asked_of(&req),
        head,
        origin.0,
    )
    .await
    .map_err(ConsoleError::in_language(console.lang))?;
    Ok(recording_response(&recording, &wanted, stream))
}
