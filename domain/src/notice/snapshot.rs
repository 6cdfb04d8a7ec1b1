//! What a notice says: the snapshot stored when it is generated, from which every export is
//! rendered. Plain data: the figures are computed by the database and ranked by [`super::rank`].

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NoticeContent {
    /// `YYYY-MM`.
    pub period: String,
    /// The time zone whose local month the period is.
    pub time_zone: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// Units with fewer inspections are listed but not ranked.
    pub min_inspections: u64,
    pub totals: Totals,
    /// Units covered and inspections, per unit type.
    pub coverage: Vec<TypeCoverage>,
    pub unit_ranking: Vec<UnitStanding>,
    pub type_ranking: Vec<GroupStanding>,
    pub district_ranking: Vec<GroupStanding>,
    pub problems_by_item: Vec<Problem>,
    pub problems_by_dimension: Vec<Problem>,
    /// Major and critical findings, with photos of the item.
    pub typical_cases: Vec<TypicalCase>,
    /// The month's findings by unit and status, as they stood at generation.
    pub rectification: Vec<UnitRectification>,
    /// Every finding overdue at generation, whichever month found it.
    pub overdue: Vec<FindingLine>,
    /// The month's repeat findings (the same item at the same unit within 90 days).
    pub repeats: Vec<FindingLine>,
    /// Units last of their type this month and the month before: 约谈.
    pub talks: Vec<UnitRef>,
}

#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct GradeCounts {
    pub excellent: u64,
    pub good: u64,
    pub pass: u64,
    pub fail: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Totals {
    pub inspections: u64,
    pub units_inspected: u64,
    pub mean_score: Option<f64>,
    pub grades: GradeCounts,
    pub findings: u64,
    pub major: u64,
    pub critical: u64,
    pub repeats: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TypeCoverage {
    pub type_code: String,
    pub type_name: String,
    pub units_covered: u64,
    pub inspections: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitStanding {
    pub unit_id: String,
    pub code: String,
    pub name: String,
    pub type_code: String,
    pub district: String,
    pub inspections: u64,
    pub mean_score: Option<f64>,
    pub findings: u64,
    /// `None`: too few inspections to rank.
    pub rank: Option<u32>,
    /// Marked for a talk with the leadership (约谈).
    pub talk: bool,
}

/// A unit type's or a district's standing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupStanding {
    pub code: String,
    pub name: String,
    pub inspections: u64,
    pub units: u64,
    pub mean_score: Option<f64>,
    pub findings: u64,
    pub rank: Option<u32>,
}

/// How often an item (or a dimension) was found, against the month before.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Problem {
    pub code: String,
    pub title: String,
    pub count: u64,
    pub previous: u64,
    pub change: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TypicalCase {
    pub finding_id: String,
    pub report_id: String,
    pub unit_code: String,
    pub unit_name: String,
    pub item_code: String,
    pub item_title: String,
    pub severity: String,
    pub critical: bool,
    pub repeat: bool,
    pub visit_at: DateTime<Utc>,
    /// Photos of the item in the report; their thumbnails illustrate the case.
    pub photo_ids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct UnitRectification {
    pub unit_id: String,
    pub code: String,
    pub name: String,
    pub open: u64,
    pub rectifying: u64,
    pub rectified: u64,
    pub verified: u64,
    pub overdue: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FindingLine {
    pub finding_id: String,
    pub unit_code: String,
    pub unit_name: String,
    pub item_code: String,
    pub item_title: String,
    pub severity: String,
    pub status: String,
    pub visit_at: DateTime<Utc>,
    pub deadline: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitRef {
    pub unit_id: String,
    pub code: String,
    pub name: String,
    pub type_code: String,
}
