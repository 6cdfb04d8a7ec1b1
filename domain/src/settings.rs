//! Rules the bureau may tune (admins, `/settings`), with the defaults of the spec.

use chrono::Duration;
use thiserror::Error;

use crate::report::IntegritySettings;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    pub integrity: IntegritySettings,
    /// How long a unit has to rectify a finding.
    pub deadlines: crate::finding::DeadlineSettings,
    /// How long a supervisor's claim on a report lasts (SPEC §3.4: 30 minutes).
    pub review_lease: Duration,
    /// Units with fewer inspections in a month are listed in the notice but not ranked.
    pub notice_min_inspections: u64,
    /// A report waiting in the review queue longer than this is marked (review health).
    pub review_wait_alert: Duration,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            integrity: IntegritySettings::default(),
            deadlines: crate::finding::DeadlineSettings::default(),
            review_lease: Duration::minutes(30),
            notice_min_inspections: crate::notice::MIN_INSPECTIONS_TO_RANK,
            review_wait_alert: Duration::hours(48),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SettingsError {
    #[error("{key} must be a whole number from {min} to {max}")]
    OutOfRange {
        key: &'static str,
        min: i64,
        max: i64,
    },
    #[error("the shortest plausible visit must be shorter than the longest")]
    VisitBounds,
}

/// One tunable value: its storage key, its bounds, and where it lives in [`Settings`].
pub struct SettingKey {
    pub key: &'static str,
    pub min: i64,
    pub max: i64,
    get: fn(&Settings) -> i64,
    set: fn(&mut Settings, i64),
}

pub const KEYS: [SettingKey; 9] = [
    SettingKey {
        key: "min_visit_minutes",
        min: 0,
        max: 240,
        get: |s| s.integrity.min_visit.num_minutes(),
        set: |s, v| s.integrity.min_visit = Duration::minutes(v),
    },
    SettingKey {
        key: "max_visit_minutes",
        min: 1,
        max: 1440,
        get: |s| s.integrity.max_visit.num_minutes(),
        set: |s, v| s.integrity.max_visit = Duration::minutes(v),
    },
    SettingKey {
        key: "late_submission_hours",
        min: 1,
        max: 24 * 30,
        get: |s| s.integrity.late_after.num_hours(),
        set: |s, v| s.integrity.late_after = Duration::hours(v),
    },
    SettingKey {
        key: "clock_skew_minutes",
        min: 1,
        max: 24 * 60,
        get: |s| s.integrity.clock_skew.num_minutes(),
        set: |s, v| s.integrity.clock_skew = Duration::minutes(v),
    },
    SettingKey {
        key: "review_lease_minutes",
        min: 1,
        max: 24 * 60,
        get: |s| s.review_lease.num_minutes(),
        set: |s, v| s.review_lease = Duration::minutes(v),
    },
    SettingKey {
        key: "major_deadline_days",
        min: 1,
        max: 90,
        get: |s| s.deadlines.major.num_days(),
        set: |s, v| s.deadlines.major = Duration::days(v),
    },
    SettingKey {
        key: "minor_deadline_days",
        min: 1,
        max: 365,
        get: |s| s.deadlines.minor.num_days(),
        set: |s, v| s.deadlines.minor = Duration::days(v),
    },
    SettingKey {
        key: "notice_min_inspections",
        min: 1,
        max: 100,
        get: |s| s.notice_min_inspections as i64,
        set: |s, v| s.notice_min_inspections = v.unsigned_abs(),
    },
    SettingKey {
        key: "review_wait_alert_hours",
        min: 1,
        max: 24 * 30,
        get: |s| s.review_wait_alert.num_hours(),
        set: |s, v| s.review_wait_alert = Duration::hours(v),
    },
];

impl Settings {
    /// Every value by key, for storage and display.
    pub fn values(&self) -> Vec<(&'static str, i64)> {
        KEYS.iter().map(|k| (k.key, (k.get)(self))).collect()
    }

    /// The settings with `changes` applied, or the first reason they cannot be.
    /// Unknown keys are ignored here; the caller only passes known ones.
    pub fn with(&self, changes: &[(&str, i64)]) -> Result<Settings, SettingsError> {
        let mut next = *self;
        for (key, value) in changes {
            if let Some(k) = KEYS.iter().find(|k| k.key == *key) {
                if !(k.min..=k.max).contains(value) {
                    return Err(SettingsError::OutOfRange {
                        key: k.key,
                        min: k.min,
                        max: k.max,
                    });
                }
                (k.set)(&mut next, *value);
            }
        }
        if next.integrity.min_visit >= next.integrity.max_visit {
            return Err(SettingsError::VisitBounds);
        }
        Ok(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_through_their_values() {
        let changed = Settings::default()
            .with(&[("review_lease_minutes", 45)])
            .unwrap();
        assert_eq!(changed.review_lease, Duration::minutes(45));
        let values: Vec<(&str, i64)> = changed.values();
        let back = Settings::default()
            .with(&values.iter().map(|(k, v)| (*k, *v)).collect::<Vec<_>>())
            .unwrap();
        assert_eq!(back, changed);
    }

    #[test]
    fn out_of_range_or_inconsistent_values_are_refused() {
        assert!(
            Settings::default()
                .with(&[("review_lease_minutes", 0)])
                .is_err()
        );
        assert_eq!(
            Settings::default().with(&[("min_visit_minutes", 100), ("max_visit_minutes", 50)]),
            Err(SettingsError::VisitBounds)
        );
    }
}
