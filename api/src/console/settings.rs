//! The bureau's rules (visit windows, deadlines, the review lease…) and the letterhead its
//! notices are issued under (admins). Each change is checked by the domain and audited by the
//! use case, exactly as through the API.

use actix_web::{HttpResponse, web};
use anfang_domain::auth::Permission;
use anfang_usecases as usecases;
use askama::Template;

use super::error::ConsoleError;
use super::form::{self, FormFields};
use super::lang::t;
use super::page::{self, Chrome};
use super::session::Console;
use crate::auth::Origin;
use crate::dto::letterhead::LetterheadDto;
use crate::error::Language;
use crate::state::AppState;

/// Every rule with the words for it, in the order the form shows them.
const RULES: [(&str, &str, &str); 9] = [
    (
        "min_visit_minutes",
        "到访时长下限（分钟，短于此标记为异常）",
        "Shortest plausible visit (minutes)",
    ),
    (
        "max_visit_minutes",
        "到访时长上限（分钟，长于此标记为异常）",
        "Longest plausible visit (minutes)",
    ),
    (
        "late_submission_hours",
        "迟交标记（到访后小时数）",
        "Late submission after (hours)",
    ),
    (
        "clock_skew_minutes",
        "手机时钟偏差标记（分钟）",
        "Phone clock off by more than (minutes)",
    ),
    (
        "review_lease_minutes",
        "审核认领时长（分钟）",
        "Review claim lasts (minutes)",
    ),
    (
        "major_deadline_days",
        "严重问题整改期限（天）",
        "Days to rectify a major finding",
    ),
    (
        "minor_deadline_days",
        "一般问题整改期限（天）",
        "Days to rectify a minor finding",
    ),
    (
        "notice_min_inspections",
        "参与排名的最少暗访次数",
        "Inspections a unit needs to be ranked",
    ),
    (
        "review_wait_alert_hours",
        "待审超时提醒（小时）",
        "Mark reports waiting longer than (hours)",
    ),
];

struct RuleField {
    key: &'static str,
    label: &'static str,
    value: i64,
}

#[derive(Template)]
#[template(path = "console/settings.html")]
struct SettingsPage {
    chrome: Chrome,
    rules: Vec<RuleField>,
    letterhead: LetterheadDto,
}

pub async fn show(
    state: web::Data<AppState>,
    console: Console,
) -> Result<HttpResponse, ConsoleError> {
    console.require(Permission::ManageSettings)?;
    let lang = console.lang;
    let ctx = &state.usecases;
    let values = usecases::settings::get(ctx)
        .await
        .map_err(ConsoleError::in_language(lang))?
        .values();
    let rules = RULES
        .iter()
        .map(|(key, zh, en)| RuleField {
            key,
            label: t(lang, zh, en),
            value: values.iter().find(|(k, _)| k == key).map_or(0, |(_, v)| *v),
        })
        .collect();
    let letterhead = usecases::letterhead::get(ctx, &console.session.user)
        .await
        .map_err(ConsoleError::in_language(lang))?
        .into();
    page::ok(
        SettingsPage {
            chrome: Chrome::new(&console, "/console/admin"),
            rules,
            letterhead,
        }
        .render(),
    )
}

fn rule_changes(
    form: &FormFields,
    lang: Language,
) -> Result<Vec<(&'static str, i64)>, ConsoleError> {
    let mut changes = Vec::new();
    for (key, ..) in RULES {
        if let Some(value) = form.number(key, lang)? {
            changes.push((key, value));
        }
    }
    Ok(changes)
}

pub async fn update(
    state: web::Data<AppState>,
    console: Console,
    origin: Origin,
    body: web::Bytes,
) -> Result<HttpResponse, ConsoleError> {
    let form = form::admit(&console, &body, Permission::ManageSettings)?;
    let lang = console.lang;
    let changes = rule_changes(&form, lang)?;
    usecases::settings::update(&state.usecases, console.session.user.id, changes, origin.0)
        .await
        .map_err(ConsoleError::in_language(lang))?;
    Ok(page::see_other("/console/settings".to_owned()))
}

pub async fn letterhead(
    state: web::Data<AppState>,
    console: Console,
    origin: Origin,
    body: web::Bytes,
) -> Result<HttpResponse, ConsoleError> {
    let form = form::admit(&console, &body, Permission::ManageSettings)?;
    let lang = console.lang;
    let raw = LetterheadDto {
        issuing_body: form.text("issuing_body").to_owned(),
        number_prefix: form.text("number_prefix").to_owned(),
        addressees: form.lines("addressees"),
        copy_to: form.lines("copy_to"),
        printing_office: form.text("printing_office").to_owned(),
        signature_required: form.ticked("signature_required"),
    }
    .into_raw();
    usecases::letterhead::replace(&state.usecases, &console.session.user, raw, origin.0)
        .await
        .map_err(ConsoleError::in_language(lang))?;
    Ok(page::see_other("/console/settings".to_owned()))
}
