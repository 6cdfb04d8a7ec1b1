//! Integrity flags (不准虚报假报): signals shown to supervisors, never blocking.

use chrono::{DateTime, Duration, Utc};

/// Something about a report a supervisor should look at twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IntegrityFlag {
    /// The visit was implausibly short or long.
    ImplausibleDuration,
    /// Submitted long after the visit ended.
    LateSubmission,
    /// A photo was taken outside the visit window.
    PhotoOutsideVisit,
    /// A photo's GPS position is outside the unit's geofence.
    PhotoOutsideGeofence,
    /// The same photo is in another report.
    DuplicatePhoto,
    /// A nearly identical photo is in another report.
    NearDuplicatePhoto,
    /// A photo carries no capture time (no EXIF, or stripped by an app that resends it), so
    /// nothing shows it was taken during the visit.
    NoCaptureMetadata,
    /// The phone's clock was off by more than the tolerance: so its visit times cannot be
    /// taken at their word.
    DeviceClockSkew,
}

impl IntegrityFlag {
    pub const ALL: [IntegrityFlag; 8] = [
        IntegrityFlag::ImplausibleDuration,
        IntegrityFlag::LateSubmission,
        IntegrityFlag::PhotoOutsideVisit,
        IntegrityFlag::PhotoOutsideGeofence,
        IntegrityFlag::DuplicatePhoto,
        IntegrityFlag::NearDuplicatePhoto,
        IntegrityFlag::NoCaptureMetadata,
        IntegrityFlag::DeviceClockSkew,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            IntegrityFlag::ImplausibleDuration => "implausible_duration",
            IntegrityFlag::LateSubmission => "late_submission",
            IntegrityFlag::PhotoOutsideVisit => "photo_outside_visit",
            IntegrityFlag::PhotoOutsideGeofence => "photo_outside_geofence",
            IntegrityFlag::DuplicatePhoto => "duplicate_photo",
            IntegrityFlag::NearDuplicatePhoto => "near_duplicate_photo",
            IntegrityFlag::NoCaptureMetadata => "no_capture_metadata",
            IntegrityFlag::DeviceClockSkew => "device_clock_skew",
        }
    }
}

impl std::str::FromStr for IntegrityFlag {
    type Err = crate::catalog::CodeFormatError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        IntegrityFlag::ALL
            .into_iter()
            .find(|f| f.as_str() == s)
            .ok_or(crate::catalog::CodeFormatError {
                expected: "an integrity flag name",
            })
    }
}

/// Thresholds for the flags that need no photos.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IntegritySettings {
    pub min_visit: Duration,
    pub max_visit: Duration,
    pub late_after: Duration,
    /// How far a phone's clock may be from the server's before it is flagged.
    pub clock_skew: Duration,
}

impl Default for IntegritySettings {
    fn default() -> Self {
        Self {
            min_visit: Duration::minutes(2),
            max_visit: Duration::hours(8),
            late_after: Duration::hours(72),
            clock_skew: Duration::minutes(10),
        }
    }
}

/// The flags that follow from the visit times alone.
pub fn visit_flags(
    started: DateTime<Utc>,
    ended: DateTime<Utc>,
    submitted: DateTime<Utc>,
    settings: &IntegritySettings,
) -> Vec<IntegrityFlag> {
    let mut flags = Vec::new();
    let duration = ended - started;
    if duration < settings.min_visit || duration > settings.max_visit {
        flags.push(IntegrityFlag::ImplausibleDuration);
    }
    if submitted - ended > settings.late_after {
        flags.push(IntegrityFlag::LateSubmission);
    }
    flags
}

/// What a phone's clock said, next to the server's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockReading {
    /// The phone's clock when it sent a request (`Date`) less the server's on receiving it.
    Sent { offset: Duration },
    /// Something the phone's clock dated (a visit's end, a photo) and when the server received
    /// it: it cannot have happened after.
    Dated {
        happened: DateTime<Utc>,
        received: DateTime<Utc>,
    },
}

/// Whether any reading puts the phone's clock further from the server's than `tolerance`.
pub fn clock_skewed(readings: impl IntoIterator<Item = ClockReading>, tolerance: Duration) -> bool {
    readings.into_iter().any(|reading| match reading {
        ClockReading::Sent { offset } => offset.abs() > tolerance,
        ClockReading::Dated { happened, received } => happened - received > tolerance,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minutes: i64) -> DateTime<Utc> {
        DateTime::<Utc>::UNIX_EPOCH + Duration::minutes(minutes)
    }

    #[test]
    fn a_normal_visit_raises_no_flag() {
        assert!(visit_flags(at(0), at(25), at(60), &IntegritySettings::default()).is_empty());
    }

    #[test]
    fn too_short_too_long_and_late_visits_are_flagged() {
        let s = IntegritySettings::default();
        assert_eq!(
            visit_flags(at(0), at(1), at(2), &s),
            [IntegrityFlag::ImplausibleDuration]
        );
        assert_eq!(
            visit_flags(at(0), at(9 * 60), at(9 * 60), &s),
            [IntegrityFlag::ImplausibleDuration]
        );
        assert_eq!(
            visit_flags(at(0), at(30), at(30 + 73 * 60), &s),
            [IntegrityFlag::LateSubmission]
        );
    }

    #[test]
    fn a_clock_off_beyond_the_tolerance_either_way_is_skewed() {
        let tolerance = Duration::minutes(10);
        let sent = |minutes| ClockReading::Sent {
            offset: Duration::minutes(minutes),
        };
        assert!(!clock_skewed([sent(9), sent(-9)], tolerance));
        assert!(clock_skewed([sent(-11)], tolerance));
        assert!(clock_skewed([sent(0), sent(11)], tolerance));
    }

    #[test]
    fn nothing_dated_after_the_server_received_it_is_believed() {
        let tolerance = Duration::minutes(10);
        let dated = |happened, received| ClockReading::Dated {
            happened: at(happened),
            received: at(received),
        };
        assert!(!clock_skewed([dated(0, 60), dated(65, 60)], tolerance));
        assert!(
            clock_skewed([dated(71, 60)], tolerance),
            "a visit ending in the future"
        );
        assert!(!clock_skewed([], tolerance));
    }
}
