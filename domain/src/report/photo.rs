//! Photo evidence as the rules see it: where and when it was taken, whether it was seen before.

use chrono::{DateTime, Duration, Utc};

use super::{IntegrityFlag, VisitWindow};
use crate::catalog::{GeoPoint, GeofenceRadius, ItemCode};
use crate::ids::{BlobId, PhotoId, ReportId, UserId};

crate::bounded_text!(
    /// What the photo shows, in the inspector's words.
    Caption, max = 500, multiline = false
);

#[derive(Debug, Clone, PartialEq)]
pub struct Photo {
    pub id: PhotoId,
    pub report_id: ReportId,
    /// Where its files are stored.
    pub blob: BlobId,
    pub item_code: Option<ItemCode>,
    pub caption: Option<Caption>,
    /// jpeg, png, webp or gif: the original's type.
    pub format: String,
    pub byte_size: u64,
    pub sha256: String,
    pub phash: u64,
    pub width: u32,
    pub height: u32,
    pub captured_at: Option<DateTime<Utc>>,
    pub location: Option<GeoPoint>,
    pub duplicate_of: Option<PhotoId>,
    pub near_duplicate_of: Option<PhotoId>,
    pub uploaded_by: UserId,
    /// When the server received it.
    pub created_at: DateTime<Utc>,
    /// How far the phone's clock was from the server's when it sent the photo, if it said.
    pub device_clock_offset: Option<Duration>,
}

/// Clocks drift and a photo of the queue may be taken just before the visit "starts".
pub const CAPTURE_TOLERANCE: Duration = Duration::minutes(30);

/// The flags a photo raises against the visit and the unit.
pub fn photo_flags(
    photo: &Photo,
    visit: &VisitWindow,
    unit: Option<(GeoPoint, GeofenceRadius)>,
) -> Vec<IntegrityFlag> {
    let mut flags = Vec::new();
    match photo.captured_at {
        None => flags.push(IntegrityFlag::NoCaptureMetadata),
        Some(at)
            if at < visit.started() - CAPTURE_TOLERANCE
                || at > visit.ended() + CAPTURE_TOLERANCE =>
        {
            flags.push(IntegrityFlag::PhotoOutsideVisit);
        }
        Some(_) => {}
    }
    if let (Some(taken), Some((unit_at, fence))) = (photo.location, unit)
        && taken.distance_m(&unit_at) > f64::from(fence.metres())
    {
        flags.push(IntegrityFlag::PhotoOutsideGeofence);
    }
    if photo.duplicate_of.is_some() {
        flags.push(IntegrityFlag::DuplicatePhoto);
    }
    if photo.near_duplicate_of.is_some() {
        flags.push(IntegrityFlag::NearDuplicatePhoto);
    }
    flags
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minutes: i64) -> DateTime<Utc> {
        DateTime::<Utc>::UNIX_EPOCH + Duration::minutes(minutes)
    }

    fn photo(captured: Option<i64>, location: Option<(f64, f64)>) -> Photo {
        Photo {
            id: PhotoId::new_random(),
            report_id: ReportId::new_random(),
            blob: BlobId::new_random(),
            item_code: None,
            caption: None,
            format: "jpeg".into(),
            byte_size: 1,
            sha256: String::new(),
            phash: 0,
            width: 1,
            height: 1,
            captured_at: captured.map(at),
            location: location.map(|(la, lo)| GeoPoint::new(la, lo).unwrap()),
            duplicate_of: None,
            near_duplicate_of: None,
            uploaded_by: UserId::new_random(),
            created_at: at(0),
            device_clock_offset: None,
        }
    }

    #[test]
    fn a_photo_from_another_time_or_place_is_flagged() {
        let visit = VisitWindow::new(at(600), at(630), at(700)).unwrap();
        let unit = Some((
            GeoPoint::new(30.25, 120.17).unwrap(),
            GeofenceRadius::DEFAULT,
        ));
        assert!(photo_flags(&photo(Some(610), Some((30.2501, 120.1701))), &visit, unit).is_empty());
        assert!(
            photo_flags(&photo(Some(580), None), &visit, unit).is_empty(),
            "within the tolerance"
        );
        assert_eq!(
            photo_flags(&photo(Some(500), None), &visit, unit),
            [IntegrityFlag::PhotoOutsideVisit]
        );
        assert_eq!(
            photo_flags(&photo(Some(610), Some((30.27, 120.17))), &visit, unit),
            [IntegrityFlag::PhotoOutsideGeofence]
        );
        assert!(
            photo_flags(&photo(Some(610), Some((30.27, 120.17))), &visit, None).is_empty(),
            "a unit without a position"
        );
    }

    #[test]
    fn a_photo_without_a_capture_time_is_flagged_as_such() {
        let visit = VisitWindow::new(at(600), at(630), at(700)).unwrap();
        let unit = Some((
            GeoPoint::new(30.25, 120.17).unwrap(),
            GeofenceRadius::DEFAULT,
        ));
        assert_eq!(
            photo_flags(&photo(None, Some((30.2501, 120.1701))), &visit, unit),
            [IntegrityFlag::NoCaptureMetadata],
            "where it was taken does not say when"
        );
        assert_eq!(
            photo_flags(&photo(None, None), &visit, None),
            [IntegrityFlag::NoCaptureMetadata]
        );
    }
}
