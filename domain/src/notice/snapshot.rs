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
    /// Names as they stood at generation; empty in snapshots made before names were recorded.
    #[serde(default)]
    pub type_name: String,
    pub district: String,
    #[serde(default)]
    pub district_name: String,
    pub inspections: u64,
    pub mean_score: Option<f64>,
    pub findings: u64,
    /// `None`: too few inspections to rank.
    pub rank: Option<u32>,
    /// Marked for a talk with the leadership (约谈).
    pub talk: bool,
}

impl UnitStanding {
    /// The unit type as a person reads it: its name, or its code in an older snapshot.
    pub fn type_label(&self) -> &str {
        name_or_code(&self.type_name, &self.type_code)
    }

    /// The district as a person reads it: its name, or its code in an older snapshot.
    pub fn district_label(&self) -> &str {
        name_or_code(&self.district_name, &self.district)
    }
}

/// A recorded name, or the code where a record predates names.
pub fn name_or_code<'a>(name: &'a str, code: &'a str) -> &'a str {
    if name.is_empty() { code } else { name }
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
    /// How the visit was made (`on_site`, `phone`, …); empty in snapshots taken before it
    /// was recorded.
    #[serde(default)]
    pub channel: String,
    /// What the inspector wrote about the item.
    #[serde(default)]
    pub note: Option<String>,
    /// The segment of a recording of the visit that shows it (`00:12:05–00:13:40`).
    #[serde(default)]
    pub citation: Option<String>,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_standing_recorded_before_names_were_reads_its_codes() {
        let older = serde_json::json!({
            "unit_id": "u", "code": "EMP-1", "name": "窗口", "type_code": "EMP",
            "district": "330102", "inspections": 1, "mean_score": null, "findings": 0,
            "rank": null, "talk": false,
        });
        let standing: UnitStanding = serde_json::from_value(older).unwrap();
        assert_eq!(
            (standing.type_label(), standing.district_label()),
            ("EMP", "330102")
        );
    }

    #[test]
    fn a_standing_reads_the_names_it_recorded() {
        let standing = UnitStanding {
            unit_id: "u".into(),
            code: "EMP-1".into(),
            name: "窗口".into(),
            type_code: "EMP".into(),
            type_name: "公共就业服务机构".into(),
            district: "330102".into(),
            district_name: "上城区".into(),
            inspections: 1,
            mean_score: None,
            findings: 0,
            rank: None,
            talk: false,
        };
        assert_eq!(
            (standing.type_label(), standing.district_label()),
            ("公共就业服务机构", "上城区")
        );
    }
}
