//! Findings (问题) and their rectification (整改), SPEC §3.5: what an approved report leaves a
//! unit to put right, by when, and how the unit may contest it.

mod appeal;
mod follow_up;
mod ledger;
mod lifecycle;
mod origin;
mod record;
mod rectification_photo;
mod visibility;

pub use appeal::{Appeal, AppealDecision, AppealError, decide, file};
pub use follow_up::{MAX_FOLLOW_UP_TEAM, TeamError, awaits_follow_up, check_team};
pub use ledger::{AppealState, Awaiting, FilterNotAllowed, LedgerFilter, LedgerSort};
pub use lifecycle::{FindingError, FindingStatus, Verdict, judge, overdue_at, publish, rectify};
pub use origin::{
    DeadlineSettings, FindingSeed, REPEAT_WINDOW, Severity, findings_from, is_repeat,
};
pub use record::{Finding, FindingText};
pub use rectification_photo::{RectificationPhoto, accepts_rectification_photos};
pub use visibility::{FindingFields, FindingScope};
