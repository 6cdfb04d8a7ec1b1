use anfang_domain::finding::{AppealDecision, Finding, FindingText, Verdict};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::error::{ApiError, FieldIssue};
use crate::usecases::findings::Step;

#[derive(Debug, Serialize, ToSchema)]
pub struct AppealResponse {
    pub reason: Option<String>,
    pub filed_at: DateTime<Utc>,
    /// uphold or overturn, once decided.
    pub decision: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FindingResponse {
    pub id: Uuid,
    pub report_id: Uuid,
    pub unit_id: Uuid,
    pub item_code: String,
    /// minor or major.
    pub severity: String,
    pub critical: bool,
    /// open, rectifying, rectified, verified, overdue or overturned.
    pub status: String,
    pub deadline: DateTime<Utc>,
    /// The same item was found at the same unit within 90 days before.
    pub repeat: bool,
    pub visit_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
    pub rectification: Option<String>,
    pub rectified_at: Option<DateTime<Utc>>,
    pub verdict_comment: Option<String>,
    pub appeal: Option<AppealResponse>,
    pub created_at: DateTime<Utc>,
}

impl From<Finding> for FindingResponse {
    fn from(f: Finding) -> Self {
        Self {
            id: f.id.as_uuid(),
            report_id: f.report_id.as_uuid(),
            unit_id: f.unit_id.as_uuid(),
            item_code: f.item_code.as_str().to_owned(),
            severity: f.severity.as_str().to_owned(),
            critical: f.critical,
            status: f.status.as_str().to_owned(),
            deadline: f.deadline,
            repeat: f.repeat,
            visit_at: f.visit_at,
            published_at: f.published_at,
            rectification: f.rectification.map(FindingText::into_inner),
            rectified_at: f.rectified_at,
            verdict_comment: f.verdict_comment.map(FindingText::into_inner),
            appeal: f.appealed_at.map(|filed_at| AppealResponse {
                reason: f.appeal_reason.map(FindingText::into_inner),
                filed_at,
                decision: f.appeal_decision.map(|(d, _, _)| d.as_str().to_owned()),
                decided_at: f.appeal_decision.map(|(_, _, at)| at),
            }),
            created_at: f.created_at,
        }
    }
}

fn text(field: &str, raw: &str) -> Result<FindingText, ApiError> {
    FindingText::parse(raw).map_err(|e| ApiError::field(field, FieldIssue::from(e)))
}

fn optional(field: &str, raw: Option<&str>) -> Result<Option<FindingText>, ApiError> {
    raw.map(|r| text(field, r)).transpose()
}

/// What the unit did to put it right.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RectificationRequest {
    #[schema(min_length = 1, max_length = 5000)]
    pub text: String,
}

impl RectificationRequest {
    pub fn step(&self) -> Result<Step, ApiError> {
        Ok(Step::Rectify(text("text", &self.text)?))
    }
}

#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum VerdictDto {
    Verify,
    SendBack,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VerifyRequest {
    pub decision: VerdictDto,
    #[schema(max_length = 5000)]
    pub comment: Option<String>,
}

impl VerifyRequest {
    pub fn step(&self) -> Result<Step, ApiError> {
        let verdict = match self.decision {
            VerdictDto::Verify => Verdict::Verify,
            VerdictDto::SendBack => Verdict::SendBack,
        };
        Ok(Step::Judge(
            verdict,
            optional("comment", self.comment.as_deref())?,
        ))
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AppealRequest {
    #[schema(min_length = 1, max_length = 5000)]
    pub reason: String,
}

impl AppealRequest {
    pub fn step(&self) -> Result<Step, ApiError> {
        Ok(Step::Appeal(text("reason", &self.reason)?))
    }
}

#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AppealDecisionDto {
    Uphold,
    Overturn,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AppealDecisionRequest {
    pub decision: AppealDecisionDto,
    #[schema(max_length = 5000)]
    pub comment: Option<String>,
}

impl AppealDecisionRequest {
    pub fn step(&self) -> Result<Step, ApiError> {
        let decision = match self.decision {
            AppealDecisionDto::Uphold => AppealDecision::Uphold,
            AppealDecisionDto::Overturn => AppealDecision::Overturn,
        };
        Ok(Step::DecideAppeal(
            decision,
            optional("comment", self.comment.as_deref())?,
        ))
    }
}
