//! Photos the unit sends with its rectification (整改照片), while the finding awaits it.

use chrono::{DateTime, Utc};

use super::FindingStatus;
use crate::ids::{BlobId, FindingId, PhotoId, UserId};
use crate::report::Caption;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RectificationPhoto {
    pub id: PhotoId,
    pub finding_id: FindingId,
    /// Where its files are stored.
    pub blob: BlobId,
    pub caption: Option<Caption>,
    /// jpeg, png, webp or gif, as sniffed from the bytes.
    pub format: String,
    pub byte_size: u64,
    pub sha256: String,
    pub width: u32,
    pub height: u32,
    pub uploaded_by: UserId,
    pub created_at: DateTime<Utc>,
}

/// Photos go with a rectification: only while the finding waits for the unit.
pub fn accepts_rectification_photos(status: FindingStatus) -> bool {
    status.awaits_unit()
}
