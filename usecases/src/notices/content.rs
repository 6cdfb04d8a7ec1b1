//! Builds a notice's snapshot from the database's aggregates (SPEC §3.6). The figures come
//! from GROUP BY queries; here they are only labelled, ranked and ordered.

use std::collections::{BTreeMap, HashMap};

use anfang_domain::catalog::Dimension;
use anfang_domain::notice::{
    FindingLine, GroupStanding, NoticeContent, NoticePeriod, Problem, Tally, Totals, TypeCoverage,
    TypicalCase, UnitRectification, UnitRef, UnitStanding, last_of_type, mean_score, rank,
    typical::{self, Candidate},
};
use anfang_infra::db::aggregates::{
    self, FindingFigures, FindingGroup, FindingRow, ReportFigures, ReportGroup, TimeRange,
};
use anfang_infra::db::{DbConnection, DbError, from_db_time, unit_types};
use chrono_tz::Tz;

/// How many typical cases a notice shows, and photos per case.
const TYPICAL_CASES: usize = 20;
const PHOTOS_PER_CASE: usize = 3;

fn count(n: i64) -> u64 {
    n.max(0).unsigned_abs()
}

fn tally(f: &ReportFigures) -> Tally {
    Tally {
        inspections: count(f.inspections),
        score_half_sum: count(f.score_half_sum),
    }
}

pub fn range_of(period: NoticePeriod, tz: Tz) -> TimeRange {
    let (start, end) = period.bounds(&tz);
    TimeRange { start, end }
}

pub fn build(
    conn: &mut DbConnection,
    period: NoticePeriod,
    tz: Tz,
    min_inspections: u64,
) -> Result<NoticeContent, DbError> {
    let range = range_of(period, tz);
    let previous = range_of(period.previous(), tz);
    let units = aggregates::unit_labels(conn)?;
    let titles = aggregates::item_titles(conn)?;
    let type_names: HashMap<String, String> = unit_types::list(conn)?
        .into_iter()
        .map(|t| (t.code.as_str().to_owned(), t.name.as_str().to_owned()))
        .collect();
    let title = |code: &str| titles.get(code).cloned().unwrap_or_else(|| code.to_owned());

    let report_totals = aggregates::report_totals(conn, range)?;
    let finding_totals = aggregates::finding_totals(conn, range)?;
    let totals = Totals {
        inspections: count(report_totals.inspections),
        units_inspected: count(report_totals.units),
        mean_score: mean_score(tally(&report_totals)),
        grades: anfang_domain::notice::GradeCounts {
            excellent: count(report_totals.excellent),
            good: count(report_totals.good),
            pass: count(report_totals.pass),
            fail: count(report_totals.fail),
        },
        findings: count(finding_totals.findings),
        major: count(finding_totals.major),
        critical: count(finding_totals.critical),
        repeats: count(finding_totals.repeats),
    };

    let by_type = aggregates::reports_by(conn, range, ReportGroup::UnitType)?;
    let type_name = |code: &str| {
        type_names
            .get(code)
            .cloned()
            .unwrap_or_else(|| code.to_owned())
    };
    let coverage = by_type
        .iter()
        .map(|f| TypeCoverage {
            type_code: f.key.clone(),
            type_name: type_name(&f.key),
            units_covered: count(f.units),
            inspections: count(f.inspections),
        })
        .collect();

    let by_district = aggregates::reports_by(conn, range, ReportGroup::District)?;
    let district_findings = aggregates::findings_by(conn, range, FindingGroup::District)?;
    let mut wanted = anfang_infra::db::names::Wanted::default();
    for code in by_district
        .iter()
        .map(|g| &g.key)
        .chain(district_findings.iter().map(|g| &g.key))
        .chain(units.values().map(|u| &u.district))
    {
        wanted.district(code);
    }
    let names = wanted.load(conn)?;
    let district_name = |code: &str| names.district(code);

    let labels = Labels {
        units: &units,
        type_name: &type_name,
        district_name: &district_name,
    };
    let unit_ranking = unit_ranking(conn, range, previous, &labels, min_inspections)?;
    let talks = unit_ranking
        .iter()
        .filter(|u| u.talk)
        .map(|u| UnitRef {
            unit_id: u.unit_id.clone(),
            code: u.code.clone(),
            name: u.name.clone(),
            type_code: u.type_code.clone(),
        })
        .collect();
    let type_findings = aggregates::findings_by(conn, range, FindingGroup::UnitType)?;
    let type_ranking = group_ranking(&by_type, &type_findings, &type_name);
    let district_ranking = group_ranking(&by_district, &district_findings, &district_name);

    let problems_by_item = problems(
        &aggregates::findings_by(conn, range, FindingGroup::Item)?,
        &aggregates::findings_by(conn, previous, FindingGroup::Item)?,
        &title,
    );
    let problems_by_dimension = problems(
        &aggregates::findings_by(conn, range, FindingGroup::Dimension)?,
        &aggregates::findings_by(conn, previous, FindingGroup::Dimension)?,
        &|code| {
            code.parse::<Dimension>()
                .map(|d| d.name_zh().to_owned())
                .unwrap_or_else(|_| code.to_owned())
        },
    );

    let typical_cases = typical_cases(conn, range, &title)?;

    let rectification = aggregates::rectification_by_unit(conn, range)?
        .into_iter()
        .map(|r| UnitRectification {
            unit_id: r.unit_id,
            code: r.unit_code,
            name: r.unit_name,
            open: count(r.open),
            rectifying: count(r.rectifying),
            rectified: count(r.rectified),
            verified: count(r.verified),
            overdue: count(r.overdue),
        })
        .collect();
    let line = |f: FindingRow| FindingLine {
        item_title: title(&f.item_code),
        finding_id: f.finding_id,
        unit_code: f.unit_code,
        unit_name: f.unit_name,
        item_code: f.item_code,
        severity: f.severity,
        status: f.status,
        visit_at: from_db_time(f.visit_at),
        deadline: from_db_time(f.deadline),
    };
    let overdue = aggregates::overdue(conn)?.into_iter().map(line).collect();
    let repeats = aggregates::repeats(conn, range)?
        .into_iter()
        .map(line)
        .collect();

    Ok(NoticeContent {
        period: period.to_string(),
        time_zone: tz.name().to_owned(),
        starts_at: range.start,
        ends_at: range.end,
        min_inspections,
        totals,
        coverage,
        unit_ranking,
        type_ranking,
        district_ranking,
        problems_by_item,
        problems_by_dimension,
        typical_cases,
        rectification,
        overdue,
        repeats,
        talks,
    })
}

/// The typical cases, chosen by the domain's rule from the period's major and critical
/// findings, with what the reader needs: the visit's channel, the inspector's note, photos.
fn typical_cases(
    conn: &mut DbConnection,
    range: TimeRange,
    title: &dyn Fn(&str) -> String,
) -> Result<Vec<TypicalCase>, DbError> {
    let rows = aggregates::case_candidates(conn, range)?;
    let candidates: Vec<Candidate> = rows
        .iter()
        .map(|r| Candidate {
            finding_id: r.finding_id.clone(),
            report_id: r.report_id.clone(),
            unit_id: r.unit_id.clone(),
            unit_type: r.unit_type.clone(),
            major: r.severity == "major",
            critical: r.critical,
            repeat: r.is_repeat,
            photographed: r.photographed,
            visit_at: from_db_time(r.visit_at),
        })
        .collect();
    let by_id: HashMap<&str, &aggregates::CaseCandidate> =
        rows.iter().map(|r| (r.finding_id.as_str(), r)).collect();
    let chosen: Vec<&aggregates::CaseCandidate> = typical::choose(&candidates, TYPICAL_CASES)
        .into_iter()
        .filter_map(|c| by_id.get(c.finding_id.as_str()).copied())
        .collect();
    let report_ids: Vec<String> = chosen.iter().map(|c| c.report_id.clone()).collect();
    let photos = aggregates::item_photos(conn, &report_ids)?;
    let channels = aggregates::channels(conn, &report_ids)?;
    let mut notes = aggregates::rating_notes(conn, &report_ids)?;
    let mut citations = aggregates::rating_citations(conn, &report_ids)?;
    Ok(chosen
        .into_iter()
        .map(|c| TypicalCase {
            photo_ids: photos
                .iter()
                .filter(|p| {
                    p.report_id == c.report_id && p.item_code.as_deref() == Some(&c.item_code)
                })
                .take(PHOTOS_PER_CASE)
                .map(|p| p.photo_id.clone())
                .collect(),
            item_title: title(&c.item_code),
            channel: channels.get(&c.report_id).cloned().unwrap_or_default(),
            note: notes.remove(&(c.report_id.clone(), c.item_code.clone())),
            citation: citations.remove(&(c.report_id.clone(), c.item_code.clone())),
            finding_id: c.finding_id.clone(),
            report_id: c.report_id.clone(),
            unit_code: c.unit_code.clone(),
            unit_name: c.unit_name.clone(),
            item_code: c.item_code.clone(),
            severity: c.severity.clone(),
            critical: c.critical,
            repeat: c.is_repeat,
            visit_at: from_db_time(c.visit_at),
        })
        .collect())
}

/// How the snapshot names units, unit types and districts, as they are named at generation.
struct Labels<'a> {
    units: &'a HashMap<String, aggregates::UnitLabel>,
    type_name: &'a dyn Fn(&str) -> String,
    district_name: &'a dyn Fn(&str) -> String,
}

/// Units inspected in the month, best first, unranked ones last; 约谈 for a unit last of its
/// type this month and the month before.
fn unit_ranking(
    conn: &mut DbConnection,
    range: TimeRange,
    previous: TimeRange,
    labels: &Labels<'_>,
    min_inspections: u64,
) -> Result<Vec<UnitStanding>, DbError> {
    let units = labels.units;
    let type_of = |id: &str| {
        units
            .get(id)
            .map(|u| u.type_code.clone())
            .unwrap_or_default()
    };
    let lasts = |figures: &[ReportFigures]| -> Vec<(String, bool)> {
        let tallies: Vec<Tally> = figures.iter().map(tally).collect();
        let entries: Vec<(String, Option<u32>)> = figures
            .iter()
            .zip(rank(&tallies, min_inspections))
            .map(|(f, r)| (type_of(&f.key), r))
            .collect();
        figures
            .iter()
            .map(|f| f.key.clone())
            .zip(last_of_type(&entries))
            .collect()
    };
    let current = aggregates::reports_by(conn, range, ReportGroup::Unit)?;
    let before = aggregates::reports_by(conn, previous, ReportGroup::Unit)?;
    let last_before: HashMap<String, bool> = lasts(&before).into_iter().collect();
    let last_now: HashMap<String, bool> = lasts(&current).into_iter().collect();
    let findings: HashMap<String, u64> = aggregates::findings_by(conn, range, FindingGroup::Unit)?
        .into_iter()
        .map(|f| (f.key, count(f.findings)))
        .collect();
    let ranks = rank(
        &current.iter().map(tally).collect::<Vec<_>>(),
        min_inspections,
    );
    let mut standings: Vec<UnitStanding> = current
        .iter()
        .zip(ranks)
        .map(|(f, rank)| {
            let label = units.get(&f.key);
            UnitStanding {
                unit_id: f.key.clone(),
                code: label.map(|u| u.code.clone()).unwrap_or_default(),
                name: label.map(|u| u.name.clone()).unwrap_or_default(),
                type_code: label.map(|u| u.type_code.clone()).unwrap_or_default(),
                type_name: label
                    .map(|u| (labels.type_name)(&u.type_code))
                    .unwrap_or_default(),
                district: label.map(|u| u.district.clone()).unwrap_or_default(),
                district_name: label
                    .map(|u| (labels.district_name)(&u.district))
                    .unwrap_or_default(),
                inspections: count(f.inspections),
                mean_score: mean_score(tally(f)),
                findings: findings.get(&f.key).copied().unwrap_or(0),
                rank,
                talk: last_now.get(&f.key).copied().unwrap_or(false)
                    && last_before.get(&f.key).copied().unwrap_or(false),
            }
        })
        .collect();
    standings.sort_by(|a, b| {
        (a.rank.is_none(), a.rank, &a.code).cmp(&(b.rank.is_none(), b.rank, &b.code))
    });
    Ok(standings)
}

fn group_ranking(
    reports: &[ReportFigures],
    findings: &[FindingFigures],
    name: &dyn Fn(&str) -> String,
) -> Vec<GroupStanding> {
    let found: HashMap<&str, u64> = findings
        .iter()
        .map(|f| (f.key.as_str(), count(f.findings)))
        .collect();
    let ranks = rank(&reports.iter().map(tally).collect::<Vec<_>>(), 1);
    let mut groups: Vec<GroupStanding> = reports
        .iter()
        .zip(ranks)
        .map(|(f, rank)| GroupStanding {
            code: f.key.clone(),
            name: name(&f.key),
            inspections: count(f.inspections),
            units: count(f.units),
            mean_score: mean_score(tally(f)),
            findings: found.get(f.key.as_str()).copied().unwrap_or(0),
            rank,
        })
        .collect();
    groups.sort_by(|a, b| (a.rank, &a.code).cmp(&(b.rank, &b.code)));
    groups
}

/// Problems found this month or the month before, most frequent first.
fn problems(
    current: &[FindingFigures],
    previous: &[FindingFigures],
    title: &dyn Fn(&str) -> String,
) -> Vec<Problem> {
    let mut merged: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
    for f in current {
        merged.entry(&f.key).or_default().0 = count(f.findings);
    }
    for f in previous {
        merged.entry(&f.key).or_default().1 = count(f.findings);
    }
    let mut problems: Vec<Problem> = merged
        .into_iter()
        .map(|(code, (now, before))| Problem {
            code: code.to_owned(),
            title: title(code),
            count: now,
            previous: before,
            change: now as i64 - before as i64,
        })
        .collect();
    problems.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.code.cmp(&b.code)));
    problems
}
