//! Inspection reports (SPEC §2.3, §3.2, §3.4): ratings, scoring, integrity flags, and the
//! review state machine.

mod channel;
mod evidence;
mod flags;
mod outcome;
mod rating;
mod scoring;
mod status;

pub use channel::Channel;
pub use evidence::{EvidenceGap, missing_evidence};
pub use flags::{IntegrityFlag, IntegritySettings, visit_flags};
pub use outcome::Outcome;
pub use rating::{Note, Rating, RatingError, RatingInput, Ratings, RatingsError};
pub use scoring::{Grade, Score, Scorecard, score};
pub use status::{Action, Lease, ReportStatus, TransitionError, transition};
