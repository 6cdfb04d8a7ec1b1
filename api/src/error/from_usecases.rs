//! The use cases' refusals as HTTP answers: the one place that knows both sides.

use anfang_domain::campaign::DrawError;
use anfang_infra::images::ImageError;
use anfang_infra::recordings::RecordingError;
use anfang_usecases::{Conflict, Error, FieldProblem, Precondition, Rule};

use super::{ApiError, ErrorCode};

fn conflict_code(c: Conflict) -> ErrorCode {
    match c {
        Conflict::UsernameTaken => ErrorCode::UsernameTaken,
        Conflict::UnitCodeTaken => ErrorCode::UnitCodeTaken,
        Conflict::DistrictExists => ErrorCode::DistrictExists,
        Conflict::ChecklistPublished => ErrorCode::ChecklistPublished,
        Conflict::ReportNotEditable => ErrorCode::ReportNotEditable,
        Conflict::IllegalTransition => ErrorCode::IllegalTransition,
        Conflict::ReportClaimed => ErrorCode::ReportClaimed,
        Conflict::NotClaimed => ErrorCode::NotClaimed,
        Conflict::EditConflict => ErrorCode::EditConflict,
        Conflict::DrawLocked => ErrorCode::DrawLocked,
        Conflict::PhotoConflict => ErrorCode::PhotoConflict,
        Conflict::AppealExists => ErrorCode::AppealExists,
        Conflict::NoticePublished => ErrorCode::NoticePublished,
        Conflict::NoticeSigned => ErrorCode::NoticeSigned,
        Conflict::NoticeAwaitingSignature => ErrorCode::NoticeAwaitingSignature,
        Conflict::NoticeNotSubmitted => ErrorCode::NoticeNotSubmitted,
        Conflict::NoticeUnsigned => ErrorCode::NoticeUnsigned,
        Conflict::NoticeNotPublished => ErrorCode::NoticeNotPublished,
        Conflict::FollowUpPending => ErrorCode::FollowUpPending,
        Conflict::UploadOffset => ErrorCode::UploadOffsetMismatch,
        Conflict::UploadCompleted => ErrorCode::UploadCompleted,
        Conflict::UploadConflict => ErrorCode::UploadConflict,
    }
}

/// Which request field a draw's refusal is about.
fn draw_field(e: &DrawError) -> &'static str {
    match e {
        DrawError::NoInspectors | DrawError::CannotBalance { .. } => "team_size",
        DrawError::NotEnoughUnits { .. } => "units_per_type",
    }
}

fn image_code(e: &ImageError) -> ErrorCode {
    match e {
        ImageError::TooLarge { .. } => ErrorCode::PayloadTooLarge,
        ImageError::Heic | ImageError::Unsupported => ErrorCode::UnsupportedMediaType,
        ImageError::Empty
        | ImageError::DeclaredTypeLies { .. }
        | ImageError::TooManyPixels { .. }
        | ImageError::TooCostly { .. }
        | ImageError::Truncated
        | ImageError::Corrupt => ErrorCode::InvalidImage,
    }
}

fn recording_code(e: &RecordingError) -> ErrorCode {
    match e {
        RecordingError::TooLarge { .. } => ErrorCode::PayloadTooLarge,
        RecordingError::NotARecording => ErrorCode::UnsupportedMediaType,
        RecordingError::Truncated
        | RecordingError::IndexTooLarge { .. }
        | RecordingError::Corrupt => ErrorCode::InvalidRecording,
        RecordingError::Storage(_) => ErrorCode::Unavailable,
    }
}

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        let with = |code, fields| ApiError {
            fields,
            ..ApiError::new(code)
        };
        match e {
            Error::NotFound => ApiError::not_found(),
            Error::Forbidden => ApiError::new(ErrorCode::Forbidden),
            Error::Unauthenticated => ApiError::new(ErrorCode::Unauthorized),
            Error::InvalidCredentials => ApiError::new(ErrorCode::InvalidCredentials),
            Error::Conflict(c) => ApiError::new(conflict_code(c)),
            Error::Precondition(Precondition::Failed) => {
                ApiError::new(ErrorCode::PreconditionFailed)
            }
            Error::Precondition(Precondition::Required) => {
                ApiError::new(ErrorCode::PreconditionRequired)
            }
            Error::Invalid(fields) => with(ErrorCode::ValidationFailed, fields),
            Error::Parameter(fields) => with(ErrorCode::InvalidParameter, fields),
            Error::ReportIncomplete(fields) => with(ErrorCode::ReportIncomplete, fields),
            Error::DrawImpossible(draw) => with(
                ErrorCode::DrawImpossible,
                vec![FieldProblem::new(draw_field(&draw), Rule::Draw(draw))],
            ),
            Error::ImageRefused(image) => with(
                image_code(&image),
                vec![FieldProblem::new("file", Rule::Image(image))],
            ),
            Error::RecordingRefused(recording) => with(
                recording_code(&recording),
                vec![FieldProblem::new("file", Rule::Recording(recording))],
            ),
            Error::UploadExpired => ApiError::new(ErrorCode::UploadExpired),
            Error::ChecksumMismatch => ApiError::new(ErrorCode::ChecksumMismatch),
            Error::UploadOverrun => ApiError::new(ErrorCode::PayloadTooLarge),
            Error::IdempotencyKeyReused => ApiError::new(ErrorCode::IdempotencyKeyReused),
            Error::TooManyAttempts { retry_after } => {
                ApiError::new(ErrorCode::TooManyRequests).retry_after(retry_after)
            }
            Error::Unavailable { retry_after } => {
                ApiError::new(ErrorCode::Unavailable).retry_after(retry_after)
            }
            Error::Internal => ApiError::new(ErrorCode::Internal),
        }
    }
}

/// A domain refusal met while parsing a request (before any use case runs).
macro_rules! via_usecases {
    ($($error:ty),* $(,)?) => {$(
        impl From<$error> for ApiError {
            fn from(e: $error) -> Self {
                Error::from(e).into()
            }
        }
    )*};
}

via_usecases!(
    anfang_domain::campaign::CampaignError,
    anfang_domain::catalog::ChecklistError,
    anfang_domain::report::RatingsError,
    anfang_domain::report::TransitionError,
    anfang_domain::settings::SettingsError,
    anfang_domain::user::AccountError,
    anfang_infra::db::DbError,
);
