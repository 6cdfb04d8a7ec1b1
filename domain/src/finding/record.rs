//! A finding as stored and shown.

use chrono::{DateTime, Utc};

use super::{AppealDecision, FindingStatus, Severity};
use crate::catalog::ItemCode;
use crate::ids::{FindingId, ReportId, UnitId, UserId};

crate::bounded_text!(
    /// What the unit did to put it right, or why it disagrees (appeal), or a supervisor's note.
    FindingText, max = 5000, multiline = true
);

#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub id: FindingId,
    pub report_id: ReportId,
    pub unit_id: UnitId,
    pub item_code: ItemCode,
    pub severity: Severity,
    pub critical: bool,
    pub status: FindingStatus,
    pub deadline: DateTime<Utc>,
    pub repeat: bool,
    pub visit_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
    pub rectification: Option<FindingText>,
    pub rectified_at: Option<DateTime<Utc>>,
    pub verdict_comment: Option<FindingText>,
    pub verified_by: Option<UserId>,
    /// When a supervisor confirmed the rectification: the finding is closed out (销号).
    pub verified_at: Option<DateTime<Utc>>,
    pub appeal_reason: Option<FindingText>,
    pub appealed_at: Option<DateTime<Utc>>,
    pub appeal_decision: Option<(AppealDecision, UserId, DateTime<Utc>)>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}
