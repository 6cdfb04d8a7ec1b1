use anfang_domain::finding::{
    AppealDecision, FindingFields, FindingText, RectificationPhoto, Verdict,
};
use anfang_domain::ids::{CampaignId, PhotoId, UserId};
use anfang_usecases::finding_views::FindingView;
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::dto::place::PlaceResponse;
use crate::error::{ApiError, FieldIssue};
use anfang_usecases::findings::{FollowUpRequest, Step};

#[derive(Debug, Serialize, ToSchema)]
pub struct AppealResponse {
    pub reason: Option<String>,
    pub filed_at: DateTime<Utc>,
    /// uphold or overturn, once decided.
    pub decision: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
}

/// The checklist item a finding is about, in both languages.
#[derive(Debug, Serialize, ToSchema)]
pub struct FindingItemResponse {
    pub title: String,
    pub title_en: String,
    /// ATT, PRC, CMP, DSC, ENV or DIG.
    pub dimension: String,
    pub dimension_name: String,
    pub dimension_name_en: String,
}

/// A photo linked to the finding's item: re-encoded sizes only, without their metadata.
#[derive(Debug, Serialize, ToSchema)]
pub struct EvidenceResponse {
    pub photo_id: Uuid,
    /// About 320 px.
    pub thumb_url: String,
    /// About 1600 px.
    pub display_url: String,
}

/// A verified finding closed out (销号): by whom, when, and the unit's rectification.
#[derive(Debug, Serialize, ToSchema)]
pub struct CloseOutResponse {
    pub by: Uuid,
    pub by_name: String,
    pub at: DateTime<Utc>,
    pub rectification: Option<String>,
    /// The unit's rectification photos (`?variant=thumb|display`).
    pub photo_urls: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FindingResponse {
    pub id: Uuid,
    pub report_id: Uuid,
    pub unit_id: Uuid,
    /// The unit by name, with its type and district named.
    pub unit: PlaceResponse,
    pub item_code: String,
    pub item: FindingItemResponse,
    /// minor or major.
    pub severity: String,
    pub critical: bool,
    /// open, rectifying, rectified, verified, overdue or overturned.
    pub status: String,
    pub deadline: DateTime<Utc>,
    /// The same item was found at the same unit within 90 days before.
    pub repeat: bool,
    /// The day of the visit, in the bureau's time zone.
    pub visit_date: NaiveDate,
    /// The visit's exact start: for the bureau only (absent for the unit).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visit_at: Option<DateTime<Utc>>,
    /// The inspector's note on the item.
    pub note: Option<String>,
    /// The segment of a recording of the visit that shows the problem.
    pub citation: Option<CitedSegmentResponse>,
    pub evidence: Vec<EvidenceResponse>,
    pub published_at: Option<DateTime<Utc>>,
    pub rectification: Option<String>,
    pub rectified_at: Option<DateTime<Utc>>,
    pub verdict_comment: Option<String>,
    pub appeal: Option<AppealResponse>,
    /// Set once verified.
    pub closed_out: Option<CloseOutResponse>,
    pub created_at: DateTime<Utc>,
}

/// A cited segment of a recording (the recording itself is for supervisors and admins).
#[derive(Debug, Serialize, ToSchema)]
pub struct CitedSegmentResponse {
    pub recording_id: Uuid,
    pub start_s: u32,
    pub end_s: u32,
    /// As people read it: `00:12:05–00:13:40`.
    pub label: String,
}

impl From<anfang_domain::report::Citation> for CitedSegmentResponse {
    fn from(c: anfang_domain::report::Citation) -> Self {
        Self {
            recording_id: c.recording().as_uuid(),
            start_s: c.start_s(),
            end_s: c.end_s(),
            label: c.label(),
        }
    }
}

impl FindingResponse {
    pub fn new(view: FindingView, fields: FindingFields, tz: Tz) -> Self {
        let FindingView {
            finding: f,
            place,
            item,
            note,
            citation,
            evidence,
            closed_out,
        } = view;
        let closed_out = closed_out.map(|c| CloseOutResponse {
            by: c.by.as_uuid(),
            by_name: c.by_name,
            at: c.at,
            rectification: f.rectification.as_ref().map(|t| t.as_str().to_owned()),
            photo_urls: c
                .photos
                .iter()
                .map(|p| format!("/api/v1/findings/{}/photos/{p}?variant=display", f.id))
                .collect(),
        });
        let evidence_url = |photo: PhotoId, variant: &str| {
            format!(
                "/api/v1/findings/{}/evidence/{photo}?variant={variant}",
                f.id
            )
        };
        Self {
            id: f.id.as_uuid(),
            report_id: f.report_id.as_uuid(),
            unit_id: f.unit_id.as_uuid(),
            unit: place.into(),
            item_code: f.item_code.as_str().to_owned(),
            item: FindingItemResponse {
                title: item.title,
                title_en: item.title_en,
                dimension: item.dimension.code().to_owned(),
                dimension_name: item.dimension.name_zh().to_owned(),
                dimension_name_en: item.dimension.name_en().to_owned(),
            },
            severity: f.severity.as_str().to_owned(),
            critical: f.critical,
            status: f.status.as_str().to_owned(),
            deadline: f.deadline,
            repeat: f.repeat,
            visit_date: f.visit_at.with_timezone(&tz).date_naive(),
            visit_at: fields.visit_time.then_some(f.visit_at),
            note,
            citation: citation.map(CitedSegmentResponse::from),
            evidence: evidence
                .into_iter()
                .map(|photo| EvidenceResponse {
                    photo_id: photo.as_uuid(),
                    thumb_url: evidence_url(photo, "thumb"),
                    display_url: evidence_url(photo, "display"),
                })
                .collect(),
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
            closed_out,
            created_at: f.created_at,
        }
    }
}

/// Renders findings for one viewer: what their role is shown, dates in the bureau's zone.
#[derive(Clone, Copy)]
pub struct FindingsFor {
    fields: FindingFields,
    tz: Tz,
}

impl FindingsFor {
    pub fn viewer(role: anfang_domain::auth::Role, tz: Tz) -> Self {
        Self {
            fields: FindingFields::for_viewer(role),
            tz,
        }
    }

    pub fn render(self, view: FindingView) -> FindingResponse {
        FindingResponse::new(view, self.fields, self.tz)
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

/// Require a follow-up visit (复查) before verifying.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FollowUpRequestDto {
    /// An active campaign the visit joins (its checklist and scenarios apply).
    pub campaign_id: Uuid,
    /// One to five inspectors, none of the unit's own district or the unit itself (回避).
    #[schema(min_items = 1, max_items = 5)]
    pub inspector_ids: Vec<Uuid>,
    /// Which of the campaign's scenarios to act out; the first by default.
    #[schema(minimum = 0, maximum = 100)]
    pub scenario: Option<u32>,
}

impl FollowUpRequestDto {
    pub fn request(&self) -> FollowUpRequest {
        FollowUpRequest {
            campaign_id: CampaignId::from_uuid(self.campaign_id),
            inspectors: self
                .inspector_ids
                .iter()
                .map(|i| UserId::from_uuid(*i))
                .collect(),
            scenario: self.scenario.unwrap_or(0) as usize,
        }
    }
}

/// A photo sent with the rectification.
#[derive(Debug, Serialize, ToSchema)]
pub struct RectificationPhotoResponse {
    pub id: Uuid,
    pub finding_id: Uuid,
    pub caption: Option<String>,
    /// SHA-256 of the original as uploaded.
    pub sha256: String,
    pub width: u32,
    pub height: u32,
    pub created_at: DateTime<Utc>,
}

impl From<RectificationPhoto> for RectificationPhotoResponse {
    fn from(p: RectificationPhoto) -> Self {
        Self {
            id: p.id.as_uuid(),
            finding_id: p.finding_id.as_uuid(),
            caption: p.caption.map(|c| c.into_inner()),
            sha256: p.sha256,
            width: p.width,
            height: p.height,
            created_at: p.created_at,
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct RectificationPhotoForm {
    /// JPEG, PNG or WebP (GIF: the first frame), at most 20 MiB, 8192 px a side, 50 MP.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    /// Chosen by the client, so that a retried upload returns the same photo.
    photo_id: Option<Uuid>,
    caption: Option<String>,
}
