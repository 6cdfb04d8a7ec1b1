use anfang_domain::auth::Role;
use anfang_domain::report::{IntegrityFlag, Photo, ReportFields};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// `multipart/form-data` of a photo upload; other fields are refused.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct PhotoUploadForm {
    /// JPEG, PNG or WebP (GIF: the first frame), at most 20 MiB, 8192 px a side, 50 MP.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    /// Chosen by the phone, so that a retried upload returns the same photo.
    photo_id: Option<Uuid>,
    /// The checklist item this photo is evidence for, e.g. `PRC-07`.
    item_code: Option<String>,
    caption: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PhotoResponse {
    pub id: Uuid,
    pub report_id: Uuid,
    pub item_code: Option<String>,
    pub caption: Option<String>,
    /// SHA-256 of the original as uploaded.
    pub sha256: String,
    /// Upright dimensions.
    pub width: u32,
    pub height: u32,
    /// From EXIF, when the camera recorded it.
    pub captured_at: Option<DateTime<Utc>>,
    /// For reviewers: photo_outside_visit, photo_outside_geofence, duplicate_photo,
    /// near_duplicate_photo, no_capture_metadata.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flags: Option<Vec<String>>,
    /// When the server received it, by the server's clock (beside the camera's `captured_at`).
    pub created_at: DateTime<Utc>,
    /// For reviewers: how many seconds the phone's clock (its `Date` header) was ahead of the
    /// server's when it sent the photo (negative: behind), if it said.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_clock_offset_s: Option<i64>,
}

impl PhotoResponse {
    pub fn new(photo: Photo, flags: &[IntegrityFlag], viewer: Role) -> Self {
        let reviewer = ReportFields::for_role(viewer).review_details;
        Self {
            id: photo.id.as_uuid(),
            report_id: photo.report_id.as_uuid(),
            item_code: photo.item_code.map(|c| c.as_str().to_owned()),
            caption: photo.caption.map(|c| c.into_inner()),
            sha256: photo.sha256,
            width: photo.width,
            height: photo.height,
            captured_at: photo.captured_at,
            flags: reviewer.then(|| flags.iter().map(|f| f.as_str().to_owned()).collect()),
            created_at: photo.created_at,
            device_clock_offset_s: photo
                .device_clock_offset
                .filter(|_| reviewer)
                .map(|d| d.num_seconds()),
        }
    }
}

#[derive(Debug, Clone, Copy, Deserialize, ToSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum PhotoVariant {
    Thumb,
    #[default]
    Display,
    /// The evidence as uploaded: supervisors and admins only, every download audited.
    Original,
}

impl PhotoVariant {
    pub fn as_str(self) -> &'static str {
        match self {
            PhotoVariant::Thumb => "thumb",
            PhotoVariant::Display => "display",
            PhotoVariant::Original => "original",
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PhotoQuery {
    /// thumb (~320 px), display (~1600 px, the default) or original.
    #[param(inline)]
    pub variant: Option<PhotoVariant>,
}

#[derive(Debug, Clone, Copy, Deserialize, ToSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceVariant {
    Thumb,
    #[default]
    Display,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EvidenceQuery {
    /// thumb (~320 px) or display (~1600 px, the default); never the original.
    #[param(inline)]
    pub variant: Option<EvidenceVariant>,
}

impl EvidenceQuery {
    pub fn size(&self) -> (anfang_usecases::finding_views::EvidenceSize, PhotoVariant) {
        use anfang_usecases::finding_views::EvidenceSize;
        match self.variant.unwrap_or_default() {
            EvidenceVariant::Thumb => (EvidenceSize::Thumb, PhotoVariant::Thumb),
            EvidenceVariant::Display => (EvidenceSize::Display, PhotoVariant::Display),
        }
    }
}
