use anfang_domain::notice::{Notice, NoticePeriod};
use anfang_infra::documents::DocumentFormat;
use anfang_infra::notice_exports::ExportFormat;
use anfang_usecases::notices::NoticeFormat;
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
    #[schema(value_type = NoticeStatusDto)]
    pub status: String,
    pub generated_at: DateTime<Utc>,
    pub signed_at: Option<DateTime<Utc>>,
    pub published_at: Option<DateTime<Utc>>,
    /// 发文字号, given at publication, e.g. `杭人社暗〔2026〕12号`.
    pub document_number: Option<String>,
}

/// draft → submitted (for signature, 送签) → signed (签发) → published.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[allow(dead_code)] // Only its schema is used: the answers carry `NoticeStatus::as_str`.
pub enum NoticeStatusDto {
    Draft,
    Submitted,
    Signed,
    Published,
}

fn number_of(n: &Notice) -> Option<String> {
    n.issue.as_ref().map(|i| i.number.to_string())
}

impl From<&Notice> for NoticeSummary {
    fn from(n: &Notice) -> Self {
        Self {
            id: n.id.as_uuid(),
            period: n.period.to_string(),
            status: n.status.as_str().to_owned(),
            generated_at: n.generated_at,
            signed_at: n.signed.map(|s| s.at),
            published_at: n.published_at,
            document_number: number_of(n),
        }
    }
}

/// A notice with its snapshot.
#[derive(Debug, Serialize, ToSchema)]
pub struct NoticeResponse {
    pub id: Uuid,
    pub period: String,
    #[schema(value_type = NoticeStatusDto)]
    pub status: String,
    pub generated_at: DateTime<Utc>,
    /// Null when the scheduler or the command line generated it.
    pub generated_by: Option<Uuid>,
    /// When and by whom it was sent for signature (cleared when returned to draft).
    pub submitted_at: Option<DateTime<Utc>>,
    pub submitted_by: Option<Uuid>,
    /// When and by which leader it was signed off (签发).
    pub signed_at: Option<DateTime<Utc>>,
    pub signed_by: Option<Uuid>,
    pub published_at: Option<DateTime<Utc>>,
    pub published_by: Option<Uuid>,
    /// 发文字号, given at publication in sequence per year.
    pub document_number: Option<String>,
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
            submitted_at: n.submitted.map(|s| s.at),
            submitted_by: n.submitted.map(|s| s.by.as_uuid()),
            signed_at: n.signed.map(|s| s.at),
            signed_by: n.signed.map(|s| s.by.as_uuid()),
            published_at: n.published_at,
            published_by: n.published_by.map(|u| u.as_uuid()),
            document_number: number_of(n),
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
    Pdf,
    Docx,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// json, csv (one row per finding), xlsx (summary, rankings, findings, rectification),
    /// html (printable, in Chinese), or the official document (公文, GB/T 9704-2012) as pdf or
    /// as docx to edit before signing.
    #[param(inline)]
    pub format: ExportFormatDto,
}

impl ExportQuery {
    pub fn format(&self) -> NoticeFormat {
        match self.format {
            ExportFormatDto::Json => NoticeFormat::Export(ExportFormat::Json),
            ExportFormatDto::Csv => NoticeFormat::Export(ExportFormat::Csv),
            ExportFormatDto::Xlsx => NoticeFormat::Export(ExportFormat::Xlsx),
            ExportFormatDto::Html => NoticeFormat::Export(ExportFormat::Html),
            ExportFormatDto::Pdf => NoticeFormat::Document(DocumentFormat::Pdf),
            ExportFormatDto::Docx => NoticeFormat::Document(DocumentFormat::Docx),
        }
    }
}

/// A unit given a rectification order (整改通知书) by a published notice.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrderedUnitResponse {
    pub unit_id: Uuid,
    pub unit_code: String,
    pub unit_name: String,
    /// The problems the notice found there.
    pub findings: u64,
}

impl OrderedUnitResponse {
    pub fn from_unit(u: anfang_usecases::notices::OrderedUnit) -> Result<Self, ApiError> {
        Ok(Self {
            unit_id: u.unit_id.parse().map_err(ApiError::internal)?,
            unit_code: u.code,
            unit_name: u.name,
            findings: u.findings,
        })
    }
}

#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DocumentFormatDto {
    Pdf,
    Docx,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrderQuery {
    /// pdf, or docx to edit.
    #[param(inline)]
    pub format: DocumentFormatDto,
}

impl OrderQuery {
    pub fn format(&self) -> DocumentFormat {
        match self.format {
            DocumentFormatDto::Pdf => DocumentFormat::Pdf,
            DocumentFormatDto::Docx => DocumentFormat::Docx,
        }
    }
}
