//! Accounts (admins): the list, a new account, an account's role, unit, district and state,
//! and a new password for someone who lost theirs. Parsed by the API's own request types, so
//! a rule is never a second copy here.

use actix_web::{HttpResponse, web};
use anfang_domain::auth::{Permission, Role};
use anfang_domain::ids::UserId;
use anfang_domain::user::Password;
use anfang_usecases as usecases;
use askama::Template;
use uuid::Uuid;

use super::admin::{self, Choice};
use super::error::ConsoleError;
use super::form::{self, CursorQuery};
use super::page::{self, Chrome, role_name};
use super::session::Console;
use crate::auth::Origin;
use crate::dto::page::encode_cursor;
use crate::dto::users::{CreateUserRequest, RoleDto, UpdateUserRequest, UserResponse};
use crate::error::{ApiError, FieldIssue, FieldParser, Language};
use crate::state::AppState;

const HERE: &str = "/console/admin";

struct UserRow {
    href: String,
    username: String,
    display_name: String,
    role: &'static str,
    place: String,
    active: bool,
}

fn role_choices(lang: Language) -> Vec<Choice> {
    Role::ALL
        .iter()
        .map(|r| Choice {
            value: r.as_str().to_owned(),
            label: role_name(lang, *r).to_owned(),
        })
        .collect()
}

fn role_of(raw: &str) -> Result<RoleDto, ApiError> {
    raw.parse::<Role>().map(RoleDto::from).map_err(|_| {
        ApiError::field(
            "role",
            FieldIssue::Format {
                expected: "one of the five roles",
            },
        )
    })
}

fn unit_of(raw: Option<String>) -> Result<Option<Uuid>, ApiError> {
    raw.map(|u| {
        u.parse()
            .map_err(|_| ApiError::field("unit_id", FieldIssue::UnknownReference))
    })
    .transpose()
}

#[derive(Template)]
#[template(path = "console/users.html")]
struct ListPage {
    chrome: Chrome,
    rows: Vec<UserRow>,
    next: Option<String>,
    roles: Vec<Choice>,
    units: Vec<Choice>,
    districts: Vec<Choice>,
}

pub async fn list(
    state: web::Data<AppState>,
    console: Console,
    query: web::Query<CursorQuery>,
) -> Result<HttpResponse, ConsoleError> {
    console.require(Permission::ManageUsers)?;
    let lang = console.lang;
    let page = query.page(lang)?;
    let listed = usecases::users::list(&state.usecases, page)
        .await
        .map_err(ConsoleError::in_language(lang))?;
    let names = listed.names;
    let next = listed.value.next.as_ref().map(encode_cursor);
    let rows = listed
        .value
        .items
        .into_iter()
        .map(|u| {
            let role = role_name(lang, u.role);
            let u = UserResponse::new(u, &names);
            UserRow {
                href: format!("/console/users/{}", u.id),
                username: u.username,
                display_name: u.display_name,
                role,
                place: u.unit_name.or(u.district_name).unwrap_or_default(),
                active: u.active,
            }
        })
        .collect();
    page::ok(
        ListPage {
            chrome: Chrome::new(&console, HERE),
            rows,
            next,
            roles: role_choices(lang),
            units: admin::unit_choices(&state, lang).await?,
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
    let form = form::admit(&console, &body, Permission::ManageUsers)?;
    let lang = console.lang;
    let request = CreateUserRequest {
        username: form.text("username").to_owned(),
        password: form.text("password").to_owned(),
        display_name: form.text("display_name").to_owned(),
        role: role_of(form.text("role")).map_err(ConsoleError::refused(lang))?,
        unit_id: unit_of(form.given("unit_id")).map_err(ConsoleError::refused(lang))?,
        district: form.given("district"),
    };
    let (new_user, password) = request.parse().map_err(ConsoleError::refused(lang))?;
    let user = usecases::users::create(
        &state.usecases,
        Some(console.session.user.id),
        new_user,
        password,
        origin.0,
    )
    .await
    .map_err(ConsoleError::in_language(lang))?;
    Ok(page::see_other(format!("/console/users/{}", user.value.id)))
}

#[derive(Template)]
#[template(path = "console/user.html")]
struct UserPage {
    chrome: Chrome,
    user: UserResponse,
    role: &'static str,
    roles: Vec<Choice>,
    units: Vec<Choice>,
    districts: Vec<Choice>,
    is_self: bool,
}

impl UserPage {
    fn unit_is(&self, value: &str) -> bool {
        self.user.unit_id.map(|u| u.to_string()).unwrap_or_default() == value
    }

    fn district_is(&self, value: &str) -> bool {
        self.user.district.as_deref().unwrap_or_default() == value
    }
}

pub async fn show(
    state: web::Data<AppState>,
    console: Console,
    id: web::Path<UserId>,
) -> Result<HttpResponse, ConsoleError> {
    console.require(Permission::ManageUsers)?;
    let lang = console.lang;
    let id = id.into_inner();
    let named = usecases::users::get(&state.usecases, id)
        .await
        .map_err(ConsoleError::in_language(lang))?;
    let role = role_name(lang, named.value.role);
    let mut units = vec![Choice::none(lang)];
    units.extend(admin::unit_choices(&state, lang).await?);
    let mut districts = vec![Choice::none(lang)];
    districts.extend(admin::district_choices(&state, lang).await?);
    page::ok(
        UserPage {
            chrome: Chrome::new(&console, HERE),
            user: UserResponse::from(named),
            role,
            roles: role_choices(lang),
            units,
            districts,
            is_self: id == console.session.user.id,
        }
        .render(),
    )
}

pub async fn update(
    state: web::Data<AppState>,
    console: Console,
    origin: Origin,
    id: web::Path<UserId>,
    body: web::Bytes,
) -> Result<HttpResponse, ConsoleError> {
    let form = form::admit(&console, &body, Permission::ManageUsers)?;
    let lang = console.lang;
    let request = UpdateUserRequest {
        display_name: Some(form.text("display_name").to_owned()),
        role: Some(role_of(form.text("role")).map_err(ConsoleError::refused(lang))?),
        unit_id: Some(unit_of(form.given("unit_id")).map_err(ConsoleError::refused(lang))?),
        district: Some(form.given("district")),
        active: Some(form.ticked("active")),
    };
    let patch = request.parse().map_err(ConsoleError::refused(lang))?;
    let id = id.into_inner();
    usecases::users::update(
        &state.usecases,
        console.session.user.id,
        id,
        patch,
        origin.0,
    )
    .await
    .map_err(ConsoleError::in_language(lang))?;
    Ok(page::see_other(format!("/console/users/{id}")))
}

pub async fn reset_password(
    state: web::Data<AppState>,
    console: Console,
    origin: Origin,
    id: web::Path<UserId>,
    body: web::Bytes,
) -> Result<HttpResponse, ConsoleError> {
    let form = form::admit(&console, &body, Permission::ManageUsers)?;
    let lang = console.lang;
    let mut p = FieldParser::default();
    let password = p
        .take("password", Password::parse(form.text("password")))
        .ok_or_else(|| ConsoleError::Refused(p.into_error(), lang))?;
    let id = id.into_inner();
    usecases::users::reset_password(
        &state.usecases,
        console.session.user.id,
        id,
        password,
        origin.0,
    )
    .await
    .map_err(ConsoleError::in_language(lang))?;
    Ok(page::see_other(format!("/console/users/{id}")))
}
