//! The one mapping from errors to HTTP: RFC 9457 `application/problem+json` with a stable
//! machine `code`, field errors, and messages in zh-CN (default) or English.
//!
//! Handlers return [`ApiError`]; the use cases' own errors are converted here (see
//! `from_usecases`), and every word a client reads is written in this module: titles in
//! `codes`, field problems in `field`, named rules in `rules`. 5xx bodies are generic: causes
//! go to the log.

mod codes;
mod deferred_body;
mod field;
mod from_usecases;
mod json_body;
mod language;
mod rules;
mod sentence;
mod validation;

use std::time::Duration;

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;

pub use anfang_usecases::{FieldIssue, FieldProblem, Rule};
pub use codes::ErrorCode;
pub use deferred_body::{Body, NoBody};
pub use json_body::{json_config, path_config};
pub use language::{Language, localize_errors};
pub use sentence::command_line as command_line_sentence;
pub use validation::FieldParser;

#[derive(Debug, Clone)]
pub struct ApiError {
    pub code: ErrorCode,
    pub fields: Vec<FieldProblem>,
    pub retry_after: Option<Duration>,
    /// For 405: the methods the path does accept.
    pub allow: Option<&'static str>,
}

impl ApiError {
    pub fn new(code: ErrorCode) -> Self {
        Self {
            code,
            fields: Vec::new(),
            retry_after: None,
            allow: None,
        }
    }

    /// The 404 that also answers for everything a viewer may not know of: the same bytes as for
    /// an id that was never used.
    pub fn not_found() -> Self {
        Self::new(ErrorCode::NotFound)
    }

    /// A 422 naming one field.
    pub fn field(field: impl Into<String>, issue: impl Into<FieldIssue>) -> Self {
        Self::fields(vec![FieldProblem::new(field, issue)])
    }

    /// A 422 naming several fields.
    pub fn fields(fields: Vec<FieldProblem>) -> Self {
        Self {
            code: ErrorCode::ValidationFailed,
            fields,
            retry_after: None,
            allow: None,
        }
    }

    /// A 405 naming the methods `path` accepts.
    pub fn method_not_allowed(allow: &'static str) -> Self {
        Self {
            allow: Some(allow),
            ..Self::new(ErrorCode::MethodNotAllowed)
        }
    }

    pub fn retry_after(mut self, after: Duration) -> Self {
        self.retry_after = Some(after);
        self
    }

    /// Logs an unexpected failure with its cause and returns the generic 500.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "internal error");
        Self::new(ErrorCode::Internal)
    }

    fn body(&self, language: Language) -> Problem<'_> {
        let code = self.code.as_str();
        Problem {
            kind: format!("urn:anfang:problem:{code}"),
            title: self.code.title(language),
            status: self.code.status().as_u16(),
            code,
            errors: self
                .fields
                .iter()
                .map(|f| ProblemField {
                    field: &f.field,
                    code: field::code(&f.issue),
                    message: field::message(&f.issue, language),
                })
                .collect(),
        }
    }

    /// The title and each field's message, as a person reads them (the console's pages).
    pub fn sentences(&self, language: Language) -> (&'static str, Vec<String>) {
        (
            self.code.title(language),
            self.fields
                .iter()
                .map(|f| field::message(&f.issue, language))
                .collect(),
        )
    }

    /// The response in a given language.
    pub fn render(&self, language: Language) -> HttpResponse {
        let mut response = HttpResponse::build(self.code.status());
        response.content_type("application/problem+json");
        response.insert_header((header::CONTENT_LANGUAGE, language.tag()));
        if let Some(after) = self.retry_after {
            let secs = after.as_secs().max(1);
            if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
                response.insert_header((header::RETRY_AFTER, v));
            }
        }
        if let Some(allow) = self.allow {
            response.insert_header((header::ALLOW, allow));
        }
        if self.code == ErrorCode::Unauthorized || self.code == ErrorCode::InvalidCredentials {
            response.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
        }
        let mut response = response.json(self.body(language));
        // Kept so that `localize_errors` can render the body again in the client's language.
        response.extensions_mut().insert(self.clone());
        response
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code.as_str())
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.code.status()
    }

    fn error_response(&self) -> HttpResponse {
        self.render(Language::default())
    }
}

#[derive(Serialize)]
struct Problem<'a> {
    #[serde(rename = "type")]
    kind: String,
    title: &'static str,
    status: u16,
    code: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    errors: Vec<ProblemField<'a>>,
}

#[derive(Serialize)]
struct ProblemField<'a> {
    field: &'a str,
    code: &'static str,
    message: String,
}

pub type ApiResult<T> = Result<T, ApiError>;
