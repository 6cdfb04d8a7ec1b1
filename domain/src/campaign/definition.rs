//! A campaign (暗访批次): what is inspected, when, against which checklist, acting out which
//! matters; `draft → active → closed`.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, Utc};
use thiserror::Error;

use crate::catalog::{CodeFormatError, DistrictCode, UnitTypeCode};
use crate::ids::{ChecklistId, UserId};

crate::bounded_text!(
    /// e.g. 2026年11月人社窗口作风暗访
    CampaignName, max = 100, multiline = false
);
crate::bounded_text!(
    /// The matter an inspector attempts (模拟事项), e.g. 咨询失业保险金申领条件.
    ScenarioMatter, max = 500, multiline = false
);
crate::bounded_text!(
    /// A document a citizen would bring for the matter.
    ScenarioDocument, max = 200, multiline = false
);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CampaignScenario {
    pub matter: ScenarioMatter,
    pub documents: Vec<ScenarioDocument>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CampaignStatus {
    Draft,
    Active,
    Closed,
}

impl CampaignStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CampaignStatus::Draft => "draft",
            CampaignStatus::Active => "active",
            CampaignStatus::Closed => "closed",
        }
    }
}

impl std::fmt::Display for CampaignStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for CampaignStatus {
    type Err = CodeFormatError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "draft" => Ok(CampaignStatus::Draft),
            "active" => Ok(CampaignStatus::Active),
            "closed" => Ok(CampaignStatus::Closed),
            _ => Err(CodeFormatError {
                expected: "draft, active or closed",
            }),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum CampaignError {
    #[error("the campaign cannot end before it starts")]
    EndsBeforeStart,
    #[error("a campaign targets at least one unit type")]
    NoUnitTypes,
    #[error("a campaign that is {0} cannot be changed that way")]
    Status(&'static str),
    #[error("the draw cannot be run again: a drawn visit already has a report")]
    DrawHasReports,
}

/// What a campaign is; checked on the way in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CampaignPlan {
    pub name: CampaignName,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub unit_types: BTreeSet<UnitTypeCode>,
    /// Empty: every district.
    pub districts: BTreeSet<DistrictCode>,
    pub checklist_id: ChecklistId,
    pub scenarios: Vec<CampaignScenario>,
    /// Leave out units drawn in the previous campaign (by default they are neither favoured
    /// nor excluded).
    pub exclude_previously_drawn: bool,
}

impl CampaignPlan {
    pub fn check(&self) -> Result<(), CampaignError> {
        if self.ends_on < self.starts_on {
            return Err(CampaignError::EndsBeforeStart);
        }
        if self.unit_types.is_empty() {
            return Err(CampaignError::NoUnitTypes);
        }
        Ok(())
    }
}

/// The record of a draw, kept for audit and published when the campaign closes (一公开).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrawRecord {
    pub seed: u64,
    pub units_per_type: usize,
    pub team_size: usize,
    pub drawn_at: DateTime<Utc>,
    pub drawn_by: UserId,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Campaign {
    pub id: crate::ids::CampaignId,
    pub plan: CampaignPlan,
    pub status: CampaignStatus,
    pub draw: Option<DrawRecord>,
    pub created_by: UserId,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Campaign {
    /// The plan may change while the campaign is a draft.
    pub fn replan(&mut self, plan: CampaignPlan) -> Result<(), CampaignError> {
        if self.status != CampaignStatus::Draft {
            return Err(CampaignError::Status(self.status.as_str()));
        }
        plan.check()?;
        self.plan = plan;
        Ok(())
    }

    pub fn activate(&mut self) -> Result<(), CampaignError> {
        match self.status {
            CampaignStatus::Draft => {
                self.status = CampaignStatus::Active;
                Ok(())
            }
            other => Err(CampaignError::Status(other.as_str())),
        }
    }

    pub fn close(&mut self) -> Result<(), CampaignError> {
        match self.status {
            CampaignStatus::Active => {
                self.status = CampaignStatus::Closed;
                Ok(())
            }
            other => Err(CampaignError::Status(other.as_str())),
        }
    }

    /// A draw may run on a draft or active campaign; again only while none of its visits has
    /// a report.
    pub fn check_draw(&self, drawn_visits_with_reports: usize) -> Result<(), CampaignError> {
        if self.status == CampaignStatus::Closed {
            return Err(CampaignError::Status(self.status.as_str()));
        }
        if drawn_visits_with_reports > 0 {
            return Err(CampaignError::DrawHasReports);
        }
        Ok(())
    }
}
