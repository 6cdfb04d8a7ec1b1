//! The use cases' own language for refusals. Every business rule that can refuse a request is
//! a named value here; no sentence is written in this crate. The HTTP API (`api/src/error/`)
//! and the command line put them into words.

mod field;
mod from_domain;

use std::time::Duration;

use anfang_domain::campaign::DrawError;
use anfang_infra::images::ImageError;
use anfang_infra::recordings::RecordingError;

pub use field::{FieldIssue, FieldProblem, Rule};

/// Why a use case did not do what it was asked.
#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// No such thing, or one the caller may not know of: the same answer for both.
    NotFound,
    /// The caller's role may not do this.
    Forbidden,
    /// The session or refresh token presented is not (or no longer) valid.
    Unauthenticated,
    /// Wrong username or password, or a disabled account: one answer for all three.
    InvalidCredentials,
    /// The thing is in a state that does not allow the step.
    Conflict(Conflict),
    /// The caller's idea of a report's version does not hold.
    Precondition(Precondition),
    /// Fields of the request break the rules named.
    Invalid(Vec<FieldProblem>),
    /// Query parameters the request may not use, or not with these values.
    Parameter(Vec<FieldProblem>),
    /// A report cannot be submitted yet: what is missing, item by item.
    ReportIncomplete(Vec<FieldProblem>),
    /// The draw's rules cannot be met.
    DrawImpossible(DrawError),
    /// An uploaded image is refused.
    ImageRefused(ImageError),
    /// An uploaded recording is refused.
    RecordingRefused(RecordingError),
    /// A resumable upload's time ran out before it was complete; it is gone.
    UploadExpired,
    /// A part's checksum is not that of the bytes received: they were not kept.
    ChecksumMismatch,
    /// More bytes than the upload's declared length.
    UploadOverrun,
    /// An `Idempotency-Key` was used before for a different request.
    IdempotencyKeyReused,
    /// Too many failed attempts; try again after the time given.
    TooManyAttempts { retry_after: Duration },
    /// A store we depend on is unreachable, or every image decoder is busy.
    Unavailable { retry_after: Duration },
    /// A failure nobody can act on; its cause has been logged.
    Internal,
}

/// The named states in which a step is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conflict {
    UsernameTaken,
    UnitCodeTaken,
    DistrictExists,
    ChecklistPublished,
    ReportNotEditable,
    IllegalTransition,
    ReportClaimed,
    NotClaimed,
    /// Someone changed the report at the same moment.
    EditConflict,
    DrawLocked,
    PhotoConflict,
    AppealExists,
    NoticePublished,
    /// A signed notice no longer changes.
    NoticeSigned,
    /// The notice waits for a leader's signature: return it to draft to change it.
    NoticeAwaitingSignature,
    /// Only a notice submitted for signature can be signed or returned.
    NoticeNotSubmitted,
    /// A notice is published only once signed (while the letterhead requires it).
    NoticeUnsigned,
    /// Rectification orders are issued with the published notice.
    NoticeNotPublished,
    FollowUpPending,
    /// A part was sent from another offset than the one the upload has reached.
    UploadOffset,
    /// The upload is complete: its evidence is changed through its own endpoint.
    UploadCompleted,
    /// The evidence id is being uploaded already, with another length or kind.
    UploadConflict,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precondition {
    /// The version given is not the report's current one.
    Failed,
    /// A change to an existing report must say which version it changes.
    Required,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Logs an unexpected failure with its cause; the caller is told nothing more.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "internal error");
        Error::Internal
    }

    /// A refusal naming one field.
    pub fn field(field: impl Into<String>, issue: impl Into<FieldIssue>) -> Self {
        Error::Invalid(vec![FieldProblem::new(field, issue)])
    }

    pub fn rule(field: impl Into<String>, rule: Rule) -> Self {
        Self::field(field, FieldIssue::Rule(rule))
    }

    pub fn unknown_reference(field: impl Into<String>) -> Self {
        Self::field(field, FieldIssue::UnknownReference)
    }

    pub(crate) fn unavailable(after_secs: u64) -> Self {
        Error::Unavailable {
            retry_after: Duration::from_secs(after_secs),
        }
    }

    /// The stable name of the refusal, for logs and the command line.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::NotFound => "not_found",
            Error::Forbidden => "forbidden",
            Error::Unauthenticated => "unauthenticated",
            Error::InvalidCredentials => "invalid_credentials",
            Error::Conflict(_) => "conflict",
            Error::Precondition(_) => "precondition",
            Error::Invalid(_) => "invalid",
            Error::Parameter(_) => "invalid_parameter",
            Error::ReportIncomplete(_) => "report_incomplete",
            Error::DrawImpossible(_) => "draw_impossible",
            Error::ImageRefused(_) => "image_refused",
            Error::RecordingRefused(_) => "recording_refused",
            Error::UploadExpired => "upload_expired",
            Error::ChecksumMismatch => "checksum_mismatch",
            Error::UploadOverrun => "upload_overrun",
            Error::IdempotencyKeyReused => "idempotency_key_reused",
            Error::TooManyAttempts { .. } => "too_many_attempts",
            Error::Unavailable { .. } => "unavailable",
            Error::Internal => "internal",
        }
    }
}

impl From<Conflict> for Error {
    fn from(c: Conflict) -> Self {
        Error::Conflict(c)
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.kind())
    }
}

impl std::error::Error for Error {}
