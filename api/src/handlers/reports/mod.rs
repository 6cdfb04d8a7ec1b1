pub mod claim;
pub mod history;
pub mod list;
pub mod publish_findings;
pub mod put;
pub mod review;
pub mod show;
pub mod submit;

use actix_web::http::StatusCode;
use anfang_domain::auth::Role;
use anfang_domain::report::Report;

use crate::dto::reports::ReportResponse;
use crate::error::{ApiError, ApiResult};

/// The report as `viewer` may see it, as JSON.
fn report_json(report: Report, viewer: Role) -> ApiResult<serde_json::Value> {
    serde_json::to_value(ReportResponse::new(report, viewer)).map_err(ApiError::internal)
}

fn ok(report: Report, viewer: Role) -> ApiResult<(StatusCode, serde_json::Value)> {
    Ok((StatusCode::OK, report_json(report, viewer)?))
}
