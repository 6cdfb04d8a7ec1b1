//! `GET /findings`: the rectification ledger's query and its answer.

use crate::dto::query::DayOrTime;
use anfang_domain::catalog::{DistrictCode, UnitTypeCode};
use anfang_domain::finding::{
    AppealState, Awaiting, FindingStatus, LedgerFilter, LedgerSort, Severity,
};
use anfang_domain::ids::{CampaignId, ReportId, UnitId};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::findings::FindingResponse;
use super::query::days;
use anfang_infra::exports::ledger::LedgerFormat;

use crate::error::{ApiError, FieldIssue, FieldParser};

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LedgerQueryDto {
    pub unit_id: Option<Uuid>,
    #[param(pattern = "^[A-Z]{3}$")]
    pub unit_type: Option<String>,
    #[param(
        pattern = "^(1[1-5]|2[1-3]|3[1-7]|4[1-6]|5[0-4]|6[1-5]|71|8[12])[0-9]{2}(0[1-9]|[1-9][0-9])$"
    )]
    pub district: Option<String>,
    /// Findings of this campaign's visits (not for unit managers).
    pub campaign_id: Option<Uuid>,
    pub report_id: Option<Uuid>,
    #[param(pattern = "^(open|rectifying|rectified|verified|overdue|overturned)$")]
    pub status: Option<String>,
    #[param(pattern = "^(minor|major)$")]
    pub severity: Option<String>,
    pub critical: Option<bool>,
    pub repeat: Option<bool>,
    pub published: Option<bool>,
    /// Where the appeal stands.
    #[param(pattern = "^(pending|upheld|overturned)$")]
    pub appeal: Option<String>,
    /// Whose move it is: the unit's rectification, a supervisor's verification, an appeal
    /// decision, or a follow-up visit (not for unit managers).
    #[param(pattern = "^(unit|verification|appeal_decision|follow_up)$")]
    pub waiting_for: Option<String>,
    /// Deadlines on or after this day (the bureau's time zone) or time.
    #[param(value_type = Option<DayOrTime>, inline)]
    pub deadline_from: Option<String>,
    /// Deadlines on or before this day, or before this time.
    #[param(value_type = Option<DayOrTime>, inline)]
    pub deadline_until: Option<String>,
    /// Visits on or after this day or time.
    #[param(value_type = Option<DayOrTime>, inline)]
    pub visited_from: Option<String>,
    /// Visits on or before this day, or before this time.
    #[param(value_type = Option<DayOrTime>, inline)]
    pub visited_until: Option<String>,
    /// created (default), deadline or visit; earliest first.
    #[param(pattern = "^(created|deadline|visit)$")]
    pub sort: Option<String>,
}

impl LedgerQueryDto {
    pub fn parse(&self) -> Result<(LedgerFilter, LedgerSort), ApiError> {
        let mut p = FieldParser::default();
        let unit_type = p.take_opt(
            "unit_type",
            self.unit_type.as_deref().map(UnitTypeCode::parse),
        );
        let district = p.take_opt(
            "district",
            self.district.as_deref().map(DistrictCode::parse),
        );
        let status = p.take_opt(
            "status",
            self.status.as_deref().map(str::parse::<FindingStatus>),
        );
        let severity = p.take_opt(
            "severity",
            self.severity.as_deref().map(str::parse::<Severity>),
        );
        let appeal = p.take_opt(
            "appeal",
            self.appeal.as_deref().map(str::parse::<AppealState>),
        );
        let awaiting = p.take_opt(
            "waiting_for",
            self.waiting_for.as_deref().map(str::parse::<Awaiting>),
        );
        let sort = p.take_opt("sort", self.sort.as_deref().map(str::parse::<LedgerSort>));
        let deadline = days(
            &mut p,
            ("deadline_from", &self.deadline_from),
            ("deadline_until", &self.deadline_until),
        );
        let visited = days(
            &mut p,
            ("visited_from", &self.visited_from),
            ("visited_until", &self.visited_until),
        );
        let (
            Some(unit_type),
            Some(district),
            Some(status),
            Some(severity),
            Some(appeal),
            Some(awaiting),
            Some(sort),
            Some(deadline),
            Some(visited),
        ) = (
            unit_type, district, status, severity, appeal, awaiting, sort, deadline, visited,
        )
        else {
            return Err(p.into_parameter_error());
        };
        let filter = LedgerFilter {
            unit: self.unit_id.map(UnitId::from_uuid),
            unit_type,
            district,
            campaign: self.campaign_id.map(CampaignId::from_uuid),
            report: self.report_id.map(ReportId::from_uuid),
            status,
            severity,
            critical: self.critical,
            repeat: self.repeat,
            published: self.published,
            appeal,
            awaiting,
            deadline,
            visited,
        };
        Ok((filter, sort.unwrap_or_default()))
    }
}

/// A ledger page: the findings, the next page's cursor, and how many match in all.
#[derive(Debug, Serialize, ToSchema)]
pub struct LedgerResponse {
    pub items: Vec<FindingResponse>,
    pub next_cursor: Option<String>,
    pub total: u64,
}

/// `format=csv` (the default) or `xlsx`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LedgerExportFormatDto {
    #[param(pattern = "^(csv|xlsx)$")]
    pub format: Option<String>,
}

impl LedgerExportFormatDto {
    pub fn parse(&self) -> Result<LedgerFormat, ApiError> {
        match self.format.as_deref() {
            None | Some("csv") => Ok(LedgerFormat::Csv),
            Some("xlsx") => Ok(LedgerFormat::Xlsx),
            Some(_) => {
                let mut p = FieldParser::default();
                p.push(
                    "format",
                    FieldIssue::Format {
                        expected: "csv or xlsx",
                    },
                );
                Err(p.into_parameter_error())
            }
        }
    }
}

/// One unit's line of the ledger's summary.
#[derive(Debug, Serialize, ToSchema)]
pub struct UnitTallyResponse {
    pub unit_id: String,
    pub unit_code: String,
    pub unit_name: String,
    /// Waiting for the unit or for verification.
    pub open: u64,
    pub overdue: u64,
    /// Verified: closed out (销号).
    pub closed: u64,
}

impl From<anfang_usecases::findings::UnitTally> for UnitTallyResponse {
    fn from(t: anfang_usecases::findings::UnitTally) -> Self {
        Self {
            unit_id: t.unit_id,
            unit_code: t.unit_code,
            unit_name: t.unit_name,
            open: t.open,
            overdue: t.overdue,
            closed: t.closed,
        }
    }
}
