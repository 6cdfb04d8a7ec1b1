//! The administrator's pages start here (`/console/admin`), and what their forms share: the
//! choices of unit, district and unit type, read whole across the list's pages.

use std::future::Future;

use actix_web::HttpResponse;
use anfang_domain::auth::Permission;
use anfang_infra::db::names::{Named, Names};
use anfang_infra::db::page::{Page, PageRequest};
use anfang_infra::db::units::UnitFilter;
use anfang_usecases as usecases;
use askama::Template;

use super::error::ConsoleError;
use super::lang::t;
use super::page::{self, Chrome};
use super::session::Console;
use crate::error::Language;
use crate::state::AppState;

/// Where the hub links to, with who may follow each link.
const SECTIONS: [(&str, &str, &str, Permission); 5] = [
    ("/console/users", "用户", "Users", Permission::ManageUsers),
    (
        "/console/units",
        "窗口单位",
        "Units",
        Permission::ManageUnits,
    ),
    (
        "/console/districts",
        "行政区划",
        "Districts",
        Permission::ManageUnits,
    ),
    (
        "/console/checklists",
        "检查表版本",
        "Checklist versions",
        Permission::ManageChecklists,
    ),
    (
        "/console/settings",
        "规则与版头",
        "Rules and letterhead",
        Permission::ManageSettings,
    ),
];

/// Whether the role administers anything (the menu shows 系统管理).
pub fn administers(console: &Console) -> bool {
    SECTIONS
        .iter()
        .any(|(.., p)| p.is_granted_to(console.session.user.role))
}

pub struct Section {
    pub href: &'static str,
    pub label: &'static str,
}

#[derive(Template)]
#[template(path = "console/admin.html")]
struct HubPage {
    chrome: Chrome,
    sections: Vec<Section>,
}

pub async fn hub(console: Console) -> Result<HttpResponse, ConsoleError> {
    if !administers(&console) {
        return Err(ConsoleError::Refused(
            crate::error::ApiError::not_found(),
            console.lang,
        ));
    }
    let role = console.session.user.role;
    let sections = SECTIONS
        .iter()
        .filter(|(.., p)| p.is_granted_to(role))
        .map(|(href, zh, en, _)| Section {
            href,
            label: t(console.lang, zh, en),
        })
        .collect();
    page::ok(
        HubPage {
            chrome: Chrome::new(&console, "/console/admin"),
            sections,
        }
        .render(),
    )
}

/// Every item of a paged list, a page at a time.
pub async fn every<T, F, Fut>(mut fetch: F) -> Result<Vec<T>, usecases::Error>
where
    F: FnMut(PageRequest) -> Fut,
    Fut: Future<Output = Result<Page<T>, usecases::Error>>,
{
    let mut all = Vec::new();
    let mut after = None;
    loop {
        let page = fetch(PageRequest { after, limit: 100 }).await?;
        all.extend(page.items);
        match page.next {
            Some(next) => after = Some(next),
            None => return Ok(all),
        }
    }
}

/// Every item of a paged list that comes with names, each shown with them.
pub async fn every_shown<T, S, F, Fut>(
    mut fetch: F,
    show: impl Fn(T, &Names) -> S,
) -> Result<Vec<S>, usecases::Error>
where
    F: FnMut(PageRequest) -> Fut,
    Fut: Future<Output = Result<Named<Page<T>>, usecases::Error>>,
{
    let mut all = Vec::new();
    let mut after = None;
    loop {
        let Named { value: page, names } = fetch(PageRequest { after, limit: 100 }).await?;
        all.extend(page.items.into_iter().map(|item| show(item, &names)));
        match page.next {
            Some(next) => after = Some(next),
            None => return Ok(all),
        }
    }
}

/// One choice in a select.
pub struct Choice {
    pub value: String,
    pub label: String,
}

impl Choice {
    pub fn none(lang: Language) -> Choice {
        Choice {
            value: String::new(),
            label: t(lang, "（无）", "(none)").to_owned(),
        }
    }
}

pub async fn unit_choices(state: &AppState, lang: Language) -> Result<Vec<Choice>, ConsoleError> {
    let ctx = &state.usecases;
    let units = every_shown(
        |page| usecases::units::list(ctx, UnitFilter::default(), page),
        |unit, _| unit,
    )
    .await
    .map_err(ConsoleError::in_language(lang))?;
    Ok(units
        .into_iter()
        .map(|s| Choice {
            value: s.unit.id.to_string(),
            label: format!("{}（{}）", s.unit.name.as_str(), s.unit.code.as_str()),
        })
        .collect())
}

pub async fn district_choices(
    state: &AppState,
    lang: Language,
) -> Result<Vec<Choice>, ConsoleError> {
    let ctx = &state.usecases;
    let districts = every(|page| usecases::districts::list(ctx, page))
        .await
        .map_err(ConsoleError::in_language(lang))?;
    Ok(districts
        .into_iter()
        .map(|d| Choice {
            value: d.district.code.as_str().to_owned(),
            label: format!("{} {}", d.district.code.as_str(), d.district.name.as_str()),
        })
        .collect())
}

pub async fn unit_type_choices(
    state: &AppState,
    lang: Language,
) -> Result<Vec<Choice>, ConsoleError> {
    Ok(usecases::unit_types::list(&state.usecases)
        .await
        .map_err(ConsoleError::in_language(lang))?
        .into_iter()
        .map(|ty| Choice {
            value: ty.code.as_str().to_owned(),
            label: match lang {
                Language::Zh => ty.name.as_str().to_owned(),
                Language::En => ty.name_en.as_str().to_owned(),
            },
        })
        .collect())
}
