//! Who knows of which finding (SPEC §3.5): the bureau's supervisors, admins and leaders all of
//! them; a unit's manager only its own unit's, and only once published (until then the
//! finding does not exist for the unit); inspectors none.

use crate::auth::Role;
use crate::ids::UnitId;

/// Which findings a viewer may know of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FindingScope {
    All,
    /// The published findings of one unit.
    PublishedOf(UnitId),
    Nothing,
}

impl FindingScope {
    pub fn for_viewer(role: Role, unit: Option<UnitId>) -> Self {
        match (role, unit) {
            (Role::Admin | Role::Supervisor | Role::Leader, _) => FindingScope::All,
            (Role::UnitManager, Some(unit)) => FindingScope::PublishedOf(unit),
            (Role::UnitManager, None) | (Role::Inspector, _) => FindingScope::Nothing,
        }
    }

    /// May a viewer with this scope know of a finding of `unit`, published or not?
    pub fn admits(self, unit: UnitId, published: bool) -> bool {
        match self {
            FindingScope::All => true,
            FindingScope::PublishedOf(own) => published && own == unit,
            FindingScope::Nothing => false,
        }
    }
}

/// Which parts of a finding a viewer who may know of it is shown. The unit is told what to put
/// right and on which day it was found, never the minute (which, with a camera over the counter,
/// would name the inspector) nor who found it; the bureau sees everything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FindingFields {
    /// The visit's exact time, and the follow-up visits and reviewer's trail around it.
    pub visit_time: bool,
}

impl FindingFields {
    pub fn for_viewer(role: Role) -> Self {
        Self {
            visit_time: matches!(role, Role::Admin | Role::Supervisor | Role::Leader),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Role × (whose unit, published?) → visible, as SPEC §3.5 has it.
    #[test]
    fn each_role_knows_of_the_findings_the_spec_says() {
        let (own, other) = (UnitId::new_random(), UnitId::new_random());
        #[rustfmt::skip]
        let table = [
            //                       own unit:            other unit:
            //                       unpublished, published, unpublished, published
            (Role::Admin,       Some(own), [true,  true,  true,  true ]),
            (Role::Supervisor,  None,      [true,  true,  true,  true ]),
            (Role::Leader,      None,      [true,  true,  true,  true ]),
            (Role::UnitManager, Some(own), [false, true,  false, false]),
            (Role::UnitManager, None,      [false, false, false, false]),
            (Role::Inspector,   Some(own), [false, false, false, false]),
        ];
        for (role, bound_to, expected) in table {
            let scope = FindingScope::for_viewer(role, bound_to);
            let seen = [
                scope.admits(own, false),
                scope.admits(own, true),
                scope.admits(other, false),
                scope.admits(other, true),
            ];
            assert_eq!(seen, expected, "{role:?} bound to {bound_to:?}");
        }
    }

    #[test]
    fn only_the_bureau_sees_when_exactly_a_visit_was() {
        for role in Role::ALL {
            assert_eq!(
                FindingFields::for_viewer(role).visit_time,
                role != Role::UnitManager && role != Role::Inspector,
                "{role:?}"
            );
        }
    }
}
