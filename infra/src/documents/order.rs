//! A unit's rectification order (整改通知书), issued with the published notice: the problems
//! the notice found at the unit, each with what the inspector recorded and its deadline, and
//! how the unit answers (rectify and report in the system, or appeal once).

use std::collections::HashMap;

use anfang_domain::notice::{Letterhead, Notice};
use chrono::{DateTime, NaiveDateTime, Utc};
use chrono_tz::Tz;

use super::model::{Block, OfficialDocument, Table, chinese_date};
use crate::db::orders::OrderLine;
use crate::exports::zh;

pub struct OrderSources<'a> {
    /// The published notice the order goes out with.
    pub notice: &'a Notice,
    pub letterhead: &'a Letterhead,
    pub unit_name: &'a str,
    pub lines: &'a [OrderLine],
    /// Item code → title.
    pub item_titles: &'a HashMap<String, String>,
    pub zone: Tz,
    pub now: DateTime<Utc>,
}

fn paragraph(text: impl Into<String>) -> Block {
    Block::Paragraph { text: text.into() }
}

fn heading(text: &str) -> Block {
    Block::Heading { text: text.into() }
}

pub fn document(s: &OrderSources<'_>) -> OfficialDocument {
    let n = s.notice;
    let (year, month) = n
        .content
        .period
        .split_once('-')
        .unwrap_or((&n.content.period, ""));
    let month = month.trim_start_matches('0');
    let body_name = s.letterhead.issuing_body.as_str();
    let day = |t: NaiveDateTime| {
        t.and_utc()
            .with_timezone(&s.zone)
            .format("%Y-%m-%d")
            .to_string()
    };
    let cited = match &n.issue {
        Some(issue) => format!(
            "根据《关于{year}年{month}月人社服务窗口明察暗访情况的通报》（{}）",
            issue.number
        ),
        None => format!("根据《关于{year}年{month}月人社服务窗口明察暗访情况的通报》"),
    };
    let mut body = vec![paragraph(format!(
        "{cited}，{year}年{month}月暗访发现你单位存在以下{}个问题，现通知你单位按期整改。",
        s.lines.len()
    ))];
    body.push(heading("一、发现的问题"));
    let rows = s
        .lines
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let title = s
                .item_titles
                .get(&line.item_code)
                .cloned()
                .unwrap_or_else(|| line.item_code.clone());
            let marks: Vec<&str> = [
                line.critical.then_some("关键项"),
                line.is_repeat.then_some("重复发生"),
            ]
            .into_iter()
            .flatten()
            .collect();
            let problem = if marks.is_empty() {
                title
            } else {
                format!("{title}（{}）", marks.join("、"))
            };
            let deadline = if line.status == "verified" {
                "已核验销号".to_owned()
            } else {
                day(line.deadline)
            };
            vec![
                (i + 1).to_string(),
                problem,
                zh(&line.severity).to_owned(),
                day(line.visit_at),
                line.note.as_deref().unwrap_or("—").trim().to_owned(),
                deadline,
            ]
        })
        .collect();
    body.push(Block::Table(Table {
        columns: ["序号", "问题", "程度", "暗访日期", "暗访情况", "整改期限"]
            .map(String::from)
            .to_vec(),
        widths: vec![2, 7, 2, 4, 8, 4],
        rows,
        empty: "本月暗访未在你单位发现问题。".into(),
    }));
    body.push(heading("二、整改要求"));
    for text in [
        "（一）严重问题和关键项问题须立即整改，一般问题须限期整改，均应在上表所列整改期限前完成。",
        "（二）整改完成后，请登录暗访管理系统，在对应问题下报送整改情况说明和整改后的照片等佐证材料，由督查组核验销号。",
        "（三）对问题认定有异议的，可在整改期限内通过系统提出申诉一次，说明理由并附佐证材料；申诉期间应同步做好整改准备。",
        "（四）逾期未整改或整改不到位的，将在下月通报中予以通报；连续两个月在同类单位中排名末位的，由局领导约谈单位主要负责人。",
    ] {
        body.push(paragraph(text));
    }
    body.push(paragraph("特此通知。"));

    let local_day = |t: DateTime<Utc>| chinese_date(t.with_timezone(&s.zone).date_naive());
    OfficialDocument {
        issuing_body: body_name.to_owned(),
        number: None,
        title: "暗访发现问题整改通知书".into(),
        addressees: s.unit_name.to_owned(),
        body,
        attachments: Vec::new(),
        signature: body_name.to_owned(),
        date: n.dated().map(local_day),
        draft: false,
        copy_to: None,
        printing_office: s.letterhead.printing_office.as_str().to_owned(),
        printed_on: local_day(n.published_at.unwrap_or(s.now)),
        images: Vec::new(),
    }
}
