//! Who sees which report (SPEC §1): a draft is its author's alone; inspectors see their own;
//! supervisors and admins every submitted one; leaders approved ones; unit managers none —
//! for them a report does not exist. And of a report one may see, which parts: the review's
//! details are for reviewers, the campaign link not for leaders, original photos (evidence)
//! for supervisors and admins only.

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

/// Which parts of a report (and of its photos) a viewer who may see it is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportFields {
    /// Integrity flags (the report's and its photos') and the review lease.
    pub review_details: bool,
    /// Which drawn visit, and so which campaign, the report answers. Leaders see approved
    /// reports while their campaign may still be under way, so the link is kept from them.
    pub campaign_link: bool,
    /// The photos as uploaded, rather than their re-encoded copies: evidence, every download
    /// audited.
    pub original_photos: bool,
}

impl ReportFields {
    pub fn for_role(role: Role) -> Self {
        Self {
            review_details: role != Role::Inspector,
            campaign_link: role != Role::Leader,
            original_photos: matches!(role, Role::Supervisor | Role::Admin),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Role × status → visible, for the author and for someone else.
    #[test]
    fn each_role_sees_the_reports_the_spec_says() {
        use ReportStatus::*;
        let (author, other) = (UserId::new_random(), UserId::new_random());
        let statuses = [Draft, Submitted, InReview, Returned, Approved, Rejected];
        assert_eq!(statuses.len(), ReportStatus::ALL.len());
        #[rustfmt::skip]
        let table = [
            //                            draft  subm.  review return appr.  reject
            (Role::Inspector,   author, [true,  true,  true,  true,  true,  true ]),
            (Role::Inspector,   other,  [false, false, false, false, false, false]),
            (Role::Supervisor,  other,  [false, true,  true,  true,  true,  true ]),
            (Role::Admin,       other,  [false, true,  true,  true,  true,  true ]),
            (Role::Leader,      other,  [false, false, false, false, true,  false]),
            (Role::UnitManager, other,  [false, false, false, false, false, false]),
        ];
        for (role, viewer, expected) in table {
            let scope = ReportScope::for_viewer(viewer, role);
            let seen = statuses.map(|status| scope.admits(author, status));
            assert_eq!(seen, expected, "{role:?}, author: {}", viewer == author);
        }
    }

    /// Role × part of the report → shown.
    #[test]
    fn each_role_is_shown_the_parts_the_spec_says() {
        #[rustfmt::skip]
        let table = [
            //                  review details, campaign link, original photos
            (Role::Inspector,   [false, true,  false]),
            (Role::Supervisor,  [true,  true,  true ]),
            (Role::Admin,       [true,  true,  true ]),
            (Role::Leader,      [true,  false, false]),
            (Role::UnitManager, [true,  true,  false]),
        ];
        for (role, expected) in table {
            let f = ReportFields::for_role(role);
            assert_eq!(
                [f.review_details, f.campaign_link, f.original_photos],
                expected,
                "{role:?}"
            );
        }
    }
}
