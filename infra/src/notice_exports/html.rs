//! The printable notice in Chinese, one self-contained page: typical cases carry their
//! thumbnails inline, so it prints and circulates without access to the system.

use anfang_domain::notice::NoticeStatus;
use askama::Template;
use base64::Engine;

use super::{ExportError, NoticeDocument, channel_zh, rank_text, score_text, zh};

struct Case {
    unit: String,
    item: String,
    channel: &'static str,
    severity: &'static str,
    marks: String,
    note: String,
    visit_day: String,
    images: Vec<String>,
}

struct Line {
    cells: Vec<String>,
}

#[derive(Template)]
#[template(path = "notice.html")]
struct Page<'a> {
    title: String,
    draft: bool,
    summary: String,
    grades: String,
    coverage: Vec<Line>,
    units: Vec<Line>,
    types: Vec<Line>,
    districts: Vec<Line>,
    problems: Vec<Line>,
    dimensions: Vec<Line>,
    cases: Vec<Case>,
    rectification: Vec<Line>,
    overdue: Vec<Line>,
    repeats: Vec<Line>,
    talks: Vec<&'a str>,
    min_inspections: u64,
}

fn change(n: i64) -> String {
    match n {
        0 => "持平".into(),
        n if n > 0 => format!("↑{n}"),
        n => format!("↓{}", -n),
    }
}

pub fn render(doc: &NoticeDocument<'_>) -> Result<Vec<u8>, ExportError> {
    let c = &doc.notice.content;
    let t = &c.totals;
    let (year, month) = c.period.split_once('-').unwrap_or((&c.period, ""));
    let page = Page {
        title: format!(
            "{year}年{}月明察暗访情况通报",
            month.trim_start_matches('0')
        ),
        draft: doc.notice.status == NoticeStatus::Draft,
        summary: format!(
            "本月共开展暗访{}次，覆盖窗口单位{}个，平均得分{}分；发现问题{}个，其中严重问题{}个、关键项问题{}个、重复问题{}个。",
            t.inspections,
            t.units_inspected,
            score_text(t.mean_score),
            t.findings,
            t.major,
            t.critical,
            t.repeats
        ),
        grades: format!(
            "优秀{}次，良好{}次，合格{}次，不合格{}次。",
            t.grades.excellent, t.grades.good, t.grades.pass, t.grades.fail
        ),
        coverage: c
            .coverage
            .iter()
            .map(|v| Line {
                cells: vec![
                    v.type_name.clone(),
                    v.units_covered.to_string(),
                    v.inspections.to_string(),
                ],
            })
            .collect(),
        units: c
            .unit_ranking
            .iter()
            .map(|u| Line {
                cells: vec![
                    rank_text(u.rank),
                    u.name.clone(),
                    u.type_label().to_owned(),
                    u.district_label().to_owned(),
                    u.inspections.to_string(),
                    score_text(u.mean_score),
                    u.findings.to_string(),
                    if u.talk {
                        "约谈".into()
                    } else {
                        String::new()
                    },
                ],
            })
            .collect(),
        types: group_lines(&c.type_ranking),
        districts: group_lines(&c.district_ranking),
        problems: problem_lines(&c.problems_by_item),
        dimensions: problem_lines(&c.problems_by_dimension),
        cases: c
            .typical_cases
            .iter()
            .map(|k| Case {
                unit: k.unit_name.clone(),
                item: k.item_title.clone(),
                channel: channel_zh(&k.channel),
                severity: zh(&k.severity),
                note: [
                    k.note.as_deref().map(str::trim).map(str::to_owned),
                    k.citation.as_deref().map(|s| format!("（录音录像 {s}）")),
                ]
                .into_iter()
                .flatten()
                .collect::<String>(),
                marks: [
                    k.critical.then_some("关键项"),
                    k.repeat.then_some("重复发生"),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join("、"),
                visit_day: doc.day(k.visit_at),
                images: k
                    .photo_ids
                    .iter()
                    .filter_map(|id| doc.thumbnails.get(id))
                    .map(|jpeg| {
                        format!(
                            "data:image/jpeg;base64,{}",
                            base64::engine::general_purpose::STANDARD.encode(jpeg)
                        )
                    })
                    .collect(),
            })
            .collect(),
        rectification: c
            .rectification
            .iter()
            .map(|r| Line {
                cells: vec![
                    r.name.clone(),
                    r.open.to_string(),
                    r.rectifying.to_string(),
                    r.rectified.to_string(),
                    r.verified.to_string(),
                    r.overdue.to_string(),
                ],
            })
            .collect(),
        overdue: c
            .overdue
            .iter()
            .map(|f| Line {
                cells: vec![
                    f.unit_name.clone(),
                    f.item_title.clone(),
                    doc.day(f.deadline),
                ],
            })
            .collect(),
        repeats: c
            .repeats
            .iter()
            .map(|f| Line {
                cells: vec![
                    f.unit_name.clone(),
                    f.item_title.clone(),
                    doc.day(f.visit_at),
                ],
            })
            .collect(),
        talks: c.talks.iter().map(|u| u.name.as_str()).collect(),
        min_inspections: c.min_inspections,
    };
    Ok(page.render()?.into_bytes())
}

fn group_lines(groups: &[anfang_domain::notice::GroupStanding]) -> Vec<Line> {
    groups
        .iter()
        .map(|g| Line {
            cells: vec![
                rank_text(g.rank),
                g.name.clone(),
                g.inspections.to_string(),
                g.units.to_string(),
                score_text(g.mean_score),
                g.findings.to_string(),
            ],
        })
        .collect()
}

fn problem_lines(problems: &[anfang_domain::notice::Problem]) -> Vec<Line> {
    problems
        .iter()
        .map(|p| Line {
            cells: vec![
                p.title.clone(),
                p.count.to_string(),
                p.previous.to_string(),
                change(p.change),
            ],
        })
        .collect()
}
