//! 复查: a supervisor may send inspectors back to the unit before verifying a rectification.
//! The visit is an assignment; its team follows the draw's rule of 回避, and verification
//! waits until every such visit is reported.

use thiserror::Error;

use crate::campaign::{AssignmentStatus, DrawInspector, DrawUnit};
use crate::ids::UserId;

/// A follow-up team has one to this many inspectors.
pub const MAX_FOLLOW_UP_TEAM: usize = 5;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TeamError {
    #[error("a follow-up visit needs one to {MAX_FOLLOW_UP_TEAM} inspectors")]
    Size,
    #[error("inspector {0} is named twice")]
    Duplicate(usize),
    #[error("inspector {0} is not an active inspector")]
    NotAnInspector(usize),
    #[error("inspector {0} may not inspect this unit: their own unit or district (回避)")]
    Recusal(usize),
}

/// Checks a follow-up team against the active inspectors.
pub fn check_team(
    unit: &DrawUnit,
    team: &[UserId],
    pool: &[DrawInspector],
) -> Result<(), TeamError> {
    if team.is_empty() || team.len() > MAX_FOLLOW_UP_TEAM {
        return Err(TeamError::Size);
    }
    for (i, member) in team.iter().enumerate() {
        if team[..i].contains(member) {
            return Err(TeamError::Duplicate(i));
        }
        let inspector = pool
            .iter()
            .find(|p| p.id == *member)
            .ok_or(TeamError::NotAnInspector(i))?;
        if !inspector.may_inspect(unit) {
            return Err(TeamError::Recusal(i));
        }
    }
    Ok(())
}

/// Verification waits while a required follow-up visit has not been reported.
pub fn awaits_follow_up(visits: impl IntoIterator<Item = AssignmentStatus>) -> bool {
    visits.into_iter().any(|s| s != AssignmentStatus::Reported)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{DistrictCode, UnitTypeCode};
    use crate::ids::UnitId;

    #[test]
    fn a_team_never_includes_someone_of_the_units_district() {
        let unit = DrawUnit {
            id: UnitId::new_random(),
            unit_type: UnitTypeCode::parse("EMP").unwrap(),
            district: DistrictCode::parse("330102").unwrap(),
        };
        let inspector = |district: &str| DrawInspector {
            id: UserId::new_random(),
            unit: None,
            district: DistrictCode::parse(district).unwrap(),
        };
        let (away, local) = (inspector("330106"), inspector("330102"));
        let pool = [away.clone(), local.clone()];
        assert_eq!(check_team(&unit, &[away.id], &pool), Ok(()));
        assert_eq!(
            check_team(&unit, &[away.id, local.id], &pool),
            Err(TeamError::Recusal(1))
        );
        assert_eq!(
            check_team(&unit, &[away.id, away.id], &pool),
            Err(TeamError::Duplicate(1))
        );
        assert_eq!(
            check_team(&unit, &[UserId::new_random()], &pool),
            Err(TeamError::NotAnInspector(0))
        );
        assert_eq!(check_team(&unit, &[], &pool), Err(TeamError::Size));
        assert!(awaits_follow_up([
            AssignmentStatus::Reported,
            AssignmentStatus::Visited
        ]));
        assert!(!awaits_follow_up([AssignmentStatus::Reported]));
    }
}
