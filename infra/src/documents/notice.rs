//! The monthly notice as the bureau circulates it (通报): the month in sentences, the units
//! named by name, the typical cases with their photographs, what is asked of the units, and
//! the rankings and the problem list as attachments. Everything comes from the notice's
//! snapshot and the findings it recorded, so the document is the same whenever it is made.

use std::collections::HashMap;

use anfang_domain::notice::{GroupStanding, Letterhead, Notice, NoticeStatus, Problem};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::model::{Attachment, Block, FigureImage, OfficialDocument, Table, chinese_date};
use crate::db::notices::CoveredFinding;
use crate::exports::{channel_zh, zh};

/// What the document is made from besides the notice.
pub struct NoticeSources<'a> {
    pub notice: &'a Notice,
    /// The letterhead it was issued under, or today's for a notice not yet published.
    pub letterhead: &'a Letterhead,
    pub findings: &'a [CoveredFinding],
    /// Item code → title.
    pub item_titles: &'a HashMap<String, String>,
    /// Photo id → JPEG thumbnail, for the typical cases.
    pub thumbnails: &'a HashMap<String, Vec<u8>>,
    pub zone: Tz,
    /// When the document is printed (its 印发日期 while unpublished).
    pub now: DateTime<Utc>,
}

fn score(s: Option<f64>) -> String {
    s.map(|s| format!("{s:.2}")).unwrap_or_else(|| "—".into())
}

fn joined(names: &[anfang_domain::notice::BodyName]) -> String {
    names
        .iter()
        .map(|n| n.as_str())
        .collect::<Vec<_>>()
        .join("，")
}

fn paragraph(text: impl Into<String>) -> Block {
    Block::Paragraph { text: text.into() }
}

fn heading(text: &str) -> Block {
    Block::Heading { text: text.into() }
}

/// A note as a sentence: ended with a full stop unless it already ends as one.
fn closed(note: &str) -> String {
    if note.ends_with(['。', '！', '？', '.', '!', '?']) {
        note.to_owned()
    } else {
        format!("{note}。")
    }
}

fn month_words(period: &str) -> (String, String) {
    let (year, month) = period.split_once('-').unwrap_or((period, ""));
    (year.to_owned(), month.trim_start_matches('0').to_owned())
}

fn dimensions(jpeg: &[u8]) -> Option<(u32, u32)> {
    image::ImageReader::new(std::io::Cursor::new(jpeg))
        .with_guessed_format()
        .ok()?
        .into_dimensions()
        .ok()
}

fn problem_sentence(problems: &[Problem], limit: usize) -> Option<String> {
    let listed: Vec<String> = problems
        .iter()
        .take(limit)
        .map(|p| {
            let trend = match p.change {
                0 => "与上月持平".to_owned(),
                n if n > 0 => format!("比上月增加{n}个"),
                n => format!("比上月减少{}个", -n),
            };
            format!("“{}”{}个（{}）", p.title, p.count, trend)
        })
        .collect();
    (!listed.is_empty()).then(|| listed.join("；"))
}

fn group_table(groups: &[GroupStanding], title: &str) -> Table {
    Table {
        columns: ["排名", title, "暗访次数", "单位数", "平均得分", "问题数"]
            .map(String::from)
            .to_vec(),
        widths: vec![2, 6, 3, 3, 3, 3],
        rows: groups
            .iter()
            .map(|g| {
                vec![
                    g.rank.map(|r| r.to_string()).unwrap_or_else(|| "—".into()),
                    g.name.clone(),
                    g.inspections.to_string(),
                    g.units.to_string(),
                    score(g.mean_score),
                    g.findings.to_string(),
                ]
            })
            .collect(),
        empty: format!("本月无按{title}统计的暗访。"),
    }
}

pub fn document(s: &NoticeSources<'_>) -> OfficialDocument {
    let n = s.notice;
    let c = &n.content;
    let t = &c.totals;
    let (year, month) = month_words(&c.period);
    let body_name = s.letterhead.issuing_body.as_str();
    let mut body = vec![paragraph(format!(
        "为持续改进人社服务窗口作风，提升群众办事体验，{year}年{month}月，{body_name}按照“四不两直”要求，组织对窗口单位开展明察暗访。现将有关情况通报如下："
    ))];

    body.push(heading("一、总体情况"));
    body.push(paragraph(format!(
        "本月共开展暗访{}次，覆盖窗口单位{}个，平均得分{}分，其中优秀{}次、良好{}次、合格{}次、不合格{}次。共发现问题{}个，其中严重问题{}个、关键项问题{}个、重复发生问题{}个。",
        t.inspections,
        t.units_inspected,
        score(t.mean_score),
        t.grades.excellent,
        t.grades.good,
        t.grades.pass,
        t.grades.fail,
        t.findings,
        t.major,
        t.critical,
        t.repeats,
    )));
    if !c.coverage.is_empty() {
        let by_type: Vec<String> = c
            .coverage
            .iter()
            .map(|v| {
                format!(
                    "{}{}个单位{}次",
                    v.type_name, v.units_covered, v.inspections
                )
            })
            .collect();
        body.push(paragraph(format!("分类型看：{}。", by_type.join("，"))));
    }

    body.push(heading("二、排名情况"));
    let ranked: Vec<_> = c.unit_ranking.iter().filter(|u| u.rank.is_some()).collect();
    if ranked.is_empty() {
        body.push(paragraph(format!(
            "本月没有单位暗访达到{}次，不作排名。",
            c.min_inspections
        )));
    } else {
        let names = |units: &[&anfang_domain::notice::UnitStanding]| {
            units
                .iter()
                .map(|u| format!("{}（{}分）", u.name, score(u.mean_score)))
                .collect::<Vec<_>>()
                .join("、")
        };
        let top: Vec<_> = ranked.iter().take(3).copied().collect();
        body.push(paragraph(format!("得分排名靠前的单位：{}。", names(&top))));
        if ranked.len() > 3 {
            let bottom: Vec<_> = ranked.iter().rev().take(3).rev().copied().collect();
            body.push(paragraph(format!(
                "得分排名靠后的单位：{}。",
                names(&bottom)
            )));
        }
        let unranked = c.unit_ranking.len() - ranked.len();
        if unranked > 0 {
            body.push(paragraph(format!(
                "另有{unranked}个单位本月暗访不足{}次，列入排名表但不参与排名。",
                c.min_inspections
            )));
        }
    }
    if c.talks.is_empty() {
        body.push(paragraph("本月没有连续两个月在同类单位中排名末位的单位。"));
    } else {
        let talks: Vec<&str> = c.talks.iter().map(|u| u.name.as_str()).collect();
        body.push(paragraph(format!(
            "{}连续两个月在同类单位中排名末位，按规定对其主要负责人进行约谈。",
            talks.join("、")
        )));
    }
    body.push(paragraph("各单位、各类型、各区划的排名见附件1。"));

    body.push(heading("三、主要问题"));
    match problem_sentence(&c.problems_by_item, 5) {
        Some(items) => body.push(paragraph(format!("出现较多的问题是：{items}。"))),
        None => body.push(paragraph("本月暗访未发现问题。")),
    }
    if let Some(dims) = problem_sentence(&c.problems_by_dimension, 8) {
        body.push(paragraph(format!("按维度看：{dims}。")));
    }

    body.push(heading("四、典型案例"));
    if c.typical_cases.is_empty() {
        body.push(paragraph("本月暗访未发现严重问题或关键项问题。"));
    }
    let mut images = Vec::new();
    for (i, case) in c.typical_cases.iter().enumerate() {
        body.push(Block::Subheading {
            text: format!("（{}）{}", chinese_number(i + 1), case.unit_name),
        });
        let day = chinese_date(case.visit_at.with_timezone(&s.zone).date_naive());
        let marks = [
            case.critical.then_some("属关键项"),
            case.repeat.then_some("90日内重复发生"),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("，");
        let marks = if marks.is_empty() {
            String::new()
        } else {
            format!("，{marks}")
        };
        let note = case
            .note
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(|n| format!("暗访人员记录：{}", closed(n)))
            .unwrap_or_default();
        let segment = case
            .citation
            .as_deref()
            .map(|s| format!("暗访录音录像 {s} 段可证。"))
            .unwrap_or_default();
        body.push(paragraph(format!(
            "{day}，{}发现该单位存在“{}”问题，问题程度为{}{marks}。{note}{segment}",
            channel_zh(&case.channel),
            case.item_title,
            zh(&case.severity),
        )));
        let pictured: Vec<FigureImage> = case
            .photo_ids
            .iter()
            .filter_map(|id| {
                let jpeg = s.thumbnails.get(id)?;
                let (width_px, height_px) = dimensions(jpeg)?;
                let name = format!("{id}.jpg");
                images.push((name.clone(), jpeg.clone()));
                Some(FigureImage {
                    name,
                    width_px,
                    height_px,
                })
            })
            .collect();
        if !pictured.is_empty() {
            body.push(Block::Figure {
                images: pictured,
                caption: format!("{}：{}", case.unit_name, case.item_title),
            });
        }
    }

    body.push(heading("五、整改情况"));
    let (mut open, mut rectified, mut verified, mut overdue) = (0, 0, 0, 0);
    for u in &c.rectification {
        open += u.open + u.rectifying;
        rectified += u.rectified;
        verified += u.verified;
        overdue += u.overdue;
    }
    body.push(paragraph(format!(
        "本月发现的问题中，待整改{open}个，已整改待核验{rectified}个，已核验销号{verified}个，逾期未整改{overdue}个。"
    )));
    if c.overdue.is_empty() {
        body.push(paragraph("截至通报生成时，没有逾期未整改的问题。"));
    } else {
        body.push(paragraph(format!(
            "截至通报生成时，共有{}个问题逾期未整改（含以前月份发现的问题），详见附件2。",
            c.overdue.len()
        )));
    }

    body.push(heading("六、工作要求"));
    body.push(paragraph(
        "各单位要对照通报指出的问题，逐项制定整改措施，在整改期限内完成整改，并通过系统报送整改情况和佐证材料。对逾期未整改、重复发生的问题，将在下月通报中予以重点通报。",
    ));
    body.push(paragraph("特此通报。"));

    let mut unit_rows = Vec::new();
    for u in &c.unit_ranking {
        unit_rows.push(vec![
            u.rank
                .map(|r| r.to_string())
                .unwrap_or_else(|| "不参与排名".into()),
            u.name.clone(),
            u.type_label().to_owned(),
            u.district_label().to_owned(),
            u.inspections.to_string(),
            score(u.mean_score),
            u.findings.to_string(),
            if u.talk {
                "约谈".into()
            } else {
                String::new()
            },
        ]);
    }
    let rankings = Attachment {
        title: format!("{year}年{month}月窗口单位暗访排名情况"),
        blocks: vec![
            Block::Subheading {
                text: "（一）按单位".into(),
            },
            Block::Table(Table {
                columns: [
                    "排名",
                    "单位",
                    "类型",
                    "区划",
                    "暗访次数",
                    "平均得分",
                    "问题数",
                    "备注",
                ]
                .map(String::from)
                .to_vec(),
                widths: vec![3, 7, 5, 3, 2, 3, 2, 2],
                rows: unit_rows,
                empty: "本月没有单位接受暗访。".into(),
            }),
            Block::Subheading {
                text: "（二）按单位类型".into(),
            },
            Block::Table(group_table(&c.type_ranking, "单位类型")),
            Block::Subheading {
                text: "（三）按区划".into(),
            },
            Block::Table(group_table(&c.district_ranking, "区划")),
        ],
    };
    let problems = Attachment {
        title: format!("{year}年{month}月暗访发现问题清单"),
        blocks: problem_list(s),
    };

    let local_day = |t: DateTime<Utc>| chinese_date(t.with_timezone(&s.zone).date_naive());
    OfficialDocument {
        issuing_body: body_name.to_owned(),
        number: n.issue.as_ref().map(|i| i.number.to_string()),
        title: format!("关于{year}年{month}月人社服务窗口明察暗访情况的通报"),
        addressees: joined(&s.letterhead.addressees),
        body,
        attachments: vec![rankings, problems],
        signature: body_name.to_owned(),
        date: n.dated().map(local_day),
        draft: n.status != NoticeStatus::Published,
        copy_to: (!s.letterhead.copy_to.is_empty()).then(|| joined(&s.letterhead.copy_to)),
        printing_office: s.letterhead.printing_office.as_str().to_owned(),
        printed_on: local_day(n.published_at.unwrap_or(s.now)),
        images,
    }
}

/// One unit's problems, counted: the notice circulates to every unit, so it lists problems
/// by unit (bounded by the number of units, however many findings a month has); the detail
/// of each problem, with its deadline, is in the unit's rectification order.
#[derive(Default)]
struct UnitProblems<'a> {
    name: &'a str,
    count: usize,
    major: usize,
    critical: usize,
    /// Item title → how many, in order of first appearance.
    items: Vec<(&'a str, usize)>,
    earliest_deadline: Option<DateTime<Utc>>,
}

impl<'a> UnitProblems<'a> {
    fn add(&mut self, title: &'a str, major: bool, critical: bool) {
        self.count += 1;
        self.major += usize::from(major);
        self.critical += usize::from(critical);
        match self.items.iter_mut().find(|(t, _)| *t == title) {
            Some((_, n)) => *n += 1,
            None => self.items.push((title, 1)),
        }
    }

    /// The most frequent items, as a phrase: `生冷硬顶横2个、标识导向不清1个`.
    fn main_items(&self, limit: usize) -> String {
        let mut items = self.items.clone();
        items.sort_by_key(|item| std::cmp::Reverse(item.1));
        let mut phrase = items
            .iter()
            .take(limit)
            .map(|(title, n)| format!("{title}{n}个"))
            .collect::<Vec<_>>()
            .join("、");
        if items.len() > limit {
            phrase.push('等');
        }
        phrase
    }
}

/// Units in code order, each with its problems.
fn by_unit<'a, T>(
    lines: &'a [T],
    unit: impl Fn(&'a T) -> (&'a str, &'a str),
    mut add: impl FnMut(&mut UnitProblems<'a>, &'a T),
) -> Vec<UnitProblems<'a>> {
    let mut units: std::collections::BTreeMap<&str, UnitProblems<'a>> = Default::default();
    for line in lines {
        let (code, name) = unit(line);
        let entry = units.entry(code).or_default();
        entry.name = name;
        add(entry, line);
    }
    units.into_values().collect()
}

fn problem_list(s: &NoticeSources<'_>) -> Vec<Block> {
    fn title<'a>(titles: &'a HashMap<String, String>, code: &'a str) -> &'a str {
        titles.get(code).map(String::as_str).unwrap_or(code)
    }
    let found = by_unit(
        s.findings,
        |f| (f.unit_code.as_str(), f.unit_name.as_str()),
        |u, f| {
            u.add(
                title(s.item_titles, &f.item_code),
                f.severity == "major",
                f.critical,
            )
        },
    );
    let overdue = by_unit(
        &s.notice.content.overdue,
        |f| (f.unit_code.as_str(), f.unit_name.as_str()),
        |u, f| {
            u.add(&f.item_title, f.severity == "major", false);
            u.earliest_deadline = Some(match u.earliest_deadline {
                Some(d) => d.min(f.deadline),
                None => f.deadline,
            });
        },
    );
    let day = |t: DateTime<Utc>| t.with_timezone(&s.zone).format("%Y-%m-%d").to_string();
    vec![
        Block::Subheading {
            text: "（一）本月发现的问题".into(),
        },
        Block::Table(Table {
            columns: ["单位", "问题数", "严重", "关键项", "主要问题"]
                .map(String::from)
                .to_vec(),
            widths: vec![9, 3, 3, 3, 10],
            rows: found
                .iter()
                .map(|u| {
                    vec![
                        u.name.to_owned(),
                        u.count.to_string(),
                        u.major.to_string(),
                        u.critical.to_string(),
                        u.main_items(3),
                    ]
                })
                .collect(),
            empty: "本月暗访未发现问题。".into(),
        }),
        paragraph("各单位问题的明细和整改期限，见随本通报下发的整改通知书。"),
        Block::Subheading {
            text: "（二）逾期未整改的问题".into(),
        },
        Block::Table(Table {
            columns: ["单位", "逾期问题数", "最早整改期限", "涉及问题"]
                .map(String::from)
                .to_vec(),
            widths: vec![9, 3, 4, 8],
            rows: overdue
                .iter()
                .map(|u| {
                    vec![
                        u.name.to_owned(),
                        u.count.to_string(),
                        u.earliest_deadline.map(day).unwrap_or_default(),
                        u.main_items(3),
                    ]
                })
                .collect(),
            empty: "没有逾期未整改的问题。".into(),
        }),
    ]
}

/// 一, 二, … 九十九: the numbering of 公文 subheadings.
fn chinese_number(n: usize) -> String {
    const DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        1..=9 => DIGITS[n].to_owned(),
        10..=19 => format!("十{}", DIGITS[n % 10]),
        20..=99 => format!("{}十{}", DIGITS[n / 10], DIGITS[n % 10]),
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subheadings_count_in_chinese() {
        let words: Vec<String> = [1, 9, 10, 11, 20, 21, 99].map(chinese_number).to_vec();
        assert_eq!(
            words,
            ["一", "九", "十", "十一", "二十", "二十一", "九十九"]
        );
    }
}
