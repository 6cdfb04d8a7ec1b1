//! Domain and repository errors, in the use cases' language.

use anfang_domain::campaign::{CampaignError, DrawError};
use anfang_domain::catalog::{ChecklistError, CodeFormatError, DistrictError, GeoError, ItemError};
use anfang_domain::day_range::BoundError;
use anfang_domain::notice::{LetterheadError, LetterheadRule, NoticeError};
use anfang_domain::report::{RatingsError, TransitionError};
use anfang_domain::settings::SettingsError;
use anfang_domain::text::TextError;
use anfang_domain::user::{AccountError, PasswordError};
use anfang_infra::db::{DbError, WriteError};
use anfang_infra::images::ImageError;
use anfang_infra::recordings::RecordingError;
use anfang_infra::storage::StorageError;

use super::{Conflict, Error, FieldIssue, FieldProblem, Rule};

/// An outage fails every request: one error line per ten seconds says so, not one per request.
fn log_unavailable(e: &dyn std::fmt::Display) {
    use std::sync::atomic::{AtomicI64, Ordering};
    static LAST_LOGGED: AtomicI64 = AtomicI64::new(0);
    let now = chrono::Utc::now().timestamp();
    let last = LAST_LOGGED.load(Ordering::Relaxed);
    if now - last >= 10
        && LAST_LOGGED
            .compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed)
            .is_ok()
    {
        tracing::error!(error = %e, "store unavailable (logged once per 10 s while it lasts)");
    } else {
        tracing::debug!(error = %e, "store unavailable");
    }
}

impl From<DbError> for Error {
    fn from(e: DbError) -> Self {
        if e.is_unavailable() {
            log_unavailable(&e);
            return Error::unavailable(5);
        }
        Error::internal(e)
    }
}

impl From<StorageError> for Error {
    fn from(e: StorageError) -> Self {
        match e {
            StorageError::NotFound(_) => Error::NotFound,
            other => {
                log_unavailable(&other);
                Error::unavailable(5)
            }
        }
    }
}

impl From<NoticeError> for Error {
    fn from(e: NoticeError) -> Self {
        Error::Conflict(match e {
            NoticeError::Published => Conflict::NoticePublished,
            NoticeError::Signed => Conflict::NoticeSigned,
            NoticeError::AwaitingSignature => Conflict::NoticeAwaitingSignature,
            NoticeError::NotSubmitted => Conflict::NoticeNotSubmitted,
            NoticeError::Unsigned => Conflict::NoticeUnsigned,
            NoticeError::NotPublished => Conflict::NoticeNotPublished,
        })
    }
}

impl From<LetterheadError> for Error {
    fn from(e: LetterheadError) -> Self {
        let issue = match e.rule {
            LetterheadRule::Text(t) => t.into(),
            LetterheadRule::PrefixPunctuation => FieldIssue::Format {
                expected: "words without brackets, 号 or spaces, e.g. 杭人社暗",
            },
            LetterheadRule::NoAddressee => FieldIssue::Required,
            LetterheadRule::TooManyOrgans => FieldIssue::OutOfRange,
        };
        Error::field(e.field, issue)
    }
}

impl From<ImageError> for Error {
    fn from(e: ImageError) -> Self {
        Error::ImageRefused(e)
    }
}

impl From<RecordingError> for Error {
    fn from(e: RecordingError) -> Self {
        match e {
            RecordingError::Storage(cause) => Error::from(StorageError::Backend(cause)),
            refused => Error::RecordingRefused(refused),
        }
    }
}

impl From<DrawError> for Error {
    fn from(e: DrawError) -> Self {
        Error::DrawImpossible(e)
    }
}

impl From<TextError> for FieldIssue {
    fn from(e: TextError) -> Self {
        match e {
            TextError::Empty => FieldIssue::Required,
            TextError::TooLong { max } => FieldIssue::TooLong { max },
            TextError::ControlCharacter => FieldIssue::Format {
                expected: "text without control characters",
            },
        }
    }
}

impl From<anfang_domain::report::CitationError> for FieldIssue {
    fn from(e: anfang_domain::report::CitationError) -> Self {
        Rule::Citation(e).into()
    }
}

impl From<CodeFormatError> for FieldIssue {
    fn from(e: CodeFormatError) -> Self {
        FieldIssue::Format {
            expected: e.expected,
        }
    }
}

impl From<DistrictError> for FieldIssue {
    fn from(e: DistrictError) -> Self {
        match e {
            DistrictError::Format => FieldIssue::Format {
                expected: "six digits (GB/T 2260), e.g. 330102",
            },
            DistrictError::NotCountyLevel => Rule::DistrictNotCountyLevel.into(),
        }
    }
}

impl From<BoundError> for FieldIssue {
    fn from(_: BoundError) -> Self {
        FieldIssue::Format {
            expected: "a date (YYYY-MM-DD, the whole day) or an RFC 3339 time",
        }
    }
}

impl From<GeoError> for FieldIssue {
    fn from(_: GeoError) -> Self {
        FieldIssue::OutOfRange
    }
}

impl From<PasswordError> for FieldIssue {
    fn from(e: PasswordError) -> Self {
        match e {
            PasswordError::TooShort { min } => FieldIssue::TooShort { min },
            PasswordError::TooLong { max } => FieldIssue::TooLong { max },
            PasswordError::TooSimple => Rule::PasswordTooSimple.into(),
        }
    }
}

impl From<ItemError> for FieldIssue {
    fn from(e: ItemError) -> Self {
        Rule::Item(e).into()
    }
}

impl From<AccountError> for Error {
    fn from(e: AccountError) -> Self {
        let field = match e {
            AccountError::UnitManagerWithoutUnit | AccountError::UnitNotAllowed => "unit_id",
            AccountError::InspectorWithoutDistrict => "district",
        };
        Error::rule(field, Rule::Account(e))
    }
}

impl From<ChecklistError> for Error {
    fn from(e: ChecklistError) -> Self {
        match e {
            ChecklistError::Published => Conflict::ChecklistPublished.into(),
            ChecklistError::NoItems => Error::rule("items", Rule::ChecklistEmpty),
            ChecklistError::DuplicateItem(code) => Error::rule("items", Rule::DuplicateItem(code)),
        }
    }
}

impl From<TransitionError> for Error {
    fn from(e: TransitionError) -> Self {
        match e {
            TransitionError::NotAuthor | TransitionError::OwnReport => Error::Forbidden,
            TransitionError::Illegal { .. } => Conflict::IllegalTransition.into(),
            TransitionError::LeaseHeldByOther => Conflict::ReportClaimed.into(),
            TransitionError::NotClaimed => Conflict::NotClaimed.into(),
        }
    }
}

impl From<SettingsError> for Error {
    fn from(e: SettingsError) -> Self {
        let field: &str = match &e {
            SettingsError::OutOfRange { key, .. } => key,
            SettingsError::VisitBounds => "min_visit_minutes",
        };
        Error::rule(field, Rule::Setting(e))
    }
}

/// Each refused rating names its place in the request: `ratings[3].item_code`, `ratings[3].value` …
impl From<RatingsError> for Error {
    fn from(e: RatingsError) -> Self {
        use anfang_domain::report::RatingError as R;
        Error::Invalid(
            e.0.into_iter()
                .map(|(i, error)| {
                    let field = match error {
                        R::UnknownItem | R::NotApplicable | R::Duplicate => "item_code",
                        R::OutcomeRequired | R::OutcomeOnMeasurement => "outcome",
                        R::ValueOnJudgement | R::ValueRequired | R::ValueOutOfRange => "value",
                        R::UnansweredNotAllowed => "unanswered",
                    };
                    FieldProblem::new(format!("ratings[{i}].{field}"), Rule::Rating(error))
                })
                .collect(),
        )
    }
}

impl From<CampaignError> for Error {
    fn from(e: CampaignError) -> Self {
        match e {
            CampaignError::EndsBeforeStart => Error::rule("ends_on", Rule::CampaignEndsBeforeStart),
            CampaignError::NoUnitTypes => Error::field("unit_types", FieldIssue::Required),
            CampaignError::Status(_) => Conflict::IllegalTransition.into(),
            CampaignError::DrawHasReports => Conflict::DrawLocked.into(),
        }
    }
}

/// A write refused where the caller expected none (a key or reference it already checked).
impl From<WriteError> for Error {
    fn from(e: WriteError) -> Self {
        match e {
            WriteError::Db(e) => e.into(),
            refused => Error::internal(refused),
        }
    }
}
