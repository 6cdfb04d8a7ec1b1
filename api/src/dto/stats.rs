use crate::dto::query::DayOrTime;
use anfang_domain::day_range::Bound;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use anfang_usecases::stats::{Figures, GroupBy, Stats};

use crate::error::{ApiError, FieldParser};

#[derive(Debug, Clone, Copy, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum GroupByDto {
    Unit,
    Type,
    District,
    Item,
    Dimension,
    Inspector,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatsQuery {
    /// First day, included (the bureau's time zone), or the first instant. Years 2000 to 9999.
    #[param(value_type = DayOrTime, inline)]
    pub from: String,
    /// Last day, included, or the instant the range ends before; not before `from`.
    #[param(value_type = DayOrTime, inline)]
    pub to: String,
    /// unit, type, district, item, dimension or inspector (supervisors and admins).
    #[param(inline)]
    pub group_by: GroupByDto,
}

impl StatsQuery {
    /// The range's two ends.
    pub fn range(&self) -> Result<(Bound, Bound), ApiError> {
        let mut p = FieldParser::default();
        let from = p.take("from", self.from.parse::<Bound>());
        let to = p.take("to", self.to.parse::<Bound>());
        match (from, to) {
            (Some(from), Some(to)) => Ok((from, to)),
            _ => Err(p.into_parameter_error()),
        }
    }

    pub fn group_by(&self) -> GroupBy {
        match self.group_by {
            GroupByDto::Unit => GroupBy::Unit,
            GroupByDto::Type => GroupBy::UnitType,
            GroupByDto::District => GroupBy::District,
            GroupByDto::Item => GroupBy::Item,
            GroupByDto::Dimension => GroupBy::Dimension,
            GroupByDto::Inspector => GroupBy::Inspector,
        }
    }
}

/// Approved inspections and standing findings (overturned ones never count).
#[derive(Debug, Serialize, ToSchema)]
pub struct FiguresDto {
    /// Null when grouping by item or dimension (a visit covers every item).
    pub inspections: Option<u64>,
    pub units: Option<u64>,
    /// 0–100, two decimals; null without inspections.
    pub mean_score: Option<f64>,
    pub findings: u64,
    pub major: u64,
    pub critical: u64,
    pub repeats: u64,
}

impl From<Figures> for FiguresDto {
    fn from(f: Figures) -> Self {
        Self {
            inspections: f.inspections,
            units: f.units,
            mean_score: f.mean_score,
            findings: f.findings,
            major: f.major,
            critical: f.critical,
            repeats: f.repeats,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct GroupDto {
    /// A unit id, type code, district code, item code, dimension code or inspector id.
    pub key: String,
    pub name: String,
    #[serde(flatten)]
    pub figures: FiguresDto,
    /// With `group_by=inspector`: how the inspector's reports fared in review.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checks: Option<ChecksDto>,
}

/// Checking the checkers: an inspector's reports that went in (not drafts), times returned,
/// rejected, flagged by the integrity checks, and findings overturned on appeal.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChecksDto {
    pub reports: u64,
    pub returned: u64,
    pub rejected: u64,
    pub flagged: u64,
    pub overturned: u64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StatsResponse {
    /// `from` as given: a date or a time.
    pub from: String,
    pub to: String,
    pub group_by: GroupByDto,
    pub totals: FiguresDto,
    pub groups: Vec<GroupDto>,
}

impl StatsResponse {
    pub fn new(query: &StatsQuery, stats: Stats) -> Self {
        Self {
            from: query.from.clone(),
            to: query.to.clone(),
            group_by: query.group_by,
            totals: stats.totals.into(),
            groups: stats
                .groups
                .into_iter()
                .map(|g| GroupDto {
                    key: g.key,
                    name: g.name,
                    figures: g.figures.into(),
                    checks: g.checks.map(|c| ChecksDto {
                        reports: c.reports,
                        returned: c.returned,
                        rejected: c.rejected,
                        flagged: c.flagged,
                        overturned: c.overturned,
                    }),
                })
                .collect(),
        }
    }
}
