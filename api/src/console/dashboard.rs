//! The leadership's dashboard (also the review office's): the mean score month by month, this
//! month's problems by dimension and by item, and from the latest published notice the grade
//! distribution, the rankings' top and bottom and how rectification stands. Charts are drawn
//! on the server as SVG: nothing runs in the browser.

use actix_web::HttpResponse;
use actix_web::web;
use anfang_domain::auth::Permission;
use anfang_domain::day_range::Bound;
use anfang_domain::notice::{Notice, NoticeStatus};
use anfang_infra::db::page::PageRequest;
use anfang_usecases as usecases;
use anfang_usecases::stats::GroupBy;
use askama::Template;
use chrono::{Datelike, Months, NaiveDate};

use super::error::ConsoleError;
use super::lang::t;
use super::page::{self, Chrome};
use super::session::Console;
use crate::error::ApiError;
use crate::state::AppState;

/// Months of the score trend.
const TREND_MONTHS: u32 = 6;
/// Items in the problem chart.
const TOP_ITEMS: usize = 8;
/// The longest bar, in the chart's units.
const BAR: f64 = 300.0;

/// One bar of a chart: its label, its value as printed, its length.
pub struct Bar {
    pub label: String,
    pub value: String,
    pub length: u32,
    /// Its line in the chart.
    pub y: u32,
}

pub struct Chart {
    pub title: &'static str,
    pub bars: Vec<Bar>,
    pub height: u32,
}

fn chart(title: &'static str, rows: Vec<(String, f64, String)>, scale: Option<f64>) -> Chart {
    let top = scale.unwrap_or_else(|| rows.iter().map(|r| r.1).fold(0.0, f64::max));
    let bars: Vec<Bar> = rows
        .into_iter()
        .enumerate()
        .map(|(i, (label, value, printed))| Bar {
            label,
            value: printed,
            length: if top > 0.0 {
                (value / top * BAR).round().clamp(0.0, BAR) as u32
            } else {
                0
            },
            y: i as u32 * 28,
        })
        .collect();
    Chart {
        title,
        height: bars.len() as u32 * 28 + 4,
        bars,
    }
}

struct Standing {
    rank: String,
    unit: String,
    score: String,
}

#[derive(Template)]
#[template(path = "console/dashboard.html")]
struct DashboardPage {
    chrome: Chrome,
    charts: Vec<Chart>,
    notice_period: String,
    best: Vec<Standing>,
    worst: Vec<Standing>,
}

fn month_start(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

pub async fn dashboard(
    state: web::Data<AppState>,
    console: Console,
) -> Result<HttpResponse, ConsoleError> {
    let lang = console.lang;
    let user = console.session.user.clone();
    if !Permission::ReadStatistics.is_granted_to(user.role) {
        return Err(ConsoleError::Refused(ApiError::not_found(), lang));
    }
    let refused = ConsoleError::in_language(lang);
    let ctx = &state.usecases;
    let today = ctx.clock.now().with_timezone(&ctx.timezone).date_naive();
    let this_month = month_start(today);

    let mut trend = Vec::new();
    for back in (0..TREND_MONTHS).rev() {
        let Some(first) = this_month.checked_sub_months(Months::new(back)) else {
            continue;
        };
        let last = first
            .checked_add_months(Months::new(1))
            .and_then(|d| d.pred_opt())
            .unwrap_or(first)
            .min(today);
        let stats = usecases::stats::stats(
            ctx,
            &user,
            Bound::Day(first),
            Bound::Day(last),
            GroupBy::Dimension,
        )
        .await
        .map_err(&refused)?;
        let score = stats.totals.mean_score;
        trend.push((
            first.format("%Y-%m").to_string(),
            score.unwrap_or(0.0),
            score.map_or_else(|| "—".into(), |s| format!("{s:.2}")),
        ));
    }
    let dimensions = usecases::stats::stats(
        ctx,
        &user,
        Bound::Day(this_month),
        Bound::Day(today),
        GroupBy::Dimension,
    )
    .await
    .map_err(&refused)?;
    let mut items = usecases::stats::stats(
        ctx,
        &user,
        Bound::Day(this_month),
        Bound::Day(today),
        GroupBy::Item,
    )
    .await
    .map_err(&refused)?
    .groups;
    items.sort_by_key(|g| std::cmp::Reverse(g.figures.findings));
    let count_rows = |groups: Vec<usecases::stats::Group>| -> Vec<(String, f64, String)> {
        groups
            .into_iter()
            .filter(|g| g.figures.findings > 0)
            .map(|g| {
                (
                    g.name,
                    g.figures.findings as f64,
                    g.figures.findings.to_string(),
                )
            })
            .collect()
    };
    let mut charts = vec![
        chart(
            t(lang, "近六个月平均得分", "Mean score, last six months"),
            trend,
            Some(100.0),
        ),
        chart(
            t(
                lang,
                "本月问题（按维度）",
                "This month's problems by dimension",
            ),
            count_rows(dimensions.groups),
            None,
        ),
        chart(
            t(
                lang,
                "本月最常见的问题",
                "This month's most frequent problems",
            ),
            count_rows(items.into_iter().take(TOP_ITEMS).collect()),
            None,
        ),
    ];

    let notices = usecases::notices::list(
        ctx,
        &user,
        PageRequest {
            after: None,
            limit: 100,
        },
    )
    .await
    .map_err(&refused)?;
    let latest: Option<&Notice> = notices
        .items
        .iter()
        .filter(|n| n.status == NoticeStatus::Published)
        .max_by_key(|n| n.period.to_string());
    let (mut best, mut worst, mut notice_period) = (Vec::new(), Vec::new(), String::new());
    if let Some(n) = latest {
        let c = &n.content;
        notice_period = n.period.to_string();
        let g = &c.totals.grades;
        charts.push(chart(
            t(
                lang,
                "最近一期通报的等次分布",
                "Grades in the latest notice",
            ),
            [
                (t(lang, "优秀", "excellent"), g.excellent),
                (t(lang, "良好", "good"), g.good),
                (t(lang, "合格", "pass"), g.pass),
                (t(lang, "不合格", "fail"), g.fail),
            ]
            .into_iter()
            .map(|(label, n)| (label.to_owned(), n as f64, n.to_string()))
            .collect(),
            None,
        ));
        let (mut open, mut rectified, mut verified, mut overdue) = (0, 0, 0, 0);
        for r in &c.rectification {
            open += r.open + r.rectifying;
            rectified += r.rectified;
            verified += r.verified;
            overdue += r.overdue;
        }
        charts.push(chart(
            t(lang, "整改进度", "Rectification"),
            [
                (t(lang, "待整改", "to rectify"), open),
                (t(lang, "已整改待核验", "to verify"), rectified),
                (t(lang, "已核验销号", "verified"), verified),
                (t(lang, "逾期未整改", "overdue"), overdue),
            ]
            .into_iter()
            .map(|(label, n)| (label.to_owned(), n as f64, n.to_string()))
            .collect(),
            None,
        ));
        let standing = |u: &anfang_domain::notice::UnitStanding| Standing {
            rank: u.rank.map_or_else(String::new, |r| r.to_string()),
            unit: u.name.clone(),
            score: u
                .mean_score
                .map_or_else(|| "—".into(), |s| format!("{s:.2}")),
        };
        let ranked: Vec<_> = c.unit_ranking.iter().filter(|u| u.rank.is_some()).collect();
        best = ranked.iter().take(5).map(|u| standing(u)).collect();
        worst = ranked.iter().rev().take(5).map(|u| standing(u)).collect();
    }
    page::ok(
        DashboardPage {
            chrome: Chrome::new(&console, "/console/dashboard"),
            charts,
            notice_period,
            best,
            worst,
        }
        .render(),
    )
}
