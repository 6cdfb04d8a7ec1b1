//! A form as the browser sends it (`application/x-www-form-urlencoded`). Checkboxes repeat a
//! field, which serde's form reader does not take, so the pairs are kept as they come and read
//! by name; what a field means is then parsed by the API's own request types.

use std::str::FromStr;

use anfang_domain::auth::Permission;
use anfang_infra::db::page::PageRequest;
use serde::Deserialize;

use super::error::ConsoleError;
use super::session::Console;
use crate::dto::page::PageQuery;
use crate::error::{ApiError, FieldIssue, Language};

/// A form sent by a signed-in user: its token is checked first (a forged form is refused
/// whatever it asks), then whether the role may use it at all (404 when not, as for nothing).
pub fn admit(
    console: &Console,
    body: &[u8],
    permission: Permission,
) -> Result<FormFields, ConsoleError> {
    let form = FormFields::read(body);
    console.check_form(form.form_token())?;
    console.require(permission)?;
    Ok(form)
}

/// `?cursor=` of a list page, a hundred lines at a time.
#[derive(Deserialize)]
pub struct CursorQuery {
    cursor: Option<String>,
}

impl CursorQuery {
    pub fn page(&self, lang: Language) -> Result<PageRequest, ConsoleError> {
        PageQuery {
            limit: Some(100),
            cursor: self.cursor.clone(),
        }
        .parse()
        .map_err(ConsoleError::refused(lang))
    }
}

pub struct FormFields(Vec<(String, String)>);

impl FormFields {
    pub fn read(body: &[u8]) -> Self {
        FormFields(
            form_urlencoded::parse(body)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    /// The first value of a field, trimmed; empty when absent.
    pub fn text(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.trim())
    }

    /// A field left empty is a field not given.
    pub fn given(&self, name: &str) -> Option<String> {
        Some(self.text(name))
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    }

    /// Every value of a repeated field (the boxes ticked), in order.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, v)| k == name && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_owned())
            .collect()
    }

    /// A checkbox: sent only when ticked.
    pub fn ticked(&self, name: &str) -> bool {
        self.0.iter().any(|(k, _)| k == name)
    }

    /// The text, one entry per line, blanks left out.
    pub fn lines(&self, name: &str) -> Vec<String> {
        self.split(name, &['\n'])
    }

    /// Short entries (codes), one per line or separated by commas.
    pub fn entries(&self, name: &str) -> Vec<String> {
        self.split(name, &['\n', ',', '，'])
    }

    fn split(&self, name: &str, by: &[char]) -> Vec<String> {
        self.text(name)
            .split(by)
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect()
    }

    pub fn form_token(&self) -> &str {
        self.text("form_token")
    }

    /// A number, or nothing when left empty; anything else is refused naming the field.
    pub fn number<T: FromStr>(
        &self,
        name: &str,
        lang: Language,
    ) -> Result<Option<T>, ConsoleError> {
        match self.text(name) {
            "" => Ok(None),
            raw => raw.parse().map(Some).map_err(|_| {
                ConsoleError::Refused(
                    ApiError::field(
                        name,
                        FieldIssue::Format {
                            expected: "a number",
                        },
                    ),
                    lang,
                )
            }),
        }
    }
}
