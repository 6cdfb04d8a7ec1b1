//! The districts units and inspectors belong to (admins): listed with their names, a new one,
//! a renamed one. A code never changes: reports keep the district they were made in.

use actix_web::{HttpResponse, web};
use anfang_domain::auth::Permission;
use anfang_domain::catalog::DistrictCode;
use anfang_usecases as usecases;
use askama::Template;

use super::admin;
use super::error::ConsoleError;
use super::form;
use super::page::{self, Chrome};
use super::session::Console;
use crate::auth::Origin;
use crate::dto::districts::{CreateDistrictRequest, UpdateDistrictRequest};
use crate::error::ApiError;
use crate::state::AppState;

struct DistrictRow {
    code: String,
    name: String,
}

#[derive(Template)]
#[template(path = "console/districts.html")]
struct ListPage {
    chrome: Chrome,
    rows: Vec<DistrictRow>,
}

pub async fn list(
    state: web::Data<AppState>,
    console: Console,
) -> Result<HttpResponse, ConsoleError> {
    console.require(Permission::ManageUnits)?;
    let lang = console.lang;
    let ctx = &state.usecases;
    let rows = admin::every(|page| usecases::districts::list(ctx, page))
        .await
        .map_err(ConsoleError::in_language(lang))?
        .into_iter()
        .map(|d| DistrictRow {
            code: d.district.code.as_str().to_owned(),
            name: d.district.name.as_str().to_owned(),
        })
        .collect();
    page::ok(
        ListPage {
            chrome: Chrome::new(&console, "/console/admin"),
            rows,
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
    let district = CreateDistrictRequest {
        code: form.text("code").to_owned(),
        name: form.text("name").to_owned(),
    }
    .parse()
    .map_err(ConsoleError::refused(lang))?;
    usecases::districts::create(&state.usecases, console.session.user.id, district, origin.0)
        .await
        .map_err(ConsoleError::in_language(lang))?;
    Ok(page::see_other("/console/districts".to_owned()))
}

pub async fn rename(
    state: web::Data<AppState>,
    console: Console,
    origin: Origin,
    code: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ConsoleError> {
    let form = form::admit(&console, &body, Permission::ManageUnits)?;
    let lang = console.lang;
    let code = DistrictCode::parse(&code)
        .map_err(|_| ConsoleError::refused(lang)(ApiError::not_found()))?;
    let name = UpdateDistrictRequest {
        name: form.text("name").to_owned(),
    }
    .parse()
    .map_err(ConsoleError::refused(lang))?;
    usecases::districts::rename(
        &state.usecases,
        console.session.user.id,
        code,
        name,
        origin.0,
    )
    .await
    .map_err(ConsoleError::in_language(lang))?;
    Ok(page::see_other("/console/districts".to_owned()))
}
