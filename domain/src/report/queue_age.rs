//! Review health: how long a report has waited in the queue, and whether that is too long by
//! the bureau's setting, so that supervisors see what is being left behind.

use chrono::{DateTime, Duration, Utc};

use super::ReportStatus;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Waiting {
    pub since: DateTime<Utc>,
    pub hours: i64,
    /// Longer than the setting allows.
    pub too_long: bool,
}

/// A report waits while it is submitted or under review; anything else does not wait.
pub fn waiting(
    status: ReportStatus,
    queued_at: DateTime<Utc>,
    now: DateTime<Utc>,
    alert_after: Duration,
) -> Option<Waiting> {
    if !matches!(status, ReportStatus::Submitted | ReportStatus::InReview) {
        return None;
    }
    let waited = (now - queued_at).max(Duration::zero());
    Some(Waiting {
        since: queued_at,
        hours: waited.num_hours(),
        too_long: waited > alert_after,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_waits_in_the_queue_and_is_marked_past_the_setting() {
        let queued = DateTime::parse_from_rfc3339("2026-12-01T08:00:00Z")
            .unwrap()
            .to_utc();
        let alert = Duration::hours(48);
        let after = |h: i64| queued + Duration::hours(h) + Duration::minutes(1);
        let at = |h, status| waiting(status, queued, after(h), alert);
        assert_eq!(
            at(3, ReportStatus::Submitted).map(|w| (w.hours, w.too_long)),
            Some((3, false))
        );
        assert_eq!(
            at(48, ReportStatus::InReview).map(|w| w.too_long),
            Some(true)
        );
        for done in [
            ReportStatus::Draft,
            ReportStatus::Approved,
            ReportStatus::Returned,
            ReportStatus::Rejected,
        ] {
            assert_eq!(at(100, done), None, "{done:?}");
        }
    }
}
