//! `GET /stats`: the notice's aggregates for any range of days, grouped as a dashboard asks,
//! for leaders and supervisors. Computed by the database like the notice's.

use std::collections::HashMap;

use anfang_domain::auth::{Permission, Role};
use anfang_domain::catalog::Dimension;
use anfang_domain::day_range::Bound;
use anfang_domain::notice::{Tally, mean_score};
use anfang_domain::user::User;
use anfang_infra::db::aggregates::{self, FindingGroup, ReportFigures, ReportGroup, TimeRange};
use anfang_infra::db::unit_types;

use crate::Context;
use crate::{Error, FieldIssue, FieldProblem, Result, Rule};

/// Statistics cover years 2000 to 9999: the programme's records begin after 2000.
const EARLIEST_YEAR: i32 = 2000;
const LATEST_YEAR: i32 = 9999;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    Unit,
    UnitType,
    District,
    Item,
    Dimension,
    /// Per inspector, with how their reports fared in review (supervisors and admins).
    Inspector,
}

/// How an inspector's reports fared in review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checks {
    pub reports: u64,
    pub returned: u64,
    pub rejected: u64,
    pub flagged: u64,
    pub overturned: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    pub inspections: Option<u64>,
    pub units: Option<u64>,
    pub mean_score: Option<f64>,
    pub findings: u64,
    pub major: u64,
    pub critical: u64,
    pub repeats: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub key: String,
    pub name: String,
    pub figures: Figures,
    /// With [`GroupBy::Inspector`].
    pub checks: Option<Checks>,
}

pub struct Stats {
    pub totals: Figures,
    pub groups: Vec<Group>,
}

fn count(n: i64) -> u64 {
    n.max(0).unsigned_abs()
}

fn report_part(f: &ReportFigures) -> (Option<u64>, Option<u64>, Option<f64>) {
    let tally = Tally {
        inspections: count(f.inspections),
        score_half_sum: count(f.score_half_sum),
    };
    (
        Some(tally.inspections),
        Some(count(f.units)),
        mean_score(tally),
    )
}

/// Days `from` to `to`, both included, in the bureau's time zone (or exact instants).
#[tracing::instrument(skip_all, fields(viewer = %viewer.id))]
pub async fn stats(
    ctx: &Context,
    viewer: &User,
    from: Bound,
    to: Bound,
    group_by: GroupBy,
) -> Result<Stats> {
    if !Permission::ReadStatistics.is_granted_to(viewer.role) {
        return Err(Error::Forbidden);
    }
    // Checking the checkers is the review office's business, not the leadership dashboard's.
    if group_by == GroupBy::Inspector && !matches!(viewer.role, Role::Supervisor | Role::Admin) {
        return Err(Error::Forbidden);
    }
    let mut errors = Vec::new();
    for (field, bound) in [("from", from), ("to", to)] {
        if !(EARLIEST_YEAR..=LATEST_YEAR).contains(&bound.year()) {
            errors.push(FieldProblem::new(field, FieldIssue::OutOfRange));
        }
    }
    let tz = ctx.timezone;
    let range = TimeRange {
        start: from.start(&tz),
        end: to.end(&tz),
    };
    if errors.is_empty() && range.end <= range.start {
        errors.push(FieldProblem::new("to", Rule::RangeReversed));
    }
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    ctx.db
        .read(move |conn| {
            let report_totals = aggregates::report_totals(conn, range)?;
            let finding_totals = aggregates::finding_totals(conn, range)?;
            let (inspections, units, mean) = report_part(&report_totals);
            let totals = Figures {
                inspections,
                units,
                mean_score: mean,
                findings: count(finding_totals.findings),
                major: count(finding_totals.major),
                critical: count(finding_totals.critical),
                repeats: count(finding_totals.repeats),
            };
            let (report_group, finding_group) = match group_by {
                GroupBy::Unit => (Some(ReportGroup::Unit), FindingGroup::Unit),
                GroupBy::UnitType => (Some(ReportGroup::UnitType), FindingGroup::UnitType),
                GroupBy::District => (Some(ReportGroup::District), FindingGroup::District),
                GroupBy::Item => (None, FindingGroup::Item),
                GroupBy::Dimension => (None, FindingGroup::Dimension),
                GroupBy::Inspector => (Some(ReportGroup::Inspector), FindingGroup::Inspector),
            };
            let checks: HashMap<String, aggregates::InspectorChecks> = match group_by {
                GroupBy::Inspector => aggregates::inspector_checks(conn, range)?
                    .into_iter()
                    .map(|c| (c.key.clone(), c))
                    .collect(),
                _ => HashMap::new(),
            };
            let reports: HashMap<String, ReportFigures> = match report_group {
                Some(g) => aggregates::reports_by(conn, range, g)?
                    .into_iter()
                    .map(|f| (f.key.clone(), f))
                    .collect(),
                None => HashMap::new(),
            };
            let findings: HashMap<String, aggregates::FindingFigures> =
                aggregates::findings_by(conn, range, finding_group)?
                    .into_iter()
                    .map(|f| (f.key.clone(), f))
                    .collect();
            let names: HashMap<String, String> = match group_by {
                GroupBy::Unit => aggregates::unit_labels(conn)?
                    .into_iter()
                    .map(|(id, u)| (id, u.name))
                    .collect(),
                GroupBy::UnitType => unit_types::list(conn)?
                    .into_iter()
                    .map(|t| (t.code.as_str().to_owned(), t.name.as_str().to_owned()))
                    .collect(),
                GroupBy::Item => aggregates::item_titles(conn)?,
                GroupBy::Dimension => Dimension::ALL
                    .into_iter()
                    .map(|d| (d.code().to_owned(), d.name_zh().to_owned()))
                    .collect(),
                GroupBy::District => {
                    let codes = reports.keys().chain(findings.keys()).map(String::as_str);
                    anfang_infra::db::districts::names_of(conn, codes)?
                }
                GroupBy::Inspector => checks
                    .values()
                    .map(|c| (c.key.clone(), c.display_name.clone()))
                    .collect(),
            };
            let mut keys: Vec<&String> = reports
                .keys()
                .chain(findings.keys())
                .chain(checks.keys())
                .collect();
            keys.sort();
            keys.dedup();
            let groups = keys
                .into_iter()
                .map(|key| {
                    let (inspections, units, mean_score) = match reports.get(key) {
                        Some(r) => report_part(r),
                        None if report_group.is_some() => (Some(0), Some(0), None),
                        None => (None, None, None),
                    };
                    let f = findings.get(key);
                    let get = |pick: fn(&aggregates::FindingFigures) -> i64| {
                        f.map_or(0, |f| count(pick(f)))
                    };
                    Group {
                        key: key.clone(),
                        name: names.get(key).cloned().unwrap_or_else(|| key.clone()),
                        figures: Figures {
                            inspections,
                            units,
                            mean_score,
                            findings: get(|f| f.findings),
                            major: get(|f| f.major),
                            critical: get(|f| f.critical),
                            repeats: get(|f| f.repeats),
                        },
                        checks: (group_by == GroupBy::Inspector).then(|| {
                            let c = checks.get(key);
                            let pick = |p: fn(&aggregates::InspectorChecks) -> i64| {
                                c.map_or(0, |c| count(p(c)))
                            };
                            Checks {
                                reports: pick(|c| c.reports),
                                returned: pick(|c| c.returned),
                                rejected: pick(|c| c.rejected),
                                flagged: pick(|c| c.flagged),
                                overturned: pick(|c| c.overturned),
                            }
                        }),
                    }
                })
                .collect();
            Ok::<_, Error>(Stats { totals, groups })
        })
        .await
}
