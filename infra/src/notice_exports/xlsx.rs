//! The workbook: 汇总 (summary), 排名 (rankings), 问题清单 (findings), 整改情况 (rectification).

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use super::{ExportError, NoticeDocument, rank_text, score_text, zh};

fn header(sheet: &mut Worksheet, row: u32, titles: &[&str]) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    for (col, title) in titles.iter().enumerate() {
        sheet.write_string_with_format(row, col as u16, *title, &bold)?;
    }
    Ok(())
}

fn summary(sheet: &mut Worksheet, doc: &NoticeDocument<'_>) -> Result<(), XlsxError> {
    let c = &doc.notice.content;
    let t = &c.totals;
    sheet.set_name("汇总")?;
    header(sheet, 0, &["项目", "数值"])?;
    let rows: [(&str, String); 12] = [
        ("通报月份", c.period.clone()),
        ("暗访次数", t.inspections.to_string()),
        ("覆盖单位数", t.units_inspected.to_string()),
        ("平均得分", score_text(t.mean_score)),
        ("优秀", t.grades.excellent.to_string()),
        ("良好", t.grades.good.to_string()),
        ("合格", t.grades.pass.to_string()),
        ("不合格", t.grades.fail.to_string()),
        ("发现问题", t.findings.to_string()),
        ("严重问题", t.major.to_string()),
        ("关键项问题", t.critical.to_string()),
        ("重复问题", t.repeats.to_string()),
    ];
    for (i, (label, value)) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_string(row, 0, *label)?;
        match value.parse::<f64>() {
            Ok(n) if *label != "通报月份" => sheet.write_number(row, 1, n)?,
            _ => sheet.write_string(row, 1, value)?,
        };
    }
    let mut row = rows.len() as u32 + 2;
    header(sheet, row, &["单位类型", "覆盖单位数", "暗访次数"])?;
    for cov in &c.coverage {
        row += 1;
        sheet.write_string(row, 0, format!("{} {}", cov.type_code, cov.type_name))?;
        sheet.write_number(row, 1, cov.units_covered as f64)?;
        sheet.write_number(row, 2, cov.inspections as f64)?;
    }
    Ok(())
}

fn rankings(sheet: &mut Worksheet, doc: &NoticeDocument<'_>) -> Result<(), XlsxError> {
    let c = &doc.notice.content;
    sheet.set_name("排名")?;
    header(
        sheet,
        0,
        &[
            "排名",
            "单位编码",
            "单位名称",
            "类型",
            "区划",
            "暗访次数",
            "平均得分",
            "问题数",
            "约谈",
        ],
    )?;
    let mut row = 0;
    for u in &c.unit_ranking {
        row += 1;
        sheet.write_string(row, 0, rank_text(u.rank))?;
        sheet.write_string(row, 1, &u.code)?;
        sheet.write_string(row, 2, &u.name)?;
        sheet.write_string(row, 3, u.type_label())?;
        sheet.write_string(row, 4, u.district_label())?;
        sheet.write_number(row, 5, u.inspections as f64)?;
        if let Some(s) = u.mean_score {
            sheet.write_number(row, 6, s)?;
        }
        sheet.write_number(row, 7, u.findings as f64)?;
        sheet.write_string(row, 8, if u.talk { "约谈" } else { "" })?;
    }
    for (title, groups) in [("单位类型", &c.type_ranking), ("区划", &c.district_ranking)] {
        row += 2;
        header(
            sheet,
            row,
            &[
                "排名",
                title,
                "名称",
                "暗访次数",
                "单位数",
                "平均得分",
                "问题数",
            ],
        )?;
        for g in groups {
            row += 1;
            sheet.write_string(row, 0, rank_text(g.rank))?;
            sheet.write_string(row, 1, &g.code)?;
            sheet.write_string(row, 2, &g.name)?;
            sheet.write_number(row, 3, g.inspections as f64)?;
            sheet.write_number(row, 4, g.units as f64)?;
            if let Some(s) = g.mean_score {
                sheet.write_number(row, 5, s)?;
            }
            sheet.write_number(row, 6, g.findings as f64)?;
        }
    }
    Ok(())
}

fn findings(sheet: &mut Worksheet, doc: &NoticeDocument<'_>) -> Result<(), XlsxError> {
    sheet.set_name("问题清单")?;
    header(
        sheet,
        0,
        &[
            "单位编码",
            "单位名称",
            "类型",
            "区划",
            "要点",
            "问题",
            "程度",
            "关键项",
            "重复",
            "状态",
            "暗访时间",
            "整改期限",
            "问题编号",
        ],
    )?;
    for (i, f) in doc.findings.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_string(row, 0, &f.unit_code)?;
        sheet.write_string(row, 1, &f.unit_name)?;
        sheet.write_string(row, 2, f.unit_type_label())?;
        sheet.write_string(row, 3, f.district_label())?;
        sheet.write_string(row, 4, &f.item_code)?;
        sheet.write_string(row, 5, doc.item_title(&f.item_code))?;
        sheet.write_string(row, 6, zh(&f.severity))?;
        sheet.write_string(row, 7, if f.critical { "是" } else { "" })?;
        sheet.write_string(row, 8, if f.is_repeat { "是" } else { "" })?;
        sheet.write_string(row, 9, zh(&f.status))?;
        sheet.write_string(row, 10, doc.time(f.visit_at.and_utc()))?;
        sheet.write_string(row, 11, doc.time(f.deadline.and_utc()))?;
        sheet.write_string(row, 12, &f.finding_id)?;
    }
    Ok(())
}

fn rectification(sheet: &mut Worksheet, doc: &NoticeDocument<'_>) -> Result<(), XlsxError> {
    let c = &doc.notice.content;
    sheet.set_name("整改情况")?;
    header(
        sheet,
        0,
        &[
            "单位编码",
            "单位名称",
            "待整改",
            "整改中",
            "已整改待核验",
            "已核验",
            "逾期",
        ],
    )?;
    let mut row = 0;
    for r in &c.rectification {
        row += 1;
        sheet.write_string(row, 0, &r.code)?;
        sheet.write_string(row, 1, &r.name)?;
        for (col, n) in [r.open, r.rectifying, r.rectified, r.verified, r.overdue]
            .into_iter()
            .enumerate()
        {
            sheet.write_number(row, col as u16 + 2, n as f64)?;
        }
    }
    row += 2;
    header(
        sheet,
        row,
        &["逾期未整改", "单位名称", "要点", "问题", "整改期限"],
    )?;
    for f in &c.overdue {
        row += 1;
        sheet.write_string(row, 0, &f.unit_code)?;
        sheet.write_string(row, 1, &f.unit_name)?;
        sheet.write_string(row, 2, &f.item_code)?;
        sheet.write_string(row, 3, &f.item_title)?;
        sheet.write_string(row, 4, doc.time(f.deadline))?;
    }
    Ok(())
}

pub fn render(doc: &NoticeDocument<'_>) -> Result<Vec<u8>, ExportError> {
    let mut book = Workbook::new();
    summary(book.add_worksheet(), doc)?;
    rankings(book.add_worksheet(), doc)?;
    findings(book.add_worksheet(), doc)?;
    rectification(book.add_worksheet(), doc)?;
    Ok(book.save_to_buffer()?)
}
