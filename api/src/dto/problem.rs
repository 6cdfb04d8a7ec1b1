//! The shape of every error answer, for the OpenAPI document (the server renders it in
//! `error/`).

use serde::Serialize;
use utoipa::ToSchema;

/// RFC 9457 problem details, with anfang's stable `code` and field errors.
#[derive(Serialize, ToSchema)]
#[schema(as = Problem)]
pub struct ProblemSchema {
    /// `urn:anfang:problem:<code>`
    #[serde(rename = "type")]
    pub kind: String,
    /// Human-readable, in zh-CN or English per `Accept-Language`.
    pub title: String,
    pub status: u16,
    /// Stable and machine-readable, e.g. `validation_failed`, `unknown_field`.
    pub code: String,
    /// What is wrong with which field, when the problem is about fields.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ProblemFieldSchema>,
}

#[derive(Serialize, ToSchema)]
#[schema(as = ProblemField)]
pub struct ProblemFieldSchema {
    /// A path into the request, e.g. `items[3].weight`.
    pub field: String,
    pub code: String,
    pub message: String,
}
