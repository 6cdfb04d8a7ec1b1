//! 四不两直: before a campaign closes, nobody but supervisors and admins — and each team member
//! for their own visit — may learn anything of it. After it closes, the draw record is published
//! to leaders, and to each unit's manager for their own unit (一公开).

use super::CampaignStatus;
use crate::auth::Role;
use crate::ids::{UnitId, UserId};

/// How much of a campaign a role may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CampaignView {
    /// Everything, at any time.
    Full,
    /// The published record of a closed campaign.
    Published,
    /// The published record, only the visits to the viewer's own unit.
    OwnUnit,
    /// Nothing: for this viewer the campaign does not exist.
    None,
}

impl CampaignView {
    pub fn of(role: Role, status: CampaignStatus) -> Self {
        match (role, status) {
            (Role::Admin | Role::Supervisor, _) => CampaignView::Full,
            (Role::Leader, CampaignStatus::Closed) => CampaignView::Published,
            (Role::UnitManager, CampaignStatus::Closed) => CampaignView::OwnUnit,
            _ => CampaignView::None,
        }
    }
}

/// Which campaigns a list may hold for a viewer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CampaignScope {
    All,
    /// Closed campaigns only.
    Closed,
    /// Closed campaigns that drew this unit.
    ClosedDrawing(UnitId),
    None,
}

impl CampaignScope {
    pub fn for_viewer(role: Role, unit: Option<UnitId>) -> Self {
        match role {
            Role::Admin | Role::Supervisor => CampaignScope::All,
            Role::Leader => CampaignScope::Closed,
            Role::UnitManager => unit.map_or(CampaignScope::None, CampaignScope::ClosedDrawing),
            Role::Inspector => CampaignScope::None,
        }
    }
}

/// Which drawn visits (assignments) a viewer may know of: every one for supervisors and
/// admins; an inspector their own, once the campaign is under way; for others none exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssignmentScope {
    All,
    OwnOnceUnderWay(UserId),
    Nothing,
}

impl AssignmentScope {
    pub fn for_viewer(viewer: UserId, role: Role) -> Self {
        match role {
            Role::Admin | Role::Supervisor => AssignmentScope::All,
            Role::Inspector => AssignmentScope::OwnOnceUnderWay(viewer),
            Role::Leader | Role::UnitManager => AssignmentScope::Nothing,
        }
    }

    /// May the viewer know of a visit by `team` in a campaign that is `status`?
    pub fn admits(self, team: &[UserId], status: CampaignStatus) -> bool {
        match self {
            AssignmentScope::All => true,
            AssignmentScope::OwnOnceUnderWay(viewer) => {
                team.contains(&viewer) && status != CampaignStatus::Draft
            }
            AssignmentScope::Nothing => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Role × status → what of the campaign is seen: nothing leaks before it closes.
    #[test]
    fn each_role_sees_of_a_campaign_what_the_spec_says() {
        use CampaignView::{Full, None, OwnUnit, Published};
        #[rustfmt::skip]
        let table = [
            //                  draft, active, closed
            (Role::Admin,       [Full, Full, Full     ]),
            (Role::Supervisor,  [Full, Full, Full     ]),
            (Role::Leader,      [None, None, Published]),
            (Role::UnitManager, [None, None, OwnUnit  ]),
            (Role::Inspector,   [None, None, None     ]),
        ];
        for (role, expected) in table {
            let seen = [
                CampaignStatus::Draft,
                CampaignStatus::Active,
                CampaignStatus::Closed,
            ]
            .map(|status| CampaignView::of(role, status));
            assert_eq!(seen, expected, "{role}");
        }
    }

    /// Role × (on the team?, campaign status) → the visit is known of.
    #[test]
    fn each_role_knows_of_the_visits_the_spec_says() {
        let (viewer, other) = (UserId::new_random(), UserId::new_random());
        #[rustfmt::skip]
        let table = [
            //                           on the team: draft, active, closed; not on it: …
            (Role::Admin,       [true,  true,  true,  true,  true,  true ]),
            (Role::Supervisor,  [true,  true,  true,  true,  true,  true ]),
            (Role::Inspector,   [false, true,  true,  false, false, false]),
            (Role::Leader,      [false, false, false, false, false, false]),
            (Role::UnitManager, [false, false, false, false, false, false]),
        ];
        let statuses = [
            CampaignStatus::Draft,
            CampaignStatus::Active,
            CampaignStatus::Closed,
        ];
        for (role, expected) in table {
            let scope = AssignmentScope::for_viewer(viewer, role);
            let mut seen = [false; 6];
            for (i, status) in statuses.into_iter().enumerate() {
                seen[i] = scope.admits(&[viewer, other], status);
                seen[i + 3] = scope.admits(&[other], status);
            }
            assert_eq!(seen, expected, "{role}");
        }
    }

    #[test]
    fn campaign_lists_hold_what_each_role_may_know_of() {
        let unit = UnitId::new_random();
        #[rustfmt::skip]
        let table = [
            (Role::Admin,       Some(unit), CampaignScope::All),
            (Role::Supervisor,  None,       CampaignScope::All),
            (Role::Leader,      None,       CampaignScope::Closed),
            (Role::UnitManager, Some(unit), CampaignScope::ClosedDrawing(unit)),
            (Role::UnitManager, None,       CampaignScope::None),
            (Role::Inspector,   Some(unit), CampaignScope::None),
        ];
        for (role, bound_to, expected) in table {
            assert_eq!(
                CampaignScope::for_viewer(role, bound_to),
                expected,
                "{role}"
            );
        }
    }
}
