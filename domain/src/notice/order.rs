//! Who reads which rectification order (整改通知书). On publication each unit with findings in
//! the notice gets one; its manager reads that unit's order and no other (an order names the
//! unit's problems, which are no business of its neighbours); those who make and sign notices
//! read every unit's; an inspector's role does not include notices.

use super::NoticeScope;
use crate::ids::UnitId;
use crate::user::User;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderScope {
    AllUnits,
    OwnUnit(UnitId),
    Nothing,
}

impl OrderScope {
    pub fn for_user(user: &User) -> Self {
        match (NoticeScope::for_role(user.role), user.unit_id) {
            (NoticeScope::All | NoticeScope::Signing, _) => OrderScope::AllUnits,
            (NoticeScope::PublishedOnly, Some(unit)) => OrderScope::OwnUnit(unit),
            _ => OrderScope::Nothing,
        }
    }

    pub fn admits(self, unit: UnitId) -> bool {
        match self {
            OrderScope::AllUnits => true,
            OrderScope::OwnUnit(own) => own == unit,
            OrderScope::Nothing => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;
    use crate::user::{DisplayName, Username};

    fn user(role: Role, unit: Option<UnitId>) -> User {
        User {
            id: crate::ids::UserId::new_random(),
            username: Username::parse("someone").unwrap(),
            display_name: "某人".parse::<DisplayName>().unwrap(),
            role,
            unit_id: unit,
            district: None,
            active: true,
            created_at: chrono::Utc::now(),
        }
    }

    #[test]
    fn a_manager_reads_only_the_order_of_their_own_unit() {
        let (own, other) = (UnitId::new_random(), UnitId::new_random());
        let manager = OrderScope::for_user(&user(Role::UnitManager, Some(own)));
        assert!(manager.admits(own));
        assert!(!manager.admits(other));
    }

    #[test]
    fn the_bureau_reads_every_order_and_inspectors_none() {
        let unit = UnitId::new_random();
        for role in [Role::Admin, Role::Supervisor, Role::Leader] {
            assert!(
                OrderScope::for_user(&user(role, None)).admits(unit),
                "{role:?}"
            );
        }
        assert_eq!(
            OrderScope::for_user(&user(Role::Inspector, None)),
            OrderScope::Nothing
        );
        assert!(!OrderScope::for_user(&user(Role::Inspector, None)).admits(unit));
    }
}
