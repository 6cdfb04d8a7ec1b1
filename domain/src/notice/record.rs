//! A notice as stored: a draft until a supervisor publishes it, then a frozen snapshot.

use chrono::{DateTime, Utc};
use thiserror::Error;

use super::{NoticeContent, NoticePeriod};
use crate::ids::{NoticeId, UserId};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeStatus {
    Draft,
    Published,
}

impl NoticeStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            NoticeStatus::Draft => "draft",
            NoticeStatus::Published => "published",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "draft" => Some(NoticeStatus::Draft),
            "published" => Some(NoticeStatus::Published),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum NoticeError {
    #[error("the notice is published: it is a snapshot and never changes")]
    Published,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub id: NoticeId,
    pub period: NoticePeriod,
    pub status: NoticeStatus,
    pub content: NoticeContent,
    pub generated_at: DateTime<Utc>,
    pub generated_by: Option<UserId>,
    pub published_at: Option<DateTime<Utc>>,
    pub published_by: Option<UserId>,
}

impl Notice {
    /// Only a draft may be generated again (it then reflects the data as they are now).
    pub fn regenerate(
        &mut self,
        content: NoticeContent,
        now: DateTime<Utc>,
        by: Option<UserId>,
    ) -> Result<(), NoticeError> {
        if self.status == NoticeStatus::Published {
            return Err(NoticeError::Published);
        }
        self.content = content;
        self.generated_at = now;
        self.generated_by = by;
        Ok(())
    }

    pub fn publish(&mut self, now: DateTime<Utc>, by: UserId) -> Result<(), NoticeError> {
        if self.status == NoticeStatus::Published {
            return Err(NoticeError::Published);
        }
        self.status = NoticeStatus::Published;
        self.published_at = Some(now);
        self.published_by = Some(by);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::notice::{GradeCounts, Totals};

    fn content(inspections: u64) -> NoticeContent {
        let at = Utc.with_ymd_and_hms(2026, 10, 1, 0, 0, 0).unwrap();
        NoticeContent {
            period: "2026-10".into(),
            time_zone: "Asia/Shanghai".into(),
            starts_at: at,
            ends_at: at,
            min_inspections: 2,
            totals: Totals {
                inspections,
                units_inspected: 0,
                mean_score: None,
                grades: GradeCounts::default(),
                findings: 0,
                major: 0,
                critical: 0,
                repeats: 0,
            },
            coverage: vec![],
            unit_ranking: vec![],
            type_ranking: vec![],
            district_ranking: vec![],
            problems_by_item: vec![],
            problems_by_dimension: vec![],
            typical_cases: vec![],
            rectification: vec![],
            overdue: vec![],
            repeats: vec![],
            talks: vec![],
        }
    }

    #[test]
    fn a_draft_may_be_redrafted_until_it_is_published_then_never_changes() {
        let now = Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap();
        let mut notice = Notice {
            id: NoticeId::new_random(),
            period: NoticePeriod::parse("2026-10").unwrap(),
            status: NoticeStatus::Draft,
            content: content(1),
            generated_at: now,
            generated_by: None,
            published_at: None,
            published_by: None,
        };
        assert_eq!(notice.regenerate(content(2), now, None), Ok(()));
        assert_eq!(notice.content.totals.inspections, 2);
        let supervisor = UserId::new_random();
        assert_eq!(notice.publish(now, supervisor), Ok(()));
        assert_eq!(notice.publish(now, supervisor), Err(NoticeError::Published));
        assert_eq!(
            notice.regenerate(content(3), now, None),
            Err(NoticeError::Published)
        );
        assert_eq!(notice.content.totals.inspections, 2);
    }
}
