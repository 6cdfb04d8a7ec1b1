use anfang_usecases::uploads::UploadView;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// Where a resumable upload stands.
#[derive(Debug, Serialize, ToSchema)]
pub struct UploadResponse {
    pub id: Uuid,
    /// The report the file is evidence of (for a rectification's, the finding's report).
    pub report_id: Uuid,
    /// Set when the file is evidence of this finding's rectification.
    pub finding_id: Option<Uuid>,
    /// `photo` or `recording`.
    pub kind: String,
    /// The id the photo or recording will have (the one declared in the manifest).
    pub evidence_id: Uuid,
    /// `Upload-Length`: the file's size in bytes.
    pub length: u64,
    /// `Upload-Offset`: bytes received so far.
    pub offset: u64,
    /// `Upload-Expires`: an unfinished upload expires then unless it moves on.
    pub expires_at: Option<DateTime<Utc>>,
    pub complete: bool,
}

impl From<&UploadView> for UploadResponse {
    fn from(u: &UploadView) -> Self {
        Self {
            id: u.id.as_uuid(),
            report_id: u.report_id.as_uuid(),
            finding_id: u.finding_id.map(|f| f.as_uuid()),
            kind: u.kind.as_str().to_owned(),
            evidence_id: u.evidence_id.as_uuid(),
            length: u.length,
            offset: u.offset,
            expires_at: u.expires_at,
            complete: u.complete,
        }
    }
}
