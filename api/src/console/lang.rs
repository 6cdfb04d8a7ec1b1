//! The console's language: Chinese unless the user switched to English (a cookie) or the
//! browser prefers English. Words are written in the templates beside each other, zh first.

use actix_web::HttpRequest;
use actix_web::http::header;

use crate::error::Language;

pub const COOKIE: &str = "anfang_lang";

pub fn of_request(req: &HttpRequest) -> Language {
    match req.cookie(COOKIE).as_ref().map(|c| c.value()) {
        Some("en") => Language::En,
        Some("zh") => Language::Zh,
        _ => Language::negotiate(
            req.headers()
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok()),
        ),
    }
}

/// Picks the word of the language: `t(lang, "审核队列", "Review queue")`.
pub fn t(lang: Language, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Language::Zh => zh,
        Language::En => en,
    }
}
