use crate::dto::query::DayOrTime;
use anfang_domain::auth::Role;
use anfang_domain::catalog::{DistrictCode, GeoPoint, ItemCode, UnitTypeCode};
use anfang_domain::day_range::DayRange;
use anfang_domain::ids::{AssignmentId, ChecklistId, RecordingId, UnitId};
use anfang_domain::report::{
    Channel, Citation, DeviceInfo, Narrative, Note, Outcome, PhoneLocation, RatingInput,
    ReportContent, ReportFields, ReportStatus, Scenario, VisitWindow,
};
use anfang_infra::db::reports::ReportFilter;
use anfang_usecases::report_views::ReportView;
use anfang_usecases::reports::QueueLine;
use chrono::{DateTime, SubsecRound, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::place::PlaceResponse;
use super::query::days;
use crate::error::{ApiError, FieldParser, Rule};

#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChannelDto {
    OnSite,
    Phone,
    Online,
    VideoReview,
}

impl From<ChannelDto> for Channel {
    fn from(c: ChannelDto) -> Self {
        match c {
            ChannelDto::OnSite => Channel::OnSite,
            ChannelDto::Phone => Channel::Phone,
            ChannelDto::Online => Channel::Online,
            ChannelDto::VideoReview => Channel::VideoReview,
        }
    }
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeDto {
    Ok,
    Minor,
    Major,
    Na,
}

impl From<OutcomeDto> for Outcome {
    fn from(o: OutcomeDto) -> Self {
        match o {
            OutcomeDto::Ok => Outcome::Ok,
            OutcomeDto::Minor => Outcome::Minor,
            OutcomeDto::Major => Outcome::Major,
            OutcomeDto::Na => Outcome::Na,
        }
    }
}

/// One rating. Judgement items take an `outcome`; measured items take a `value` (or
/// `unanswered: true` where the item allows it, or `outcome: "na"`), and the server derives
/// their outcome from the item's thresholds.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RatingDto {
    /// e.g. `PRC-07`
    pub item_code: String,
    pub outcome: Option<OutcomeDto>,
    #[schema(minimum = 0)]
    pub value: Option<f64>,
    #[serde(default)]
    pub unanswered: bool,
    /// Why, in the inspector's words; a `major` without a linked photo needs 10+ characters.
    pub note: Option<String>,
    /// The segment of one of the report's recordings that shows it: evidence for a `major`.
    pub citation: Option<CitationDto>,
}

/// A segment of a recording, in whole seconds from its start.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CitationDto {
    /// The recording's id (its `evidence_id`).
    pub recording_id: Uuid,
    #[schema(minimum = 0, maximum = 86_399)]
    pub start_s: u32,
    /// After `start_s`, and within the recording (checked when the report is submitted).
    #[schema(minimum = 1, maximum = 86_400)]
    pub end_s: u32,
}

impl CitationDto {
    fn of(c: &Citation) -> Self {
        Self {
            recording_id: c.recording().as_uuid(),
            start_s: c.start_s(),
            end_s: c.end_s(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LocationDto {
    #[schema(minimum = -90, maximum = 90)]
    pub latitude: f64,
    #[schema(minimum = -180, maximum = 180)]
    pub longitude: f64,
    #[schema(minimum = 0, maximum = 100000)]
    pub accuracy_m: f64,
}

/// A report as the phone writes it. Score, grade, status, flags, inspector and reviewer are
/// the server's: sending them is refused (`unknown_field`).
#[derive(Debug, Clone, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportWriteRequest {
    pub unit_id: Uuid,
    /// The checklist version filled in (normally `/checklists/current`).
    pub checklist_id: Uuid,
    pub assignment_id: Option<Uuid>,
    pub channel: ChannelDto,
    /// The matter the inspector tried to get done (模拟事项).
    #[schema(min_length = 1, max_length = 500)]
    pub scenario: String,
    pub visit_started_at: DateTime<Utc>,
    pub visit_ended_at: DateTime<Utc>,
    #[validate(length(max = 100))]
    #[schema(max_items = 100)]
    pub ratings: Vec<RatingDto>,
    #[schema(max_length = 10000)]
    pub narrative: Option<String>,
    pub location: Option<LocationDto>,
    #[schema(max_length = 500)]
    pub device_info: Option<String>,
}

impl ReportWriteRequest {
    /// Identifies the content: the same request again has the same hash.
    pub fn content_hash(&self) -> String {
        let bytes = serde_json::to_vec(self).unwrap_or_default();
        crate::idempotency::request_hash("report-content", &bytes)
    }

    /// The content, and the ratings still to be checked against the checklist and unit type.
    pub fn parse(&self, now: DateTime<Utc>) -> Result<(ReportContent, Vec<RatingInput>), ApiError> {
        self.validate()?;
        let mut p = FieldParser::default();
        let scenario = p.take("scenario", Scenario::parse(&self.scenario));
        // Stored at microsecond precision; answer what will be read back.
        let (started, ended) = (
            self.visit_started_at.trunc_subsecs(6),
            self.visit_ended_at.trunc_subsecs(6),
        );
        let visit = match VisitWindow::new(started, ended, now) {
            Ok(v) => Some(v),
            Err(e) => {
                let rule = match e {
                    anfang_domain::report::VisitError::EndBeforeStart => Rule::VisitEndsBeforeStart,
                    anfang_domain::report::VisitError::InFuture => Rule::VisitInFuture,
                };
                p.push("visit_ended_at", rule.into());
                None
            }
        };
        let narrative = p.take_opt("narrative", self.narrative.as_deref().map(Narrative::parse));
        let device = p.take_opt(
            "device_info",
            self.device_info.as_deref().map(DeviceInfo::parse),
        );
        let location = match &self.location {
            None => Some(None),
            Some(l) => GeoPoint::new(l.latitude, l.longitude)
                .and_then(|point| PhoneLocation::new(point, l.accuracy_m))
                .map_err(|e| p.push("location", e.into()))
                .ok()
                .map(Some),
        };
        let mut ratings = Vec::with_capacity(self.ratings.len());
        for (i, r) in self.ratings.iter().enumerate() {
            let code = p.take(
                &format!("ratings[{i}].item_code"),
                ItemCode::parse(&r.item_code),
            );
            let note = p.take_opt(
                &format!("ratings[{i}].note"),
                r.note.as_deref().map(Note::parse),
            );
            let citation = p.take_opt(
                &format!("ratings[{i}].citation"),
                r.citation.as_ref().map(|c| {
                    Citation::new(RecordingId::from_uuid(c.recording_id), c.start_s, c.end_s)
                }),
            );
            if let (Some(item_code), Some(note), Some(citation)) = (code, note, citation) {
                ratings.push(RatingInput {
                    item_code,
                    outcome: r.outcome.map(Outcome::from),
                    value: r.value,
                    unanswered: r.unanswered,
                    note,
                    citation,
                });
            }
        }
        let (Some(scenario), Some(visit), Some(narrative), Some(device), Some(location)) =
            (scenario, visit, narrative, device, location)
        else {
            return Err(p.into_error());
        };
        if !p.is_clean() {
            return Err(p.into_error());
        }
        Ok((
            ReportContent {
                unit_id: UnitId::from_uuid(self.unit_id),
                checklist_id: ChecklistId::from_uuid(self.checklist_id),
                assignment_id: self.assignment_id.map(AssignmentId::from_uuid),
                channel: self.channel.into(),
                scenario,
                visit,
                narrative,
                location,
                device,
            },
            ratings,
        ))
    }
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum DecisionDto {
    Approve,
    Return,
    Reject,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewRequest {
    pub decision: DecisionDto,
    /// Required to return or reject: the inspector reads it.
    #[schema(max_length = 2000)]
    pub comment: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RatingResponse {
    pub item_code: String,
    /// For measured items, derived by the server.
    pub outcome: OutcomeDto,
    pub value: Option<f64>,
    pub unanswered: bool,
    pub note: Option<String>,
    pub citation: Option<CitationDto>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LeaseResponse {
    pub holder_id: Uuid,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReportResponse {
    pub id: Uuid,
    pub unit_id: Uuid,
    /// The unit by name, with the type and district it had when visited.
    pub unit: PlaceResponse,
    pub inspector_id: Uuid,
    /// The inspector's display name.
    pub inspector_name: String,
    pub checklist_id: Uuid,
    pub assignment_id: Option<Uuid>,
    /// draft, submitted, in_review, approved, returned or rejected.
    pub status: String,
    /// Also the `ETag`.
    pub version: u32,
    /// 0 to 100 in steps of 0.5, computed by the server.
    pub score: f64,
    /// excellent (优秀), good (良好), pass (合格) or fail (不合格).
    pub grade: String,
    /// A `major` on a critical item: failed whatever the score.
    pub critical_failure: bool,
    /// Integrity flags, for reviewers (not shown to inspectors).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flags: Option<Vec<String>>,
    pub channel: String,
    pub scenario: String,
    pub visit_started_at: DateTime<Utc>,
    pub visit_ended_at: DateTime<Utc>,
    pub ratings: Vec<RatingResponse>,
    pub narrative: Option<String>,
    pub location: Option<LocationDto>,
    pub device_info: Option<String>,
    /// Who is reviewing it, until when (for reviewers).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lease: Option<LeaseResponse>,
    pub reviewer_id: Option<Uuid>,
    pub reviewer_name: Option<String>,
    pub review_comment: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub decided_at: Option<DateTime<Utc>>,
}

fn outcome_dto(o: Outcome) -> OutcomeDto {
    match o {
        Outcome::Ok => OutcomeDto::Ok,
        Outcome::Minor => OutcomeDto::Minor,
        Outcome::Major => OutcomeDto::Major,
        Outcome::Na => OutcomeDto::Na,
    }
}

impl ReportResponse {
    pub fn new(view: ReportView, viewer: Role) -> Self {
        let ReportView {
            report: r,
            place,
            inspector_name,
            reviewer_name,
        } = view;
        let shown = ReportFields::for_role(viewer);
        let reviewer_view = shown.review_details;
        let c = r.content;
        Self {
            id: r.id.as_uuid(),
            unit_id: c.unit_id.as_uuid(),
            unit: place.into(),
            inspector_id: r.inspector_id.as_uuid(),
            inspector_name,
            checklist_id: c.checklist_id.as_uuid(),
            assignment_id: c
                .assignment_id
                .filter(|_| shown.campaign_link)
                .map(|a| a.as_uuid()),
            status: r.status.as_str().to_owned(),
            version: r.version,
            score: r.scorecard.score.value(),
            grade: r.scorecard.grade.as_str().to_owned(),
            critical_failure: r.scorecard.critical_failure,
            flags: reviewer_view.then(|| r.flags.iter().map(|f| f.as_str().to_owned()).collect()),
            channel: c.channel.as_str().to_owned(),
            scenario: c.scenario.into_inner(),
            visit_started_at: c.visit.started(),
            visit_ended_at: c.visit.ended(),
            ratings: r
                .ratings
                .iter()
                .map(|rating| RatingResponse {
                    item_code: rating.item_code.as_str().to_owned(),
                    outcome: outcome_dto(rating.outcome),
                    value: rating.value,
                    unanswered: rating.unanswered,
                    note: rating.note.as_ref().map(|n| n.as_str().to_owned()),
                    citation: rating.citation.as_ref().map(CitationDto::of),
                })
                .collect(),
            narrative: c.narrative.map(Narrative::into_inner),
            location: c.location.map(|l| LocationDto {
                latitude: l.point().latitude(),
                longitude: l.point().longitude(),
                accuracy_m: l.accuracy_m(),
            }),
            device_info: c.device.map(DeviceInfo::into_inner),
            lease: r.lease.filter(|_| reviewer_view).map(|l| LeaseResponse {
                holder_id: l.holder.as_uuid(),
                expires_at: l.expires_at,
            }),
            reviewer_id: r.reviewer_id.map(|u| u.as_uuid()),
            reviewer_name,
            review_comment: r.review_comment.map(|c| c.into_inner()),
            created_at: r.created_at,
            updated_at: r.updated_at,
            submitted_at: r.submitted_at,
            decided_at: r.decided_at,
        }
    }
}

/// A line of the queue.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportSummaryResponse {
    pub id: Uuid,
    pub unit_id: Uuid,
    pub unit_type: String,
    pub district: String,
    /// The unit by name, with the type and district it had when visited.
    pub unit: PlaceResponse,
    pub inspector_id: Uuid,
    /// The inspector's display name.
    pub inspector_name: String,
    pub status: String,
    pub version: u32,
    pub score: f64,
    pub grade: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flags: Option<Vec<String>>,
    pub channel: String,
    pub visit_started_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lease: Option<LeaseResponse>,
    /// While in the queue (reviewers only): how long it has waited.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waiting: Option<WaitingResponse>,
}

/// Review health: a report's time in the queue.
#[derive(Debug, Serialize, ToSchema)]
pub struct WaitingResponse {
    /// When it entered the queue (last submitted).
    pub since: DateTime<Utc>,
    pub hours: i64,
    /// Longer than the `review_wait_alert_hours` setting.
    pub too_long: bool,
}

impl ReportSummaryResponse {
    pub fn new(line: QueueLine, viewer: Role) -> Self {
        let reviewer_view = ReportFields::for_role(viewer).review_details;
        let QueueLine {
            summary: s,
            waiting,
            place,
            inspector_name,
        } = line;
        Self {
            waiting: waiting.filter(|_| reviewer_view).map(|w| WaitingResponse {
                since: w.since,
                hours: w.hours,
                too_long: w.too_long,
            }),
            id: s.id.as_uuid(),
            unit_id: s.unit_id.as_uuid(),
            unit_type: s.unit_type,
            district: s.district,
            unit: place.into(),
            inspector_id: s.inspector_id.as_uuid(),
            inspector_name,
            status: s.status.as_str().to_owned(),
            version: s.version,
            score: s.score.value(),
            grade: s.grade.as_str().to_owned(),
            flags: reviewer_view.then(|| s.flags.iter().map(|f| f.as_str().to_owned()).collect()),
            channel: s.channel,
            visit_started_at: s.visit_started_at,
            submitted_at: s.submitted_at,
            lease: s.lease.filter(|_| reviewer_view).map(|l| LeaseResponse {
                holder_id: l.holder.as_uuid(),
                expires_at: l.expires_at,
            }),
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportListQuery {
    #[param(pattern = "^(draft|submitted|in_review|approved|returned|rejected)$")]
    pub status: Option<String>,
    #[param(pattern = "^[A-Z]{3}$")]
    pub unit_type: Option<String>,
    #[param(
        pattern = "^(1[1-5]|2[1-3]|3[1-7]|4[1-6]|5[0-4]|6[1-5]|71|8[12])[0-9]{2}(0[1-9]|[1-9][0-9])$"
    )]
    pub district: Option<String>,
    pub unit_id: Option<Uuid>,
    /// Only reports with (or without) integrity flags.
    pub flagged: Option<bool>,
    /// Visits starting on or after this day (the bureau's time zone) or time.
    #[param(value_type = Option<DayOrTime>, inline)]
    pub visited_from: Option<String>,
    /// Visits starting on or before this day (the whole day), or before this time.
    #[param(value_type = Option<DayOrTime>, inline)]
    pub visited_until: Option<String>,
    /// Reports of this campaign's drawn visits.
    pub campaign_id: Option<Uuid>,
}

impl ReportListQuery {
    pub fn parse(&self) -> Result<(ReportFilter, DayRange), ApiError> {
        let mut p = FieldParser::default();
        let visited = days(
            &mut p,
            ("visited_from", &self.visited_from),
            ("visited_until", &self.visited_until),
        );
        let status = p.take_opt(
            "status",
            self.status.as_deref().map(str::parse::<ReportStatus>),
        );
        let unit_type = p.take_opt(
            "unit_type",
            self.unit_type.as_deref().map(UnitTypeCode::parse),
        );
        let district = p.take_opt(
            "district",
            self.district.as_deref().map(DistrictCode::parse),
        );
        let (Some(status), Some(unit_type), Some(district), Some(visited)) =
            (status, unit_type, district, visited)
        else {
            return Err(p.into_parameter_error());
        };
        let filter = ReportFilter {
            status,
            unit_type,
            district,
            unit_id: self.unit_id.map(UnitId::from_uuid),
            flagged: self.flagged,
            visited_from: None,
            visited_until: None,
            campaign_id: self
                .campaign_id
                .map(anfang_domain::ids::CampaignId::from_uuid),
        };
        Ok((filter, visited))
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryEntryResponse {
    pub at: DateTime<Utc>,
    pub actor_id: Uuid,
    /// create, submit, claim, approve, return or reject.
    pub action: String,
    pub from_status: Option<String>,
    pub to_status: String,
    pub comment: Option<String>,
}
