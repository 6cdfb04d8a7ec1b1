//! The workbook, one table per sheet so that each can be sorted and filtered: 汇总 (summary),
//! 覆盖情况 (coverage), 单位排名, 类型排名, 区划排名 (rankings), 问题清单 (findings), 整改情况
//! (rectification) and 逾期问题 (overdue). Every sheet has sized columns, a frozen header row
//! and an autofilter; counts, scores and ranks are numbers, and times are dates in the bureau's
//! time zone.

use chrono::{DateTime, Datelike, Timelike, Utc};
use rust_xlsxwriter::{Color, ExcelDateTime, Format, FormatBorder, Workbook, Worksheet, XlsxError};

use super::{ExportError, NoticeDocument, zh};

/// One cell as the sheet stores it.
enum Cell {
    Text(String),
    Count(u64),
    /// A mean score, two decimals; none for a unit without a score.
    Score(Option<f64>),
    /// A rank; none for a unit listed but not ranked.
    Rank(Option<u32>),
    /// A moment, to the minute, in the bureau's time zone.
    Time(DateTime<Utc>),
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

/// A column: its header and its width in characters (a Chinese character counts two).
type Column = (&'static str, f64);

struct Formats {
    header: Format,
    score: Format,
    time: Format,
}

impl Formats {
    fn new() -> Self {
        Self {
            header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xD9E1F2))
                .set_border_bottom(FormatBorder::Thin),
            score: Format::new().set_num_format("0.00"),
            time: Format::new().set_num_format("yyyy-mm-dd hh:mm"),
        }
    }
}

/// A sheet holding one table: named, its columns sized, its header frozen and filtered.
fn table(
    sheet: &mut Worksheet,
    formats: &Formats,
    name: &str,
    columns: &[Column],
    rows: Vec<Vec<Cell>>,
    zone: chrono_tz::Tz,
) -> Result<(), XlsxError> {
    sheet.set_name(name)?;
    for (col, (title, width)) in columns.iter().enumerate() {
        let col = col as u16;
        sheet.set_column_width(col, *width)?;
        sheet.write_string_with_format(0, col, *title, &formats.header)?;
    }
    let count = rows.len() as u32;
    for (i, cells) in rows.into_iter().enumerate() {
        let row = i as u32 + 1;
        for (col, cell) in cells.into_iter().enumerate() {
            let col = col as u16;
            match cell {
                Cell::Text(s) => {
                    sheet.write_string(row, col, s)?;
                }
                Cell::Count(n) => {
                    sheet.write_number(row, col, n as f64)?;
                }
                Cell::Score(Some(s)) => {
                    sheet.write_number_with_format(row, col, s, &formats.score)?;
                }
                Cell::Rank(Some(r)) => {
                    sheet.write_number(row, col, f64::from(r))?;
                }
                Cell::Score(None) | Cell::Rank(None) => {}
                Cell::Time(t) => {
                    sheet.write_datetime_with_format(
                        row,
                        col,
                        excel_time(t, zone)?,
                        &formats.time,
                    )?;
                }
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, count, columns.len().saturating_sub(1) as u16)?;
    Ok(())
}

/// The moment as the bureau's clock showed it (a spreadsheet has no time zones).
fn excel_time(t: DateTime<Utc>, zone: chrono_tz::Tz) -> Result<ExcelDateTime, XlsxError> {
    let local = t.with_timezone(&zone);
    let year = u16::try_from(local.year())
        .map_err(|_| XlsxError::DateTimeRangeError(local.to_string()))?;
    ExcelDateTime::from_ymd(year, local.month() as u8, local.day() as u8)?.and_hms(
        local.hour() as u16,
        local.minute() as u8,
        local.second(),
    )
}

fn summary(doc: &NoticeDocument<'_>) -> Vec<Vec<Cell>> {
    let c = &doc.notice.content;
    let t = &c.totals;
    let mut rows = vec![vec![text("通报月份"), text(c.period.clone())]];
    for (label, n) in [
        ("暗访次数", t.inspections),
        ("覆盖单位数", t.units_inspected),
    ] {
        rows.push(vec![text(label), Cell::Count(n)]);
    }
    rows.push(vec![text("平均得分"), Cell::Score(t.mean_score)]);
    for (label, n) in [
        ("优秀", t.grades.excellent),
        ("良好", t.grades.good),
        ("合格", t.grades.pass),
        ("不合格", t.grades.fail),
        ("发现问题", t.findings),
        ("严重问题", t.major),
        ("关键项问题", t.critical),
        ("重复问题", t.repeats),
    ] {
        rows.push(vec![text(label), Cell::Count(n)]);
    }
    rows
}

const RANK_NOTE: &str = "不参与排名";

fn note_of_rank(rank: Option<u32>, talk: bool) -> String {
    match (rank, talk) {
        (None, _) => RANK_NOTE.into(),
        (Some(_), true) => "约谈".into(),
        (Some(_), false) => String::new(),
    }
}

fn group_rows(groups: &[anfang_domain::notice::GroupStanding]) -> Vec<Vec<Cell>> {
    groups
        .iter()
        .map(|g| {
            vec![
                Cell::Rank(g.rank),
                text(g.code.clone()),
                text(g.name.clone()),
                Cell::Count(g.inspections),
                Cell::Count(g.units),
                Cell::Score(g.mean_score),
                Cell::Count(g.findings),
            ]
        })
        .collect()
}

pub fn render(doc: &NoticeDocument<'_>) -> Result<Vec<u8>, ExportError> {
    let c = &doc.notice.content;
    let zone = doc.zone;
    let formats = Formats::new();
    let mut book = Workbook::new();

    table(
        book.add_worksheet(),
        &formats,
        "汇总",
        &[("项目", 14.0), ("数值", 12.0)],
        summary(doc),
        zone,
    )?;
    table(
        book.add_worksheet(),
        &formats,
        "覆盖情况",
        &[
            ("类型编码", 10.0),
            ("单位类型", 30.0),
            ("覆盖单位数", 12.0),
            ("暗访次数", 10.0),
        ],
        c.coverage
            .iter()
            .map(|v| {
                vec![
                    text(v.type_code.clone()),
                    text(v.type_name.clone()),
                    Cell::Count(v.units_covered),
                    Cell::Count(v.inspections),
                ]
            })
            .collect(),
        zone,
    )?;
    table(
        book.add_worksheet(),
        &formats,
        "单位排名",
        &[
            ("排名", 7.0),
            ("单位编码", 16.0),
            ("单位名称", 30.0),
            ("类型", 26.0),
            ("区划", 12.0),
            ("暗访次数", 10.0),
            ("平均得分", 10.0),
            ("问题数", 8.0),
            ("备注", 12.0),
        ],
        c.unit_ranking
            .iter()
            .map(|u| {
                vec![
                    Cell::Rank(u.rank),
                    text(u.code.clone()),
                    text(u.name.clone()),
                    text(u.type_label()),
                    text(u.district_label()),
                    Cell::Count(u.inspections),
                    Cell::Score(u.mean_score),
                    Cell::Count(u.findings),
                    text(note_of_rank(u.rank, u.talk)),
                ]
            })
            .collect(),
        zone,
    )?;
    for (name, title, width, groups) in [
        ("类型排名", "类型编码", 10.0, &c.type_ranking),
        ("区划排名", "区划代码", 10.0, &c.district_ranking),
    ] {
        table(
            book.add_worksheet(),
            &formats,
            name,
            &[
                ("排名", 7.0),
                (title, width),
                ("名称", 28.0),
                ("暗访次数", 10.0),
                ("单位数", 8.0),
                ("平均得分", 10.0),
                ("问题数", 8.0),
            ],
            group_rows(groups),
            zone,
        )?;
    }
    table(
        book.add_worksheet(),
        &formats,
        "问题清单",
        &[
            ("单位编码", 16.0),
            ("单位名称", 30.0),
            ("类型", 26.0),
            ("区划", 12.0),
            ("要点", 8.0),
            ("问题", 30.0),
            ("程度", 6.0),
            ("关键项", 8.0),
            ("重复", 6.0),
            ("状态", 14.0),
            ("暗访时间", 17.0),
            ("整改期限", 17.0),
            ("问题编号", 38.0),
        ],
        doc.findings
            .iter()
            .map(|f| {
                vec![
                    text(f.unit_code.clone()),
                    text(f.unit_name.clone()),
                    text(f.unit_type_label()),
                    text(f.district_label()),
                    text(f.item_code.clone()),
                    text(doc.item_title(&f.item_code)),
                    text(zh(&f.severity)),
                    text(if f.critical { "是" } else { "" }),
                    text(if f.is_repeat { "是" } else { "" }),
                    text(zh(&f.status)),
                    Cell::Time(f.visit_at.and_utc()),
                    Cell::Time(f.deadline.and_utc()),
                    text(f.finding_id.clone()),
                ]
            })
            .collect(),
        zone,
    )?;
    table(
        book.add_worksheet(),
        &formats,
        "整改情况",
        &[
            ("单位编码", 16.0),
            ("单位名称", 30.0),
            ("待整改", 8.0),
            ("整改中", 8.0),
            ("已整改待核验", 14.0),
            ("已核验", 8.0),
            ("逾期", 6.0),
        ],
        c.rectification
            .iter()
            .map(|r| {
                let mut row = vec![text(r.code.clone()), text(r.name.clone())];
                row.extend(
                    [r.open, r.rectifying, r.rectified, r.verified, r.overdue].map(Cell::Count),
                );
                row
            })
            .collect(),
        zone,
    )?;
    table(
        book.add_worksheet(),
        &formats,
        "逾期问题",
        &[
            ("单位编码", 16.0),
            ("单位名称", 30.0),
            ("要点", 8.0),
            ("问题", 30.0),
            ("程度", 6.0),
            ("暗访时间", 17.0),
            ("整改期限", 17.0),
        ],
        c.overdue
            .iter()
            .map(|f| {
                vec![
                    text(f.unit_code.clone()),
                    text(f.unit_name.clone()),
                    text(f.item_code.clone()),
                    text(f.item_title.clone()),
                    text(zh(&f.severity)),
                    Cell::Time(f.visit_at),
                    Cell::Time(f.deadline),
                ]
            })
            .collect(),
        zone,
    )?;
    Ok(book.save_to_buffer()?)
}
