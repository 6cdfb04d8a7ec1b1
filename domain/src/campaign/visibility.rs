//! 四不两直: before a campaign closes, nobody but supervisors and admins — and each team member
//! for their own visit — may learn anything of it. After it closes, the draw record is published
//! to leaders, and to each unit's manager for their own unit (一公开).

use super::CampaignStatus;
use crate::auth::Role;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_leaks_before_closing() {
        for status in [CampaignStatus::Draft, CampaignStatus::Active] {
            for role in [Role::Leader, Role::UnitManager, Role::Inspector] {
                assert_eq!(
                    CampaignView::of(role, status),
                    CampaignView::None,
                    "{role} {status:?}"
                );
            }
        }
        assert_eq!(
            CampaignView::of(Role::Leader, CampaignStatus::Closed),
            CampaignView::Published
        );
        assert_eq!(
            CampaignView::of(Role::UnitManager, CampaignStatus::Closed),
            CampaignView::OwnUnit
        );
        assert_eq!(
            CampaignView::of(Role::Inspector, CampaignStatus::Closed),
            CampaignView::None
        );
    }
}
