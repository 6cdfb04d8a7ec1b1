use anfang_domain::settings::Settings;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Tunable rules. Every field is optional when changing them.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SettingsDto {
    /// A visit shorter than this is flagged as implausible.
    #[schema(minimum = 0, maximum = 240)]
    pub min_visit_minutes: Option<i64>,
    /// A visit longer than this is flagged as implausible.
    #[schema(minimum = 1, maximum = 1440)]
    pub max_visit_minutes: Option<i64>,
    /// A report submitted later than this after the visit is flagged.
    #[schema(minimum = 1, maximum = 720)]
    pub late_submission_hours: Option<i64>,
    /// A phone whose clock is further than this from the server's is flagged
    /// (`device_clock_skew`).
    #[schema(minimum = 1, maximum = 1440)]
    pub clock_skew_minutes: Option<i64>,
    /// How long a supervisor's claim on a report lasts.
    #[schema(minimum = 1, maximum = 1440)]
    pub review_lease_minutes: Option<i64>,
    /// Days a unit has to rectify a major or critical finding (立即整改).
    #[schema(minimum = 1, maximum = 90)]
    pub major_deadline_days: Option<i64>,
    /// Days a unit has to rectify a minor finding (限期整改).
    #[schema(minimum = 1, maximum = 365)]
    pub minor_deadline_days: Option<i64>,
    /// Units with fewer inspections in a month are listed in the notice but not ranked.
    #[schema(minimum = 1, maximum = 100)]
    pub notice_min_inspections: Option<i64>,
    /// A report waiting in the review queue longer than this many hours is marked.
    #[schema(minimum = 1, maximum = 720)]
    pub review_wait_alert_hours: Option<i64>,
}

impl SettingsDto {
    pub fn changes(&self) -> Vec<(&'static str, i64)> {
        [
            ("min_visit_minutes", self.min_visit_minutes),
            ("max_visit_minutes", self.max_visit_minutes),
            ("late_submission_hours", self.late_submission_hours),
            ("clock_skew_minutes", self.clock_skew_minutes),
            ("review_lease_minutes", self.review_lease_minutes),
            ("major_deadline_days", self.major_deadline_days),
            ("minor_deadline_days", self.minor_deadline_days),
            ("notice_min_inspections", self.notice_min_inspections),
            ("review_wait_alert_hours", self.review_wait_alert_hours),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect()
    }
}

impl From<Settings> for SettingsDto {
    fn from(s: Settings) -> Self {
        let get = |key: &str| {
            s.values()
                .into_iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v)
        };
        Self {
            min_visit_minutes: get("min_visit_minutes"),
            max_visit_minutes: get("max_visit_minutes"),
            late_submission_hours: get("late_submission_hours"),
            clock_skew_minutes: get("clock_skew_minutes"),
            review_lease_minutes: get("review_lease_minutes"),
            major_deadline_days: get("major_deadline_days"),
            minor_deadline_days: get("minor_deadline_days"),
            notice_min_inspections: get("notice_min_inspections"),
            review_wait_alert_hours: get("review_wait_alert_hours"),
        }
    }
}
