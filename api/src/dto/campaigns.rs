use std::collections::BTreeSet;

use anfang_domain::campaign::{
    Assignment, AssignmentStatus, Campaign, CampaignName, CampaignPlan, CampaignScenario,
    ScenarioDocument, ScenarioMatter,
};
use anfang_domain::catalog::{DistrictCode, UnitTypeCode};
use anfang_domain::ids::{CampaignId, ChecklistId};
use anfang_infra::db::names::{Named, Names};
use anfang_usecases::campaigns::{Visit, VisitQuery};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::error::{ApiError, FieldParser};

/// A matter to act out (模拟事项), and what a citizen would bring for it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScenarioDto {
    #[schema(min_length = 1, max_length = 500)]
    pub matter: String,
    #[serde(default)]
    pub documents: Vec<String>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CampaignWriteRequest {
    #[schema(min_length = 1, max_length = 100)]
    pub name: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// Unit-type codes to draw from.
    #[validate(length(min = 1, max = 15))]
    pub unit_types: Vec<String>,
    /// District codes to draw from; empty or absent for all.
    #[serde(default)]
    #[validate(length(max = 200))]
    pub districts: Vec<String>,
    pub checklist_id: Uuid,
    #[serde(default)]
    #[validate(length(max = 50))]
    pub scenarios: Vec<ScenarioDto>,
    /// Leave out the units drawn in the previous campaign.
    #[serde(default)]
    pub exclude_previously_drawn: bool,
}

impl CampaignWriteRequest {
    pub fn parse(&self) -> Result<CampaignPlan, ApiError> {
        self.validate()?;
        let mut p = FieldParser::default();
        let name = p.take("name", CampaignName::parse(&self.name));
        let unit_types: BTreeSet<UnitTypeCode> = self
            .unit_types
            .iter()
            .enumerate()
            .filter_map(|(i, t)| p.take(&format!("unit_types[{i}]"), UnitTypeCode::parse(t)))
            .collect();
        let districts: BTreeSet<DistrictCode> = self
            .districts
            .iter()
            .enumerate()
            .filter_map(|(i, d)| p.take(&format!("districts[{i}]"), DistrictCode::parse(d)))
            .collect();
        let mut scenarios = Vec::new();
        for (i, s) in self.scenarios.iter().enumerate() {
            let matter = p.take(
                &format!("scenarios[{i}].matter"),
                ScenarioMatter::parse(&s.matter),
            );
            let documents: Vec<ScenarioDocument> = s
                .documents
                .iter()
                .enumerate()
                .filter_map(|(j, d)| {
                    p.take(
                        &format!("scenarios[{i}].documents[{j}]"),
                        ScenarioDocument::parse(d),
                    )
                })
                .collect();
            if let Some(matter) = matter {
                scenarios.push(CampaignScenario { matter, documents });
            }
        }
        let Some(name) = name else {
            return Err(p.into_error());
        };
        if !p.is_clean() {
            return Err(p.into_error());
        }
        let plan = CampaignPlan {
            name,
            starts_on: self.starts_on,
            ends_on: self.ends_on,
            unit_types,
            districts,
            checklist_id: ChecklistId::from_uuid(self.checklist_id),
            scenarios,
            exclude_previously_drawn: self.exclude_previously_drawn,
        };
        plan.check()?;
        Ok(plan)
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DrawSummary {
    pub seed: u64,
    pub units_per_type: usize,
    pub team_size: usize,
    pub drawn_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CampaignResponse {
    pub id: Uuid,
    pub name: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub unit_types: Vec<String>,
    /// The names of `unit_types`, in the same order.
    pub unit_type_names: Vec<String>,
    /// Empty: every district.
    pub districts: Vec<String>,
    /// The names of `districts`, in the same order.
    pub district_names: Vec<String>,
    pub checklist_id: Uuid,
    pub scenarios: Vec<ScenarioDto>,
    pub exclude_previously_drawn: bool,
    /// draft, active or closed.
    pub status: String,
    pub draw: Option<DrawSummary>,
    pub created_at: DateTime<Utc>,
}

fn scenario_dto(s: &CampaignScenario) -> ScenarioDto {
    ScenarioDto {
        matter: s.matter.as_str().to_owned(),
        documents: s.documents.iter().map(|d| d.as_str().to_owned()).collect(),
    }
}

impl CampaignResponse {
    pub fn new(c: Campaign, names: &Names) -> Self {
        Self {
            unit_type_names: c
                .plan
                .unit_types
                .iter()
                .map(|t| names.unit_type(t.as_str()).zh)
                .collect(),
            district_names: c
                .plan
                .districts
                .iter()
                .map(|d| names.district(d.as_str()))
                .collect(),
            id: c.id.as_uuid(),
            name: c.plan.name.as_str().to_owned(),
            starts_on: c.plan.starts_on,
            ends_on: c.plan.ends_on,
            unit_types: c
                .plan
                .unit_types
                .iter()
                .map(|t| t.as_str().to_owned())
                .collect(),
            districts: c
                .plan
                .districts
                .iter()
                .map(|d| d.as_str().to_owned())
                .collect(),
            checklist_id: c.plan.checklist_id.as_uuid(),
            scenarios: c.plan.scenarios.iter().map(scenario_dto).collect(),
            exclude_previously_drawn: c.plan.exclude_previously_drawn,
            status: c.status.as_str().to_owned(),
            draw: c.draw.map(|d| DrawSummary {
                seed: d.seed,
                units_per_type: d.units_per_type,
                team_size: d.team_size,
                drawn_at: d.drawn_at,
            }),
            created_at: c.created_at,
        }
    }
}

impl From<Named<Campaign>> for CampaignResponse {
    fn from(n: Named<Campaign>) -> Self {
        Self::new(n.value, &n.names)
    }
}

#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DrawRequest {
    /// Reproduces an earlier draw; a random one when absent. At most 2^53 − 1, so that every
    /// JSON client holds it exactly.
    #[validate(range(max = 9007199254740991u64))]
    #[schema(maximum = 9007199254740991u64)]
    pub seed: Option<u64>,
    #[validate(range(min = 1, max = 100))]
    #[schema(minimum = 1, maximum = 100)]
    pub units_per_type: u32,
    #[validate(range(min = 1, max = 10))]
    #[schema(minimum = 1, maximum = 10)]
    pub team_size: u32,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DrawnAssignment {
    pub id: Uuid,
    pub unit_id: Uuid,
    pub inspector_ids: Vec<Uuid>,
    /// Index into the campaign's scenarios.
    pub scenario: usize,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DrawResponse {
    pub campaign_id: Uuid,
    pub seed: u64,
    pub units_per_type: usize,
    pub team_size: usize,
    pub drawn_at: DateTime<Utc>,
    pub assignments: Vec<DrawnAssignment>,
}

impl DrawnAssignment {
    pub fn new(a: &Assignment) -> Self {
        Self {
            id: a.id.as_uuid(),
            unit_id: a.unit_id.as_uuid(),
            inspector_ids: a.inspectors.iter().map(|i| i.as_uuid()).collect(),
            scenario: a.scenario,
        }
    }
}

/// Where a visit goes: what the inspector needs to find the window.
#[derive(Debug, Serialize, ToSchema)]
pub struct VisitUnitResponse {
    pub name: String,
    pub address: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// A photo taken farther away than this is flagged for the reviewer.
    pub geofence_m: u32,
    pub unit_type: String,
    pub unit_type_name: String,
    pub district: String,
    pub district_name: String,
}

/// One of a visit's team.
#[derive(Debug, Serialize, ToSchema)]
pub struct TeammateResponse {
    pub id: Uuid,
    pub display_name: String,
}

/// A visit to make: where, when, acting out what, with whom.
#[derive(Debug, Serialize, ToSchema)]
pub struct AssignmentResponse {
    pub id: Uuid,
    pub campaign_id: Uuid,
    pub campaign_name: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub unit_id: Uuid,
    pub unit: VisitUnitResponse,
    pub scenario: Option<ScenarioDto>,
    /// pending, visited or reported.
    pub status: String,
    pub inspector_ids: Vec<Uuid>,
    /// The whole team (the viewer among them), by name.
    pub team: Vec<TeammateResponse>,
    /// Set on a follow-up visit (复查): the finding whose rectification it checks.
    pub follow_up_of: Option<Uuid>,
}

impl AssignmentResponse {
    pub fn new(visit: Visit, names: &Names) -> Self {
        let Visit {
            assignment: a,
            campaign,
            unit: u,
        } = visit;
        Self {
            id: a.id.as_uuid(),
            campaign_id: a.campaign_id.as_uuid(),
            campaign_name: campaign.plan.name.as_str().to_owned(),
            starts_on: campaign.plan.starts_on,
            ends_on: campaign.plan.ends_on,
            unit_id: a.unit_id.as_uuid(),
            unit: VisitUnitResponse {
                name: u.name.into_inner(),
                address: u.address.map(|a| a.into_inner()),
                latitude: u.location.map(|p| p.latitude()),
                longitude: u.location.map(|p| p.longitude()),
                geofence_m: u.geofence.metres(),
                unit_type_name: names.unit_type(u.type_code.as_str()).zh,
                unit_type: u.type_code.as_str().to_owned(),
                district_name: names.district(u.district.as_str()),
                district: u.district.as_str().to_owned(),
            },
            scenario: campaign.plan.scenarios.get(a.scenario).map(scenario_dto),
            status: a.status.as_str().to_owned(),
            inspector_ids: a.inspectors.iter().map(|i| i.as_uuid()).collect(),
            team: a
                .inspectors
                .iter()
                .map(|i| TeammateResponse {
                    id: i.as_uuid(),
                    display_name: names.person(*i),
                })
                .collect(),
            follow_up_of: a.follow_up_of.map(|f| f.as_uuid()),
        }
    }
}

impl From<Named<Visit>> for AssignmentResponse {
    fn from(n: Named<Visit>) -> Self {
        Self::new(n.value, &n.names)
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AssignmentListQuery {
    pub campaign_id: Option<Uuid>,
    /// pending, visited or reported.
    #[param(pattern = "^(pending|visited|reported)$")]
    pub status: Option<String>,
    /// Only visits that may be made on this day (their campaign's period holds it).
    #[param(value_type = Option<String>, format = Date)]
    pub on: Option<NaiveDate>,
}

impl AssignmentListQuery {
    pub fn parse(&self) -> Result<VisitQuery, ApiError> {
        let mut p = FieldParser::default();
        let status = p.take_opt(
            "status",
            self.status.as_deref().map(str::parse::<AssignmentStatus>),
        );
        let Some(status) = status else {
            return Err(p.into_parameter_error());
        };
        Ok(VisitQuery {
            campaign: self.campaign_id.map(CampaignId::from_uuid),
            status,
            on: self.on,
        })
    }
}
