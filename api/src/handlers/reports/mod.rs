pub mod claim;
pub mod discard;
pub mod evidence;
pub mod history;
pub mod list;
pub mod manifest;
pub mod publish_findings;
pub mod put;
pub mod review;
pub mod show;
pub mod submit;

use actix_web::http::StatusCode;
use anfang_domain::auth::Role;

use crate::dto::reports::ReportResponse;
use anfang_usecases::report_views::ReportView;

/// The report as `viewer` may see it, as JSON.
fn report_json(report: ReportView, viewer: Role) -> anfang_usecases::Result<serde_json::Value> {
    serde_json::to_value(ReportResponse::new(report, viewer))
        .map_err(anfang_usecases::Error::internal)
}

/// The answer to an idempotent step, as it is stored for a retry.
fn ok(report: ReportView, viewer: Role) -> anfang_usecases::Result<(u16, serde_json::Value)> {
    Ok((StatusCode::OK.as_u16(), report_json(report, viewer)?))
}
