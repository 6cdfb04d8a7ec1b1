//! The console's start: the first page of the signed-in user's work.

use actix_web::HttpResponse;
use askama::Template;

use super::error::ConsoleError;
use super::page::{self, Chrome};
use super::session::Console;

#[derive(Template)]
#[template(path = "console/home.html")]
struct HomePage {
    chrome: Chrome,
}

pub async fn home(console: Console) -> Result<HttpResponse, ConsoleError> {
    let chrome = Chrome::new(&console, "/console");
    if let Some(first) = chrome.nav.first() {
        return Ok(page::see_other(first.href.to_owned()));
    }
    page::ok(HomePage { chrome }.render())
}
