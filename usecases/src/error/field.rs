//! What is wrong with one field of a request: a shape problem, or a named rule it breaks.

use anfang_domain::campaign::DrawError;
use anfang_domain::catalog::{ItemCode, ItemError};
use anfang_domain::report::{CitationError, RatingError};
use anfang_domain::settings::SettingsError;
use anfang_domain::user::AccountError;
use anfang_infra::images::ImageError;
use anfang_infra::recordings::RecordingError;

#[derive(Debug, Clone, PartialEq)]
pub enum FieldIssue {
    Required,
    /// The value does not have the expected shape; `expected` describes it (in English, for
    /// developers reading the answer).
    Format {
        expected: &'static str,
    },
    TooLong {
        max: usize,
    },
    TooShort {
        min: usize,
    },
    OutOfRange,
    /// A reference to something that does not exist (or that the caller may not know of).
    UnknownReference,
    /// A field the request does not take (nothing is silently ignored).
    NotAllowed,
    /// A field given more than once.
    Repeated,
    /// The value is not of the type the field takes; `detail` says which (in English).
    WrongType {
        detail: String,
    },
    /// A query string that cannot be read; `detail` says why (in English).
    BadQuery {
        detail: String,
    },
    /// A compressed request body (`Content-Encoding`), which is never accepted.
    Compressed,
    /// A rule of the business or between fields.
    Rule(Rule),
}

/// Every rule a field can break, by name. Each has a stable code in the answers (see
/// `api/src/error/rules.rs`, which also words them).
#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    /// A report names a drawn visit whose campaign is not under way.
    CampaignNotActive,
    /// A report's unit is not the unit of the visit it names.
    AssignmentUnitMismatch,
    /// A new report names a unit that is no longer inspected.
    UnitInactive,
    /// A `major` rating has neither a linked photo nor a note saying why there is none.
    MajorWithoutEvidence,
    /// A file the phone declared for the report has not arrived, nor been withdrawn.
    EvidenceNotReceived,
    /// A file arrived under a declared id, but not the file declared (size or SHA-256).
    EvidenceNotAsDeclared,
    /// A declared file has arrived already: its declaration stands as it was.
    EvidenceAlreadyReceived,
    /// The current password given is not the account's.
    WrongCurrentPassword,
    /// An admin may not disable their own account or drop their own admin role.
    OwnAdminAccess,
    /// One's own password changes at `/me/password`, with the current one.
    OwnPasswordViaMe,
    /// An inspector is named twice on a team.
    DuplicateInspector,
    /// An inspector may not inspect their own unit or a unit of their home district.
    InspectorRecused,
    /// A follow-up visit goes into a campaign under way.
    FollowUpCampaignNotActive,
    /// A notice is for a month that has begun.
    MonthNotBegun,
    /// A range of days ends before it starts.
    RangeReversed,
    /// A visit ends before it starts.
    VisitEndsBeforeStart,
    /// A visit is dated in the future.
    VisitInFuture,
    /// A location needs both latitude and longitude.
    CoordinatesPaired,
    /// A checklist item's dimension is the prefix of its code.
    DimensionMismatch,
    /// Measurement rules belong to measured items only, and every measured item has one.
    MeasurementRule,
    /// A campaign ends before it starts.
    CampaignEndsBeforeStart,
    /// A district code names a province or prefecture, not a county.
    DistrictNotCountyLevel,
    /// A password mixes fewer than two kinds of character.
    PasswordTooSimple,
    Account(AccountError),
    Item(ItemError),
    ChecklistEmpty,
    DuplicateItem(ItemCode),
    Setting(SettingsError),
    Rating(RatingError),
    /// Which of the draw's rules cannot be met, for which unit type.
    Draw(DrawError),
    /// Why an uploaded image is refused.
    Image(ImageError),
    /// Why an uploaded recording is refused.
    Recording(RecordingError),
    /// A cited segment of a recording that cannot be.
    Citation(CitationError),
    /// A rating cites a recording the report does not have, or past its end.
    CitationNotInRecording,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FieldProblem {
    /// A JSON path into the request, e.g. `items[3].weight`.
    pub field: String,
    pub issue: FieldIssue,
}

impl FieldProblem {
    pub fn new(field: impl Into<String>, issue: impl Into<FieldIssue>) -> Self {
        Self {
            field: field.into(),
            issue: issue.into(),
        }
    }
}

impl From<Rule> for FieldIssue {
    fn from(rule: Rule) -> Self {
        FieldIssue::Rule(rule)
    }
}
