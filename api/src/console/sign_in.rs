//! Signing in and out of the console, and the language switch.

use actix_web::cookie::{Cookie, SameSite};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use anfang_usecases::console_session;
use askama::Template;
use serde::Deserialize;

use super::error::ConsoleError;
use super::lang::{self, t};
use super::page;
use super::session::{self, Console};
use crate::auth::Origin;
use crate::error::{ApiError, Language};
use crate::state::AppState;

const SIGN_IN_COOKIE: &str = "anfang_sign_in";

#[derive(Template)]
#[template(path = "console/login.html")]
struct LoginPage {
    lang: Language,
    form_token: String,
    username: String,
    problem: Option<&'static str>,
}

impl LoginPage {
    fn t(&self, zh: &'static str, en: &'static str) -> &'static str {
        t(self.lang, zh, en)
    }
}

fn sign_in_cookie(value: String, secure: bool) -> Cookie<'static> {
    Cookie::build(SIGN_IN_COOKIE, value)
        .path("/console")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(secure)
        .finish()
}

/// The sign-in form, with a fresh token in a cookie and in the form.
fn form(
    req: &HttpRequest,
    status: StatusCode,
    username: String,
    problem: Option<&'static str>,
) -> HttpResponse {
    let token = console_session::new_sign_in_token();
    let page = LoginPage {
        lang: lang::of_request(req),
        form_token: token.clone(),
        username,
        problem,
    };
    let mut response = page::html(status, page.render());
    // The token is URL-safe base64: it always makes a valid cookie.
    let _ = response.add_cookie(&sign_in_cookie(token, session::over_tls(req)));
    response
}

pub async fn show(req: HttpRequest, signed_in: Option<Console>) -> HttpResponse {
    if signed_in.is_some() {
        return page::see_other("/console".into());
    }
    form(&req, StatusCode::OK, String::new(), None)
}

#[derive(Deserialize)]
pub struct SignIn {
    username: String,
    password: String,
    form_token: String,
}

pub async fn sign_in(
    req: HttpRequest,
    state: web::Data<AppState>,
    origin: Origin,
    body: web::Form<SignIn>,
) -> Result<HttpResponse, ConsoleError> {
    let lang = lang::of_request(&req);
    let SignIn {
        username,
        password,
        form_token,
    } = body.into_inner();
    let expected = req.cookie(SIGN_IN_COOKIE).map(|c| c.value().to_owned());
    if !expected.is_some_and(|e| console_session::same_token(&e, &form_token)) {
        return Err(ConsoleError::forged_form(lang));
    }
    match console_session::open(&state.usecases, username.clone(), password, origin.0).await {
        Ok((cookie, _)) => {
            let secure = session::over_tls(&req);
            let mut response = page::see_other("/console".into());
            let mut spent = sign_in_cookie(String::new(), secure);
            spent.make_removal();
            let _ = response.add_cookie(&spent);
            let _ = response.add_cookie(&session::cookie(cookie, secure));
            Ok(response)
        }
        Err(anfang_usecases::Error::InvalidCredentials) => Ok(form(
            &req,
            StatusCode::UNAUTHORIZED,
            username,
            Some(t(
                lang,
                "用户名或密码不正确。",
                "Wrong username or password.",
            )),
        )),
        Err(e) => Err(ConsoleError::Refused(ApiError::from(e), lang)),
    }
}

#[derive(Deserialize)]
pub struct FormToken {
    form_token: String,
}

pub async fn sign_out(
    req: HttpRequest,
    state: web::Data<AppState>,
    console: Console,
    origin: Origin,
    body: web::Form<FormToken>,
) -> Result<HttpResponse, ConsoleError> {
    console.check_form(&body.form_token)?;
    let cookie = req
        .cookie(session::COOKIE)
        .map(|c| c.value().to_owned())
        .unwrap_or_default();
    console_session::close(&state.usecases, cookie, origin.0)
        .await
        .map_err(ConsoleError::in_language(console.lang))?;
    let mut response = page::see_other("/console/login".into());
    let _ = response.add_cookie(&session::removal(session::over_tls(&req)));
    Ok(response)
}

/// `GET /console/lang/{zh|en}`: remembers the choice (a preference, not data) and goes home.
pub async fn switch_language(req: HttpRequest, to: web::Path<String>) -> HttpResponse {
    let value = match to.as_str() {
        "en" => "en",
        _ => "zh",
    };
    let mut response = page::see_other("/console".into());
    let cookie = Cookie::build(lang::COOKIE, value)
        .path("/console")
        .same_site(SameSite::Strict)
        .secure(session::over_tls(&req))
        .permanent()
        .finish();
    let _ = response.add_cookie(&cookie);
    response
}
