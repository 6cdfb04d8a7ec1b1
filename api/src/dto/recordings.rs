use anfang_domain::auth::Role;
use anfang_domain::report::{Recording, ReportFields};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Serialize, ToSchema)]
pub struct RecordingLocation {
    pub latitude: f64,
    pub longitude: f64,
}

/// A recording of a report, or of a finding's rectification: what it is, as read from its
/// own bytes.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecordingResponse {
    pub id: Uuid,
    /// The report it is evidence of (for a rectification's, the finding's report).
    pub report_id: Uuid,
    /// Set when the unit sent it with this finding's rectification.
    pub finding_id: Option<Uuid>,
    /// `audio` or `video`.
    pub media: String,
    /// m4a, amr, mp3, ogg, wav, mp4, mov or 3gp.
    pub format: String,
    pub bytes: u64,
    /// SHA-256 of the file as uploaded.
    pub sha256: String,
    /// As its container says: MP4, MOV, 3GP and M4A in their index, WAV in its data chunk,
    /// MP3 in its Xing/VBRI tag or by its bitrate, Ogg by its last page; AMR says nothing.
    pub duration_ms: Option<u64>,
    /// When the recording began, as its container says.
    pub recorded_at: Option<DateTime<Utc>>,
    /// Where, as its container says: for reviewers only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<RecordingLocation>,
    pub created_at: DateTime<Utc>,
}

impl RecordingResponse {
    pub fn new(r: Recording, viewer: Role) -> Self {
        let reviewer = ReportFields::for_role(viewer).review_details;
        Self {
            id: r.id.as_uuid(),
            report_id: r.report_id.as_uuid(),
            finding_id: r.finding_id.map(|f| f.as_uuid()),
            media: r.media.as_str().to_owned(),
            format: r.format.as_str().to_owned(),
            bytes: r.byte_size,
            sha256: r.sha256,
            duration_ms: r.duration_ms,
            recorded_at: r.recorded_at,
            location: r.location.filter(|_| reviewer).map(|l| RecordingLocation {
                latitude: l.latitude(),
                longitude: l.longitude(),
            }),
            created_at: r.created_at,
        }
    }
}
