//! Inspection reports (SPEC §2.3, §3.2, §3.4): ratings, scoring, integrity flags, and the
//! review state machine.

mod aggregate;
mod channel;
mod citation;
mod evidence;
mod flags;
mod manifest;
mod outcome;
mod photo;
mod queue_age;
pub(crate) mod rating;
mod recording;
mod scoring;
mod status;
mod visibility;

pub use aggregate::{
    Decision, DeviceInfo, Narrative, PhoneLocation, Report, ReportContent, ReviewComment, Scenario,
    VisitError, VisitWindow,
};
pub use channel::Channel;
pub use citation::{Citation, CitationError};
pub use evidence::{EvidenceGap, RecordingLengths, missing_evidence};
pub use flags::{ClockReading, IntegrityFlag, IntegritySettings, clock_skewed, visit_flags};
pub use manifest::{Arrival, Declared, EvidenceKind, ManifestError, Sha256Hex};
pub use outcome::Outcome;
pub use photo::{CAPTURE_TOLERANCE, Caption, Photo, photo_flags};
pub use queue_age::{Waiting, waiting};
pub use rating::{Note, Rating, RatingError, RatingInput, Ratings, RatingsError};
pub use recording::{Media, Recording, RecordingFormat};
pub use scoring::{Grade, Score, Scorecard, score, standing_score};
pub use status::{Action, Lease, ReportStatus, TransitionError, transition};
pub use visibility::{ReportFields, ReportScope};
