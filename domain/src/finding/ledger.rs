//! The rectification ledger (整改台账): which findings a desk asks for, and in what order. What a
//! role may ask is part of the rule: a unit's manager may not ask anything that would tell of
//! campaigns or of visits still to come (a follow-up visit is unannounced too).

use std::str::FromStr;

use crate::auth::Role;
use crate::catalog::{CodeFormatError, DistrictCode, UnitTypeCode};
use crate::day_range::DayRange;
use crate::ids::{CampaignId, ReportId, UnitId};

use super::{FindingStatus, Severity};

/// Where a finding's appeal stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppealState {
    Pending,
    Upheld,
    Overturned,
}

/// Whose move it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Awaiting {
    /// The unit's rectification (published, open, sent back or overdue, not under appeal).
    Unit,
    /// A supervisor's verification of a rectification.
    Verification,
    /// A decision on the unit's appeal.
    AppealDecision,
    /// A follow-up visit not yet reported.
    FollowUp,
}

/// The order of a ledger page: as the findings were made (default), by deadline, or by visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LedgerSort {
    #[default]
    Created,
    Deadline,
    Visit,
}

/// Everything a ledger query may narrow by; `None` (or an empty range) does not narrow.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LedgerFilter {
    pub unit: Option<UnitId>,
    pub unit_type: Option<UnitTypeCode>,
    pub district: Option<DistrictCode>,
    pub campaign: Option<CampaignId>,
    pub report: Option<ReportId>,
    pub status: Option<FindingStatus>,
    pub severity: Option<Severity>,
    pub critical: Option<bool>,
    pub repeat: Option<bool>,
    pub published: Option<bool>,
    pub appeal: Option<AppealState>,
    pub awaiting: Option<Awaiting>,
    pub deadline: DayRange,
    pub visited: DayRange,
}

/// A filter a viewer may not use, named by its parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the {0} filter is not open to this role")]
pub struct FilterNotAllowed(pub &'static str);

impl LedgerFilter {
    /// Refuses what would tell a unit of campaigns or coming visits. The refusal does not
    /// depend on the value, so it tells nothing either.
    pub fn check_for(&self, role: Role) -> Result<(), FilterNotAllowed> {
        if role != Role::UnitManager {
            return Ok(());
        }
        if self.campaign.is_some() {
            return Err(FilterNotAllowed("campaign_id"));
        }
        if self.awaiting == Some(Awaiting::FollowUp) {
            return Err(FilterNotAllowed("waiting_for"));
        }
        Ok(())
    }
}

macro_rules! words {
    ($ty:ident, $expected:literal, $($variant:ident => $word:literal),+ $(,)?) => {
        impl $ty {
            pub fn as_str(self) -> &'static str {
                match self { $($ty::$variant => $word),+ }
            }
        }

        impl FromStr for $ty {
            type Err = CodeFormatError;

            fn from_str(s: &str) -> Result<Self, CodeFormatError> {
                match s {
                    $($word => Ok($ty::$variant),)+
                    _ => Err(CodeFormatError { expected: $expected }),
                }
            }
        }
    };
}

words!(AppealState, "pending, upheld or overturned",
    Pending => "pending", Upheld => "upheld", Overturned => "overturned");
words!(Awaiting, "unit, verification, appeal_decision or follow_up",
    Unit => "unit", Verification => "verification", AppealDecision => "appeal_decision",
    FollowUp => "follow_up");
words!(LedgerSort, "created, deadline or visit",
    Created => "created", Deadline => "deadline", Visit => "visit");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_unit_manager_may_not_ask_about_campaigns_or_coming_visits() {
        let by_campaign = LedgerFilter {
            campaign: Some(CampaignId::new_random()),
            ..LedgerFilter::default()
        };
        let follow_ups = LedgerFilter {
            awaiting: Some(Awaiting::FollowUp),
            ..LedgerFilter::default()
        };
        let own_work = LedgerFilter {
            awaiting: Some(Awaiting::Unit),
            status: Some(FindingStatus::Overdue),
            ..LedgerFilter::default()
        };
        for role in [Role::Admin, Role::Supervisor, Role::Leader] {
            assert_eq!(by_campaign.check_for(role), Ok(()));
            assert_eq!(follow_ups.check_for(role), Ok(()));
        }
        assert_eq!(
            by_campaign.check_for(Role::UnitManager),
            Err(FilterNotAllowed("campaign_id"))
        );
        assert_eq!(
            follow_ups.check_for(Role::UnitManager),
            Err(FilterNotAllowed("waiting_for"))
        );
        assert_eq!(own_work.check_for(Role::UnitManager), Ok(()));
    }

    #[test]
    fn words_round_trip() {
        for a in [
            Awaiting::Unit,
            Awaiting::Verification,
            Awaiting::AppealDecision,
            Awaiting::FollowUp,
        ] {
            assert_eq!(a.as_str().parse::<Awaiting>(), Ok(a));
        }
        assert!("later".parse::<LedgerSort>().is_err());
    }
}
