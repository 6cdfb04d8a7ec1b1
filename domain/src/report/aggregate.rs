//! The report aggregate: what the inspector wrote, and what the server worked out from it.

use chrono::{DateTime, Duration, Utc};
use thiserror::Error;

use super::{Channel, IntegrityFlag, Lease, Ratings, ReportStatus, Scorecard};
use crate::catalog::{DistrictCode, GeoError, GeoPoint, UnitTypeCode};
use crate::ids::{AssignmentId, ChecklistId, ReportId, UnitId, UserId};

crate::bounded_text!(
    /// The matter the inspector tried to get done (模拟事项).
    Scenario, max = 500, multiline = false
);
crate::bounded_text!(
    /// The inspector's account of the visit.
    Narrative, max = 10_000, multiline = true
);
crate::bounded_text!(
    /// The phone's self-description (model, OS, app version).
    DeviceInfo, max = 500, multiline = false
);
crate::bounded_text!(
    /// A reviewer's reason for returning or rejecting, or remark on approving.
    ReviewComment, max = 2000, multiline = true
);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum VisitError {
    #[error("the visit cannot end before it starts")]
    EndBeforeStart,
    #[error("the visit cannot be in the future")]
    InFuture,
}

/// When the visit happened: it ends no earlier than it starts, and not in the future (phones'
/// clocks drift, so a few minutes' grace).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VisitWindow {
    started: DateTime<Utc>,
    ended: DateTime<Utc>,
}

impl VisitWindow {
    pub const CLOCK_GRACE: Duration = Duration::minutes(5);

    pub fn new(
        started: DateTime<Utc>,
        ended: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Self, VisitError> {
        if ended < started {
            return Err(VisitError::EndBeforeStart);
        }
        if ended > now + Self::CLOCK_GRACE {
            return Err(VisitError::InFuture);
        }
        Ok(Self { started, ended })
    }

    pub fn started(&self) -> DateTime<Utc> {
        self.started
    }

    pub fn ended(&self) -> DateTime<Utc> {
        self.ended
    }
}

/// Where the phone was, and how sure it was.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PhoneLocation {
    point: GeoPoint,
    accuracy_m: f64,
}

impl PhoneLocation {
    pub fn new(point: GeoPoint, accuracy_m: f64) -> Result<Self, GeoError> {
        if accuracy_m.is_finite() && (0.0..=100_000.0).contains(&accuracy_m) {
            Ok(Self { point, accuracy_m })
        } else {
            Err(GeoError::Radius {
                min: 0,
                max: 100_000,
            })
        }
    }

    pub fn point(&self) -> GeoPoint {
        self.point
    }

    pub fn accuracy_m(&self) -> f64 {
        self.accuracy_m
    }
}

/// What the inspector writes; everything else about a report is the server's.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportContent {
    pub unit_id: UnitId,
    pub checklist_id: ChecklistId,
    pub assignment_id: Option<AssignmentId>,
    pub channel: Channel,
    pub scenario: Scenario,
    pub visit: VisitWindow,
    pub narrative: Option<Narrative>,
    pub location: Option<PhoneLocation>,
    pub device: Option<DeviceInfo>,
}

/// A reviewer's decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Approve,
    Return,
    Reject,
}

impl Decision {
    /// Returning or rejecting needs a reason the inspector (and later a disciplinary case)
    /// can read.
    pub fn needs_comment(self) -> bool {
        matches!(self, Decision::Return | Decision::Reject)
    }

    pub fn action(self) -> super::Action {
        match self {
            Decision::Approve => super::Action::Approve,
            Decision::Return => super::Action::Return,
            Decision::Reject => super::Action::Reject,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub id: ReportId,
    pub inspector_id: UserId,
    pub content: ReportContent,
    pub ratings: Ratings,
    /// The unit's type and district when the report was written.
    pub unit_type: UnitTypeCode,
    pub district: DistrictCode,
    pub status: ReportStatus,
    /// Goes up by one with every change; the `ETag`.
    pub version: u32,
    pub scorecard: Scorecard,
    pub flags: Vec<IntegrityFlag>,
    pub lease: Option<Lease>,
    pub reviewer_id: Option<UserId>,
    pub review_comment: Option<ReviewComment>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub decided_at: Option<DateTime<Utc>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minutes: i64) -> DateTime<Utc> {
        DateTime::<Utc>::UNIX_EPOCH + Duration::minutes(minutes)
    }

    #[test]
    fn a_visit_ends_after_it_starts_and_not_in_the_future() {
        assert!(VisitWindow::new(at(0), at(20), at(60)).is_ok());
        assert_eq!(
            VisitWindow::new(at(20), at(0), at(60)),
            Err(VisitError::EndBeforeStart)
        );
        assert!(
            VisitWindow::new(at(0), at(63), at(60)).is_ok(),
            "a phone clock a little ahead"
        );
        assert_eq!(
            VisitWindow::new(at(0), at(70), at(60)),
            Err(VisitError::InFuture)
        );
    }
}
