//! An assignment: one drawn visit, `pending → visited → reported` as its report goes in.

use chrono::{DateTime, Utc};

use crate::catalog::CodeFormatError;
use crate::ids::{AssignmentId, CampaignId, FindingId, UnitId, UserId};
use crate::report::ReportStatus;

/// One drawn visit: a unit, a team, the scenario to act out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub id: AssignmentId,
    pub campaign_id: CampaignId,
    pub unit_id: UnitId,
    pub scenario: usize,
    pub status: AssignmentStatus,
    pub inspectors: Vec<UserId>,
    pub created_at: DateTime<Utc>,
    /// A follow-up visit (复查) a supervisor added to check this finding; `None` when drawn.
    pub follow_up_of: Option<FindingId>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum AssignmentStatus {
    Pending,
    /// A report was started.
    Visited,
    /// The report was submitted.
    Reported,
}

impl AssignmentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AssignmentStatus::Pending => "pending",
            AssignmentStatus::Visited => "visited",
            AssignmentStatus::Reported => "reported",
        }
    }

    /// The status once a report of the visit is in `report`; never goes back.
    pub fn after_report(self, report: ReportStatus) -> Self {
        let reached = match report {
            ReportStatus::Draft => AssignmentStatus::Visited,
            _ => AssignmentStatus::Reported,
        };
        self.max(reached)
    }

    /// The status once the visit's last draft was thrown away: started, then not.
    pub fn after_last_draft_discarded(self) -> Self {
        match self {
            AssignmentStatus::Visited => AssignmentStatus::Pending,
            other => other,
        }
    }
}

impl std::fmt::Display for AssignmentStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for AssignmentStatus {
    type Err = CodeFormatError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "pending" => Ok(AssignmentStatus::Pending),
            "visited" => Ok(AssignmentStatus::Visited),
            "reported" => Ok(AssignmentStatus::Reported),
            _ => Err(CodeFormatError {
                expected: "pending, visited or reported",
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_assignment_only_moves_forward() {
        assert_eq!(
            AssignmentStatus::Pending.after_report(ReportStatus::Draft),
            AssignmentStatus::Visited
        );
        assert_eq!(
            AssignmentStatus::Visited.after_report(ReportStatus::Submitted),
            AssignmentStatus::Reported
        );
        assert_eq!(
            AssignmentStatus::Reported.after_report(ReportStatus::Returned),
            AssignmentStatus::Reported
        );
        assert_eq!(
            AssignmentStatus::Reported.after_report(ReportStatus::Draft),
            AssignmentStatus::Reported
        );
    }
}
