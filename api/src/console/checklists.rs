//! Checklist versions (admins): every version, a new draft taken from the current one, its
//! items edited one at a time, and publishing it. An edited item goes back through the API's
//! own request type with the rest of the version, so every rule on items is the API's.

use actix_web::{HttpResponse, web};
use anfang_domain::auth::Permission;
use anfang_domain::catalog::ChecklistStatus;
use anfang_domain::ids::ChecklistId;
use anfang_usecases as usecases;
use askama::Template;

use super::admin::{self, Choice};
use super::error::ConsoleError;
use super::form::{self, FormFields};
use super::lang::t;
use super::page::{self, Chrome};
use super::session::Console;
use crate::auth::Origin;
use crate::dto::checklists::{
    ChecklistItemDto, ChecklistWriteRequest, ItemKindDto, MeasureUnitDto, MeasurementDto,
};
use crate::error::{ApiError, FieldIssue, Language};
use crate::state::AppState;

const HERE: &str = "/console/admin";

fn status_word(lang: Language, status: ChecklistStatus) -> &'static str {
    match status {
        ChecklistStatus::Draft => t(lang, "草稿", "draft"),
        ChecklistStatus::Published => t(lang, "已发布", "published"),
    }
}

const UNITS: [(&str, MeasureUnitDto, &str, &str); 5] = [
    (
        "documents",
        MeasureUnitDto::Documents,
        "份材料",
        "documents",
    ),
    ("forms", MeasureUnitDto::Forms, "张表格", "forms"),
    ("trips", MeasureUnitDto::Trips, "次往返", "trips"),
    ("minutes", MeasureUnitDto::Minutes, "分钟", "minutes"),
    ("seconds", MeasureUnitDto::Seconds, "秒", "seconds"),
];

/// The unit's form value and its words.
fn unit_words(lang: Language, unit: MeasureUnitDto) -> (&'static str, &'static str) {
    UNITS
        .iter()
        .find(|(_, u, ..)| *u == unit)
        .map_or(("", ""), |(code, _, zh, en)| (code, t(lang, zh, en)))
}

struct VersionRow {
    href: String,
    version: u32,
    status: &'static str,
    created: String,
    published: String,
    items: usize,
}

#[derive(Template)]
#[template(path = "console/checklists.html")]
struct ListPage {
    chrome: Chrome,
    rows: Vec<VersionRow>,
}

pub async fn list(
    state: web::Data<AppState>,
    console: Console,
) -> Result<HttpResponse, ConsoleError> {
    console.require(Permission::ManageChecklists)?;
    let lang = console.lang;
    let versions = usecases::checklists::list(&state.usecases, console.session.user.role)
        .await
        .map_err(ConsoleError::in_language(lang))?;
    let rows = versions
        .into_iter()
        .map(|c| VersionRow {
            href: format!("/console/checklists/{}", c.id),
            version: c.version.get(),
            status: status_word(lang, c.status),
            created: page::day(&state, c.created_at),
            published: c
                .published_at
                .map(|at| page::day(&state, at))
                .unwrap_or_default(),
            items: c.items.len(),
        })
        .collect();
    page::ok(
        ListPage {
            chrome: Chrome::new(&console, HERE),
            rows,
        }
        .render(),
    )
}

#[derive(serde::Deserialize)]
pub struct StepForm {
    form_token: String,
}

/// A new draft holding the current version's items, to be edited from there.
pub async fn draft(
    state: web::Data<AppState>,
    console: Console,
    origin: Origin,
    form: web::Form<StepForm>,
) -> Result<HttpResponse, ConsoleError> {
    console.check_form(&form.form_token)?;
    console.require(Permission::ManageChecklists)?;
    let lang = console.lang;
    let ctx = &state.usecases;
    let current = usecases::checklists::current(ctx)
        .await
        .map_err(ConsoleError::in_language(lang))?;
    let draft =
        usecases::checklists::create_draft(ctx, console.session.user.id, current.items, origin.0)
            .await
            .map_err(ConsoleError::in_language(lang))?;
    Ok(page::see_other(format!("/console/checklists/{}", draft.id)))
}

struct ItemRow {
    code: String,
    title: String,
    kind: String,
    weight: u32,
    critical: bool,
    applies_to: usize,
}

#[derive(Template)]
#[template(path = "console/checklist.html")]
struct VersionPage {
    chrome: Chrome,
    id: String,
    version: u32,
    status: &'static str,
    draft: bool,
    items: Vec<ItemRow>,
}

pub async fn show(
    state: web::Data<AppState>,
    console: Console,
    id: web::Path<ChecklistId>,
) -> Result<HttpResponse, ConsoleError> {
    console.require(Permission::ManageChecklists)?;
    let lang = console.lang;
    let checklist =
        usecases::checklists::get(&state.usecases, console.session.user.role, id.into_inner())
            .await
            .map_err(ConsoleError::in_language(lang))?;
    let items = checklist
        .items
        .iter()
        .map(ChecklistItemDto::from)
        .map(|item| ItemRow {
            kind: match &item.measurement {
                None => t(lang, "判断", "judgement").to_owned(),
                Some(m) => format!(
                    "{}（{}）",
                    t(lang, "计量", "measured"),
                    unit_words(lang, m.unit).1
                ),
            },
            title: match lang {
                Language::Zh => item.title,
                Language::En => item.title_en,
            },
            code: item.code,
            weight: item.weight,
            critical: item.critical,
            applies_to: item.applies_to.len(),
        })
        .collect();
    page::ok(
        VersionPage {
            chrome: Chrome::new(&console, HERE),
            id: checklist.id.to_string(),
            version: checklist.version.get(),
            status: status_word(lang, checklist.status),
            draft: checklist.status == ChecklistStatus::Draft,
            items,
        }
        .render(),
    )
}

struct TypeBox {
    code: String,
    name: String,
    applies: bool,
    optional: bool,
}

struct UnitChoice {
    code: &'static str,
    label: &'static str,
    chosen: bool,
}

#[derive(Template)]
#[template(path = "console/checklist_item.html")]
struct ItemPage {
    chrome: Chrome,
    id: String,
    version: u32,
    /// The code of the item being edited; empty for a new one.
    original: String,
    item: ChecklistItemDto,
    measured: bool,
    minor_above: String,
    major_above: String,
    unanswered_is_major: bool,
    units: Vec<UnitChoice>,
    types: Vec<TypeBox>,
}

/// `GET /console/checklists/{id}/items/{code}`, where the code `new` is a blank item.
pub async fn item(
    state: web::Data<AppState>,
    console: Console,
    path: web::Path<(ChecklistId, String)>,
) -> Result<HttpResponse, ConsoleError> {
    console.require(Permission::ManageChecklists)?;
    let lang = console.lang;
    let (id, code) = path.into_inner();
    let checklist = usecases::checklists::get(&state.usecases, console.session.user.role, id)
        .await
        .map_err(ConsoleError::in_language(lang))?;
    if checklist.status != ChecklistStatus::Draft {
        return Err(ConsoleError::refused(lang)(ApiError::not_found()));
    }
    let (original, item) = if code == "new" {
        (
            String::new(),
            ChecklistItemDto {
                code: String::new(),
                dimension: None,
                title: String::new(),
                title_en: String::new(),
                guidance: None,
                kind: ItemKindDto::Judgement,
                measurement: None,
                weight: 2,
                critical: false,
                applies_to: Vec::new(),
                optional_for: Vec::new(),
            },
        )
    } else {
        let item = checklist
            .items
            .iter()
            .find(|i| i.code().as_str() == code)
            .map(ChecklistItemDto::from)
            .ok_or_else(|| ConsoleError::refused(lang)(ApiError::not_found()))?;
        (code, item)
    };
    let number = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
    let measurement = item.measurement.as_ref();
    let chosen_unit = measurement.map_or("", |m| unit_words(lang, m.unit).0);
    let types = admin::unit_type_choices(&state, lang)
        .await?
        .into_iter()
        .map(|Choice { value, label }| TypeBox {
            applies: item.applies_to.contains(&value),
            optional: item.optional_for.contains(&value),
            code: value,
            name: label,
        })
        .collect();
    page::ok(
        ItemPage {
            chrome: Chrome::new(&console, HERE),
            id: checklist.id.to_string(),
            version: checklist.version.get(),
            original,
            measured: measurement.is_some(),
            minor_above: number(measurement.and_then(|m| m.minor_above)),
            major_above: number(measurement.and_then(|m| m.major_above)),
            unanswered_is_major: measurement.is_some_and(|m| m.unanswered_is_major),
            units: UNITS
                .iter()
                .map(|(code, _, zh, en)| UnitChoice {
                    code,
                    label: t(lang, zh, en),
                    chosen: *code == chosen_unit,
                })
                .collect(),
            types,
            item,
        }
        .render(),
    )
}

/// The item as the form describes it.
fn item_of(form: &FormFields, lang: Language) -> Result<ChecklistItemDto, ConsoleError> {
    let measured = form.text("kind") == "measurement";
    let measurement = if measured {
        let unit = UNITS
            .iter()
            .find(|(code, ..)| *code == form.text("unit"))
            .map(|(_, unit, ..)| *unit)
            .ok_or_else(|| {
                ConsoleError::refused(lang)(ApiError::field(
                    "measurement.unit",
                    FieldIssue::Format {
                        expected: "documents, forms, trips, minutes or seconds",
                    },
                ))
            })?;
        Some(MeasurementDto {
            unit,
            minor_above: form.number("minor_above", lang)?,
            major_above: form.number("major_above", lang)?,
            unanswered_is_major: form.ticked("unanswered_is_major"),
        })
    } else {
        None
    };
    Ok(ChecklistItemDto {
        code: form.text("code").to_owned(),
        dimension: None,
        title: form.text("title").to_owned(),
        title_en: form.text("title_en").to_owned(),
        guidance: form.given("guidance"),
        kind: if measured {
            ItemKindDto::Measurement
        } else {
            ItemKindDto::Judgement
        },
        measurement,
        weight: form.number("weight", lang)?.unwrap_or(0),
        critical: form.ticked("critical"),
        applies_to: form.all("applies_to"),
        optional_for: form.all("optional_for"),
    })
}

/// Replaces a draft's items with `change` applied to them, through the API's own rules.
async fn change_items(
    state: &AppState,
    console: &Console,
    origin: Origin,
    id: ChecklistId,
    change: impl FnOnce(&mut Vec<ChecklistItemDto>) -> Result<(), ApiError>,
) -> Result<(), ConsoleError> {
    let lang = console.lang;
    let ctx = &state.usecases;
    let checklist = usecases::checklists::get(ctx, console.session.user.role, id)
        .await
        .map_err(ConsoleError::in_language(lang))?;
    let mut items: Vec<ChecklistItemDto> =
        checklist.items.iter().map(ChecklistItemDto::from).collect();
    change(&mut items).map_err(ConsoleError::refused(lang))?;
    let items = ChecklistWriteRequest { items }
        .parse()
        .map_err(ConsoleError::refused(lang))?;
    usecases::checklists::replace_items(ctx, console.session.user.id, id, items, origin.0)
        .await
        .map_err(ConsoleError::in_language(lang))?;
    Ok(())
}

/// `POST /console/checklists/{id}/items`: an item added, or the one named `original` replaced.
pub async fn save_item(
    state: web::Data<AppState>,
    console: Console,
    origin: Origin,
    id: web::Path<ChecklistId>,
    body: web::Bytes,
) -> Result<HttpResponse, ConsoleError> {
    let form = form::admit(&console, &body, Permission::ManageChecklists)?;
    let item = item_of(&form, console.lang)?;
    let original = form.text("original").to_owned();
    let id = id.into_inner();
    change_items(&state, &console, origin, id, move |items| {
        if original.is_empty() {
            items.push(item);
            return Ok(());
        }
        let at = items
            .iter()
            .position(|i| i.code == original)
            .ok_or_else(ApiError::not_found)?;
        items[at] = item;
        Ok(())
    })
    .await?;
    Ok(page::see_other(format!("/console/checklists/{id}")))
}

pub async fn remove_item(
    state: web::Data<AppState>,
    console: Console,
    origin: Origin,
    path: web::Path<(ChecklistId, String)>,
    form: web::Form<StepForm>,
) -> Result<HttpResponse, ConsoleError> {
    console.check_form(&form.form_token)?;
    console.require(Permission::ManageChecklists)?;
    let (id, code) = path.into_inner();
    change_items(&state, &console, origin, id, move |items| {
        let before = items.len();
        items.retain(|i| i.code != code);
        if items.len() == before {
            Err(ApiError::not_found())
        } else {
            Ok(())
        }
    })
    .await?;
    Ok(page::see_other(format!("/console/checklists/{id}")))
}

pub async fn publish(
    state: web::Data<AppState>,
    console: Console,
    origin: Origin,
    id: web::Path<ChecklistId>,
    form: web::Form<StepForm>,
) -> Result<HttpResponse, ConsoleError> {
    console.check_form(&form.form_token)?;
    console.require(Permission::ManageChecklists)?;
    let lang = console.lang;
    let id = id.into_inner();
    usecases::checklists::publish(&state.usecases, console.session.user.id, id, origin.0)
        .await
        .map_err(ConsoleError::in_language(lang))?;
    Ok(page::see_other(format!("/console/checklists/{id}")))
}
