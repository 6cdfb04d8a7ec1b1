//! A finding's status: `open → rectifying → rectified → verified`, or `overdue`; an overturned
//! appeal ends it. The unit submits its rectification; a supervisor verifies it or sends it back.

use chrono::{DateTime, Utc};
use thiserror::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FindingStatus {
    /// Found; nothing done yet.
    Open,
    /// Sent back by a supervisor: the unit works on it again.
    Rectifying,
    /// The unit says it is put right; a supervisor is to check.
    Rectified,
    /// A supervisor confirmed the rectification.
    Verified,
    /// The deadline passed before a rectification came in.
    Overdue,
    /// Appealed and overturned: it never counted.
    Overturned,
}

impl std::fmt::Display for FindingStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for FindingStatus {
    type Err = crate::catalog::CodeFormatError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        FindingStatus::ALL
            .into_iter()
            .find(|f| f.as_str() == s)
            .ok_or(crate::catalog::CodeFormatError {
                expected: "a finding status",
            })
    }
}

impl FindingStatus {
    pub const ALL: [FindingStatus; 6] = [
        FindingStatus::Open,
        FindingStatus::Rectifying,
        FindingStatus::Rectified,
        FindingStatus::Verified,
        FindingStatus::Overdue,
        FindingStatus::Overturned,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FindingStatus::Open => "open",
            FindingStatus::Rectifying => "rectifying",
            FindingStatus::Rectified => "rectified",
            FindingStatus::Verified => "verified",
            FindingStatus::Overdue => "overdue",
            FindingStatus::Overturned => "overturned",
        }
    }

    /// Still waiting for the unit.
    pub fn awaits_unit(self) -> bool {
        matches!(
            self,
            FindingStatus::Open | FindingStatus::Rectifying | FindingStatus::Overdue
        )
    }

    /// Counts in aggregates and rankings.
    pub fn stands(self) -> bool {
        self != FindingStatus::Overturned
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The rectification is confirmed.
    Verify,
    /// Not good enough: back to the unit.
    SendBack,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum FindingError {
    #[error("a finding that is {0} cannot take a rectification")]
    NotAwaitingUnit(&'static str),
    #[error("only a rectified finding can be verified or sent back (this one is {0})")]
    NotRectified(&'static str),
}

/// The unit submits its rectification (an overdue one still may, late).
pub fn rectify(status: FindingStatus) -> Result<FindingStatus, FindingError> {
    if status.awaits_unit() {
        Ok(FindingStatus::Rectified)
    } else {
        Err(FindingError::NotAwaitingUnit(status.as_str()))
    }
}

/// A supervisor's verdict on a rectification.
pub fn judge(status: FindingStatus, verdict: Verdict) -> Result<FindingStatus, FindingError> {
    match (status, verdict) {
        (FindingStatus::Rectified, Verdict::Verify) => Ok(FindingStatus::Verified),
        (FindingStatus::Rectified, Verdict::SendBack) => Ok(FindingStatus::Rectifying),
        _ => Err(FindingError::NotRectified(status.as_str())),
    }
}

/// Shows a finding to its unit. The unit's time to rectify starts now, not at approval: a
/// unit cannot put right what it has not been told (the deadline keeps its length).
/// Publishing again changes nothing.
pub fn publish(finding: &mut crate::finding::Finding, now: DateTime<Utc>) -> bool {
    if finding.published_at.is_some() {
        return false;
    }
    let allowed = finding.deadline - finding.created_at;
    finding.published_at = Some(now);
    finding.deadline = now + allowed;
    finding.updated_at = now;
    true
}

/// The periodic check: a finding still awaiting the unit after its deadline is overdue.
pub fn overdue_at(
    status: FindingStatus,
    deadline: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Option<FindingStatus> {
    (matches!(status, FindingStatus::Open | FindingStatus::Rectifying) && now > deadline)
        .then_some(FindingStatus::Overdue)
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;

    #[test]
    fn a_finding_is_rectified_sent_back_and_verified() {
        let s = rectify(FindingStatus::Open).unwrap();
        let s = judge(s, Verdict::SendBack).unwrap();
        assert_eq!(s, FindingStatus::Rectifying);
        let s = judge(rectify(s).unwrap(), Verdict::Verify).unwrap();
        assert_eq!(s, FindingStatus::Verified);
        assert!(rectify(s).is_err(), "verified is final");
        assert!(
            judge(FindingStatus::Open, Verdict::Verify).is_err(),
            "nothing to verify yet"
        );
    }

    #[test]
    fn only_findings_awaiting_the_unit_go_overdue() {
        let deadline = DateTime::<Utc>::UNIX_EPOCH;
        let later = deadline + Duration::seconds(1);
        assert_eq!(
            overdue_at(FindingStatus::Open, deadline, later),
            Some(FindingStatus::Overdue)
        );
        assert_eq!(
            overdue_at(FindingStatus::Rectifying, deadline, later),
            Some(FindingStatus::Overdue)
        );
        assert_eq!(
            overdue_at(FindingStatus::Open, deadline, deadline),
            None,
            "on the deadline is in time"
        );
        for done in [
            FindingStatus::Rectified,
            FindingStatus::Verified,
            FindingStatus::Overturned,
            FindingStatus::Overdue,
        ] {
            assert_eq!(overdue_at(done, deadline, later), None, "{done:?}");
        }
        assert_eq!(
            rectify(FindingStatus::Overdue),
            Ok(FindingStatus::Rectified),
            "late is better than never"
        );
    }
}
