//! How the console answers when something is refused: the API's own mapping of the use cases'
//! errors (the same status and words, `crate::error`), shown as a page; a request without a
//! valid session goes to the sign-in page instead.

use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpResponse, ResponseError};
use askama::Template;

use super::lang::t;
use super::page;
use crate::error::{ApiError, ErrorCode, Language};

#[derive(Debug)]
pub enum ConsoleError {
    /// No session, or it ended: sign in.
    SignIn,
    Refused(ApiError, Language),
}

impl ConsoleError {
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        ConsoleError::Refused(ApiError::internal(cause), Language::Zh)
    }

    pub fn forged_form(lang: Language) -> Self {
        ConsoleError::Refused(ApiError::new(ErrorCode::Forbidden), lang)
    }

    pub fn in_language(lang: Language) -> impl Fn(anfang_usecases::Error) -> Self {
        move |e| ConsoleError::Refused(ApiError::from(e), lang)
    }

    /// A request the API's own parsing refused, shown in the viewer's language.
    pub fn refused(lang: Language) -> impl Fn(ApiError) -> Self {
        move |e| ConsoleError::Refused(e, lang)
    }
}

impl std::fmt::Display for ConsoleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConsoleError::SignIn => f.write_str("sign in"),
            ConsoleError::Refused(e, _) => e.fmt(f),
        }
    }
}

#[derive(Template)]
#[template(path = "console/error.html")]
struct ErrorPage {
    lang: Language,
    title: &'static str,
    details: Vec<String>,
    status: u16,
}

impl ErrorPage {
    fn t(&self, zh: &'static str, en: &'static str) -> &'static str {
        t(self.lang, zh, en)
    }
}

impl ResponseError for ConsoleError {
    fn status_code(&self) -> StatusCode {
        match self {
            ConsoleError::SignIn => StatusCode::SEE_OTHER,
            ConsoleError::Refused(e, _) => e.code.status(),
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            ConsoleError::SignIn => HttpResponse::SeeOther()
                .insert_header((header::LOCATION, "/console/login"))
                .finish(),
            ConsoleError::Refused(e, lang) => {
                let (title, details) = e.sentences(*lang);
                let page = ErrorPage {
                    lang: *lang,
                    title,
                    details,
                    status: e.code.status().as_u16(),
                };
                let mut response = page::html(e.code.status(), page.render());
                if let Some(after) = e.retry_after
                    && let Ok(v) =
                        header::HeaderValue::from_str(&after.as_secs().max(1).to_string())
                {
                    response.headers_mut().insert(header::RETRY_AFTER, v);
                }
                response
            }
        }
    }
}
