//! Who sees which report (SPEC §1): a draft is its author's alone; inspectors see their own;
//! supervisors and admins every submitted one; leaders approved ones; unit managers none —
//! for them a report does not exist.

use super::ReportStatus;
use crate::auth::Role;
use crate::ids::UserId;

/// Which reports a list may contain for a viewer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportScope {
    /// The viewer's own, whatever their status.
    OwnOnly(UserId),
    /// Every report but drafts.
    AllSubmitted,
    /// Approved reports only.
    ApprovedOnly,
    /// None at all.
    Nothing,
}

impl ReportScope {
    pub fn for_viewer(viewer: UserId, role: Role) -> Self {
        match role {
            Role::Inspector => ReportScope::OwnOnly(viewer),
            Role::Supervisor | Role::Admin => ReportScope::AllSubmitted,
            Role::Leader => ReportScope::ApprovedOnly,
            Role::UnitManager => ReportScope::Nothing,
        }
    }

    /// May a viewer with this scope see a report by `author` that is `status`?
    pub fn admits(self, author: UserId, status: ReportStatus) -> bool {
        match self {
            ReportScope::OwnOnly(viewer) => viewer == author,
            ReportScope::AllSubmitted => status != ReportStatus::Draft,
            ReportScope::ApprovedOnly => status == ReportStatus::Approved,
            ReportScope::Nothing => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_role_sees_what_the_spec_says() {
        let (author, other) = (UserId::new_random(), UserId::new_random());
        for status in ReportStatus::ALL {
            assert!(ReportScope::for_viewer(author, Role::Inspector).admits(author, status));
            assert!(!ReportScope::for_viewer(other, Role::Inspector).admits(author, status));
            assert!(!ReportScope::for_viewer(other, Role::UnitManager).admits(author, status));
            let supervisor = ReportScope::for_viewer(other, Role::Supervisor);
            assert_eq!(
                supervisor.admits(author, status),
                status != ReportStatus::Draft
            );
            let leader = ReportScope::for_viewer(other, Role::Leader);
            assert_eq!(
                leader.admits(author, status),
                status == ReportStatus::Approved
            );
        }
    }
}
