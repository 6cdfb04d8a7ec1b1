use std::fmt;
use std::str::FromStr;

use thiserror::Error;

/// The five roles of SPEC §1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Bureau IT: users, units, checklist versions, settings; and all a supervisor may.
    Admin,
    /// 督查组: campaigns, draws, review, findings, notices.
    Supervisor,
    /// 暗访员: own assignments and reports.
    Inspector,
    /// 窗口单位负责人: bound to one unit; sees only what has been published about it.
    UnitManager,
    /// 局领导: read-only over approved reports, findings, notices and statistics.
    Leader,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("unknown role")]
pub struct UnknownRole;

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Admin,
        Role::Supervisor,
        Role::Inspector,
        Role::UnitManager,
        Role::Leader,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Supervisor => "supervisor",
            Role::Inspector => "inspector",
            Role::UnitManager => "unit_manager",
            Role::Leader => "leader",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = UnknownRole;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or(UnknownRole)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_through_their_names() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
        assert_eq!("root".parse::<Role>(), Err(UnknownRole));
    }
}
