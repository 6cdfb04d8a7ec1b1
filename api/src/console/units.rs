//! The bureau's service windows (admins): the list, a new unit, a unit's name, district,
//! address, place on the map and whether it is still inspected. A unit's type never changes
//! (its reports were scored against that type's items).

use actix_web::{HttpResponse, web};
use anfang_domain::auth::Permission;
use anfang_domain::ids::UnitId;
use anfang_infra::db::units::UnitFilter;
use anfang_usecases as usecases;
use askama::Template;

use super::admin::{self, Choice};
use super::error::ConsoleError;
use super::form::{self, CursorQuery};
use super::page::{self, Chrome};
use super::session::Console;
use crate::auth::Origin;
use crate::dto::page::encode_cursor;
use crate::dto::units::{CreateUnitRequest, UnitResponse, UpdateUnitRequest};
use crate::error::Language;
use crate::state::AppState;

const HERE: &str = "/console/admin";

fn type_name(lang: Language, unit: &UnitResponse) -> String {
    match lang {
        Language::Zh => unit.type_name.clone(),
        Language::En => unit.type_name_en.clone(),
    }
}

fn coordinate(value: Option<f64>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

struct UnitRow {
    href: String,
    code: String,
    name: String,
    unit_type: String,
    district: String,
    active: bool,
}

#[derive(Template)]
#[template(path = "console/units.html")]
struct ListPage {
    chrome: Chrome,
    rows: Vec<UnitRow>,
    next: Option<String>,
    types: Vec<Choice>,
    districts: Vec<Choice>,
}

pub async fn list(
    state: web::Data<AppState>,
    console: Console,
    query: web::Query<CursorQuery>,
) -> Result<HttpResponse, ConsoleError> {
    console.require(Permission::ManageUnits)?;
    let lang = console.lang;
    let page = query.page(lang)?;
    let listed = usecases::units::list(&state.usecases, UnitFilter::default(), page)
        .await
        .map_err(ConsoleError::in_language(lang))?;
    let names = listed.names;
    let next = listed.value.next.as_ref().map(encode_cursor);
    let rows = listed
        .value
        .items
        .into_iter()
        .map(|s| {
            let u = UnitResponse::new(s.unit, &names);
            UnitRow {
                href: format!("/console/units/{}", u.id),
                unit_type: type_name(lang, &u),
                code: u.code,
                name: u.name,
                district: u.district_name,
                active: u.active,
            }
        })
        .collect();
    page::ok(
        ListPage {
            chrome: Chrome::new(&console, HERE),
            rows,
            next,
            types: admin::unit_type_choices(&state, lang).await?,
            districts: admin::district_choices(&state, lang).await?,
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
    let form = form::admit(&console, &body, Permission::ManageUnits)?;
    let lang = console.lang;
    let request = CreateUnitRequest {
        code: form.text("code").to_owned(),
        name: form.text("name").to_owned(),
        type_code: form.text("type_code").to_owned(),
        district: form.text("district").to_owned(),
        address: form.given("address"),
        latitude: form.number("latitude", lang)?,
        longitude: form.number("longitude", lang)?,
        geofence_m: form.number("geofence_m", lang)?,
    };
    let unit = request.parse().map_err(ConsoleError::refused(lang))?;
    let created = usecases::units::create(&state.usecases, console.session.user.id, unit, origin.0)
        .await
        .map_err(ConsoleError::in_language(lang))?;
    Ok(page::see_other(format!(
        "/console/units/{}",
        created.value.id
    )))
}

#[derive(Template)]
#[template(path = "console/unit.html")]
struct UnitPage {
    chrome: Chrome,
    unit: UnitResponse,
    unit_type: String,
    latitude: String,
    longitude: String,
    districts: Vec<Choice>,
}

pub async fn show(
    state: web::Data<AppState>,
    console: Console,
    id: web::Path<UnitId>,
) -> Result<HttpResponse, ConsoleError> {
    console.require(Permission::ManageUnits)?;
    let lang = console.lang;
    let unit = UnitResponse::from(
        usecases::units::get(&state.usecases, id.into_inner())
            .await
            .map_err(ConsoleError::in_language(lang))?,
    );
    page::ok(
        UnitPage {
            chrome: Chrome::new(&console, HERE),
            unit_type: type_name(lang, &unit),
            latitude: coordinate(unit.latitude),
            longitude: coordinate(unit.longitude),
            unit,
            districts: admin::district_choices(&state, lang).await?,
        }
        .render(),
    )
}

pub async fn update(
    state: web::Data<AppState>,
    console: Console,
    origin: Origin,
    id: web::Path<UnitId>,
    body: web::Bytes,
) -> Result<HttpResponse, ConsoleError> {
    let form = form::admit(&console, &body, Permission::ManageUnits)?;
    let lang = console.lang;
    let request = UpdateUnitRequest {
        name: Some(form.text("name").to_owned()),
        district: Some(form.text("district").to_owned()),
        address: Some(form.given("address")),
        latitude: form.number("latitude", lang)?,
        longitude: form.number("longitude", lang)?,
        geofence_m: form.number("geofence_m", lang)?,
        active: Some(form.ticked("active")),
    };
    let patch = request.parse().map_err(ConsoleError::refused(lang))?;
    let id = id.into_inner();
    usecases::units::update(
        &state.usecases,
        console.session.user.id,
        id,
        patch,
        origin.0,
    )
    .await
    .map_err(ConsoleError::in_language(lang))?;
    Ok(page::see_other(format!("/console/units/{id}")))
}
