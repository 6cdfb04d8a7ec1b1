//! Campaigns in the console (supervisors and admins only; for everyone else these pages do not
//! exist): the list, planning one, the random draw with its result as a table of units and
//! teams, activating and closing it. The plan is checked by the API's own request types.

use actix_web::{HttpResponse, web};
use anfang_domain::auth::Permission;
use anfang_domain::campaign::DrawRules;
use anfang_domain::ids::CampaignId;
use anfang_infra::db::page::PageRequest;
use anfang_usecases as usecases;
use anfang_usecases::campaigns::VisitQuery;
use askama::Template;
use serde::Deserialize;
use validator::Validate;

use super::error::ConsoleError;
use super::form;
use super::lang::t;
use super::page::{self, Chrome};
use super::session::Console;
use super::words;
use crate::auth::Origin;
use crate::dto::campaigns::{
    AssignmentResponse, CampaignResponse, CampaignWriteRequest, DrawRequest, ScenarioDto,
};
use crate::error::{ApiError, Language};
use crate::state::AppState;

fn status_word(lang: Language, s: &str) -> &'static str {
    match s {
        "draft" => t(lang, "草稿", "draft"),
        "active" => t(lang, "进行中", "active"),
        "closed" => t(lang, "已结束", "closed"),
        _ => "",
    }
}

struct CampaignRow {
    href: String,
    name: String,
    period: String,
    status: &'static str,
}

struct TypeChoice {
    code: String,
    name: String,
}

#[derive(Template)]
#[template(path = "console/campaigns.html")]
struct ListPage {
    chrome: Chrome,
    rows: Vec<CampaignRow>,
    types: Vec<TypeChoice>,
}

pub async fn list(
    state: web::Data<AppState>,
    console: Console,
) -> Result<HttpResponse, ConsoleError> {
    console.require(Permission::ManageCampaigns)?;
    let lang = console.lang;
    let user = console.session.user.clone();
    let page = usecases::campaigns::list(
        &state.usecases,
        &user,
        PageRequest {
            after: None,
            limit: 100,
        },
    )
    .await
    .map_err(ConsoleError::in_language(lang))?;
    let names = page.names;
    let mut rows: Vec<CampaignRow> = page
        .value
        .items
        .into_iter()
        .map(|c| {
            let c = CampaignResponse::new(c, &names);
            CampaignRow {
                href: format!("/console/campaigns/{}", c.id),
                name: c.name,
                period: format!("{} – {}", c.starts_on, c.ends_on),
                status: status_word(lang, &c.status),
            }
        })
        .collect();
    rows.reverse();
    let types = usecases::unit_types::list(&state.usecases)
        .await
        .map_err(ConsoleError::in_language(lang))?
        .into_iter()
        .map(|t| TypeChoice {
            code: t.code.as_str().to_owned(),
            name: match lang {
                Language::Zh => t.name.as_str().to_owned(),
                Language::En => t.name_en.as_str().to_owned(),
            },
        })
        .collect();
    page::ok(
        ListPage {
            chrome: Chrome::new(&console, "/console/campaigns"),
            rows,
            types,
        }
        .render(),
    )
}

pub async fn create(
    state: web::Data<AppState>,
    console: Console,
    origin: Origin,
    body: web::Bytes,
) -> Result<HttpResponse, ConsoleError> {
    let form = form::admit(&console, &body, Permission::ManageCampaigns)?;
    let lang = console.lang;
    let checklist = usecases::checklists::current(&state.usecases)
        .await
        .map_err(ConsoleError::in_language(lang))?;
    let date = |field: &str, raw: &str| {
        raw.parse().map_err(|_| {
            ApiError::field(
                field,
                crate::error::FieldIssue::Format {
                    expected: "a date, YYYY-MM-DD",
                },
            )
        })
    };
    let request = CampaignWriteRequest {
        name: form.text("name").to_owned(),
        starts_on: date("starts_on", form.text("starts_on"))
            .map_err(ConsoleError::refused(lang))?,
        ends_on: date("ends_on", form.text("ends_on")).map_err(ConsoleError::refused(lang))?,
        unit_types: form.all("unit_types"),
        districts: form.entries("districts"),
        checklist_id: checklist.id.as_uuid(),
        scenarios: form
            .lines("scenarios")
            .into_iter()
            .map(|matter| ScenarioDto {
                matter,
                documents: Vec::new(),
            })
            .collect(),
        exclude_previously_drawn: false,
    };
    let plan = request.parse().map_err(ConsoleError::refused(lang))?;
    let campaign =
        usecases::campaigns::create(&state.usecases, console.session.user, plan, origin.0)
            .await
            .map_err(ConsoleError::in_language(lang))?;
    Ok(page::see_other(format!(
        "/console/campaigns/{}",
        campaign.value.id
    )))
}

struct VisitRow {
    unit: String,
    unit_type: String,
    team: String,
    status: &'static str,
}

#[derive(Template)]
#[template(path = "console/campaign.html")]
struct CampaignPage {
    chrome: Chrome,
    id: String,
    name: String,
    period: String,
    status: &'static str,
    unit_types: String,
    districts: String,
    scenarios: Vec<String>,
    seed: String,
    visits: Vec<VisitRow>,
    can_draw: bool,
    can_activate: bool,
    can_close: bool,
}

pub async fn show(
    state: web::Data<AppState>,
    console: Console,
    id: web::Path<CampaignId>,
) -> Result<HttpResponse, ConsoleError> {
    console.require(Permission::ManageCampaigns)?;
    let lang = console.lang;
    let user = console.session.user.clone();
    let id = id.into_inner();
    let campaign: CampaignResponse = usecases::campaigns::get(&state.usecases, user.clone(), id)
        .await
        .map_err(ConsoleError::in_language(lang))?
        .into();
    let visits = usecases::campaigns::assignments_for(
        &state.usecases,
        &user,
        VisitQuery {
            campaign: Some(id),
            ..VisitQuery::default()
        },
        PageRequest {
            after: None,
            limit: 100,
        },
    )
    .await
    .map_err(ConsoleError::in_language(lang))?;
    let names = visits.names;
    let visits = visits
        .value
        .items
        .into_iter()
        .map(|v| {
            let a = AssignmentResponse::new(v, &names);
            VisitRow {
                unit: a.unit.name,
                unit_type: a.unit.unit_type_name,
                team: a
                    .team
                    .iter()
                    .map(|m| m.display_name.as_str())
                    .collect::<Vec<_>>()
                    .join("、"),
                status: words::visit_status(lang, &a.status),
            }
        })
        .collect();
    let status = campaign.status.as_str();
    let page = CampaignPage {
        chrome: Chrome::new(&console, "/console/campaigns"),
        id: campaign.id.to_string(),
        name: campaign.name.clone(),
        period: format!("{} – {}", campaign.starts_on, campaign.ends_on),
        status: status_word(lang, status),
        unit_types: campaign.unit_type_names.join("、"),
        districts: if campaign.district_names.is_empty() {
            t(lang, "全部区划", "every district").to_owned()
        } else {
            campaign.district_names.join("、")
        },
        scenarios: campaign
            .scenarios
            .iter()
            .map(|s| s.matter.clone())
            .collect(),
        seed: campaign
            .draw
            .as_ref()
            .map_or_else(String::new, |d| d.seed.to_string()),
        visits,
        can_draw: status != "closed",
        can_activate: status == "draft" && campaign.draw.is_some(),
        can_close: status == "active",
    };
    page::ok(page.render())
}

#[derive(Deserialize)]
pub struct DrawForm {
    form_token: String,
    units_per_type: u32,
    team_size: u32,
    #[serde(default)]
    seed: String,
}

pub async fn draw(
    state: web::Data<AppState>,
    console: Console,
    origin: Origin,
    id: web::Path<CampaignId>,
    form: web::Form<DrawForm>,
) -> Result<HttpResponse, ConsoleError> {
    console.check_form(&form.form_token)?;
    console.require(Permission::ManageCampaigns)?;
    let lang = console.lang;
    let seed = match form.seed.trim() {
        "" => None,
        raw => Some(raw.parse::<u64>().map_err(|_| {
            ConsoleError::Refused(
                ApiError::field(
                    "seed",
                    crate::error::FieldIssue::Format {
                        expected: "a whole number",
                    },
                ),
                lang,
            )
        })?),
    };
    let request = DrawRequest {
        seed,
        units_per_type: form.units_per_type,
        team_size: form.team_size,
    };
    request
        .validate()
        .map_err(|e| ConsoleError::Refused(ApiError::from(e), lang))?;
    let rules = DrawRules {
        units_per_type: request.units_per_type as usize,
        team_size: request.team_size as usize,
    };
    let id = id.into_inner();
    usecases::campaigns::run_draw(
        &state.usecases,
        console.session.user,
        id,
        seed,
        rules,
        origin.0,
    )
    .await
    .map_err(ConsoleError::in_language(lang))?;
    Ok(page::see_other(format!("/console/campaigns/{id}")))
}

#[derive(Deserialize)]
pub struct StepForm {
    form_token: String,
}

/// `POST /console/campaigns/{id}/{step}`: `activate` or `close`.
pub async fn step(
    state: web::Data<AppState>,
    console: Console,
    origin: Origin,
    path: web::Path<(CampaignId, String)>,
    form: web::Form<StepForm>,
) -> Result<HttpResponse, ConsoleError> {
    console.check_form(&form.form_token)?;
    console.require(Permission::ManageCampaigns)?;
    let lang = console.lang;
    let (id, step) = path.into_inner();
    let ctx = &state.usecases;
    let user = console.session.user;
    let done = match step.as_str() {
        "activate" => usecases::campaigns::activate(ctx, user, id, origin.0).await,
        "close" => usecases::campaigns::close(ctx, user, id, origin.0).await,
        _ => return Err(ConsoleError::Refused(ApiError::not_found(), lang)),
    };
    done.map_err(ConsoleError::in_language(lang))?;
    Ok(page::see_other(format!("/console/campaigns/{id}")))
}
