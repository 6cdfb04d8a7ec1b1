use anfang_domain::notice::{Notice, NoticePeriod};
use anfang_infra::notice_exports::ExportFormat;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::error::{ApiError, FieldIssue};

/// Draft (or redraft) the notice of a month.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateNoticeRequest {
    /// The month, `YYYY-MM`, in the bureau's time zone.
    #[schema(example = "2026-10", pattern = "^[0-9]{4}-[0-9]{2}$")]
    pub period: String,
}

impl CreateNoticeRequest {
    pub fn period(&self) -> Result<NoticePeriod, ApiError> {
        NoticePeriod::parse(&self.period).map_err(|_| {
            ApiError::field(
                "period",
                FieldIssue::Format {
                    expected: "a month as YYYY-MM, e.g. 2026-10",
                },
            )
        })
    }
}

/// A notice in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct NoticeSummary {
    pub id: Uuid,
    /// `YYYY-MM`.
    pub period: String,
    /// draft or published.
    pub status: String,
    pub generated_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
}

impl From<&Notice> for NoticeSummary {
    fn from(n: &Notice) -> Self {
        Self {
            id: n.id.as_uuid(),
            period: n.period.to_string(),
            status: n.status.as_str().to_owned(),
            generated_at: n.generated_at,
            published_at: n.published_at,
        }
    }
}

/// A notice with its snapshot.
#[derive(Debug, Serialize, ToSchema)]
pub struct NoticeResponse {
    pub id: Uuid,
    pub period: String,
    pub status: String,
    pub generated_at: DateTime<Utc>,
    /// Null when the scheduler or the command line generated it.
    pub generated_by: Option<Uuid>,
    pub published_at: Option<DateTime<Utc>>,
    pub published_by: Option<Uuid>,
    /// The snapshot: `totals`, `coverage`, `unit_ranking`, `type_ranking`,
    /// `district_ranking`, `problems_by_item`, `problems_by_dimension`, `typical_cases`,
    /// `rectification`, `overdue`, `repeats`, `talks` (约谈).
    #[schema(value_type = Object)]
    pub content: serde_json::Value,
}

impl NoticeResponse {
    pub fn from_notice(n: &Notice) -> Result<Self, ApiError> {
        Ok(Self {
            id: n.id.as_uuid(),
            period: n.period.to_string(),
            status: n.status.as_str().to_owned(),
            generated_at: n.generated_at,
            generated_by: n.generated_by.map(|u| u.as_uuid()),
            published_at: n.published_at,
            published_by: n.published_by.map(|u| u.as_uuid()),
            content: serde_json::to_value(&n.content).map_err(ApiError::internal)?,
        })
    }
}

#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormatDto {
    Json,
    Csv,
    Xlsx,
    Html,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// json, csv (one row per finding), xlsx (summary, rankings, findings, rectification) or
    /// html (printable, in Chinese).
    #[param(inline)]
    pub format: ExportFormatDto,
}

impl ExportQuery {
    pub fn format(&self) -> ExportFormat {
        match self.format {
            ExportFormatDto::Json => ExportFormat::Json,
            ExportFormatDto::Csv => ExportFormat::Csv,
            ExportFormatDto::Xlsx => ExportFormat::Xlsx,
            ExportFormatDto::Html => ExportFormat::Html,
        }
    }
}
