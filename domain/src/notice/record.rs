//! A notice as stored: a draft until a supervisor submits it for signature; signed off (签发)
//! by a leader; published by a supervisor, which gives it its document number and freezes it.

use chrono::{DateTime, Utc};
use thiserror::Error;

use super::{DocumentNumber, Letterhead, NoticeContent, NoticePeriod};
use crate::ids::{NoticeId, UserId};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeStatus {
    Draft,
    /// Awaiting a leader's signature (送签).
    Submitted,
    /// Signed off by a leader (已签发): it no longer changes.
    Signed,
    Published,
}

impl NoticeStatus {
    pub const ALL: [NoticeStatus; 4] = [
        NoticeStatus::Draft,
        NoticeStatus::Submitted,
        NoticeStatus::Signed,
        NoticeStatus::Published,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NoticeStatus::Draft => "draft",
            NoticeStatus::Submitted => "submitted",
            NoticeStatus::Signed => "signed",
            NoticeStatus::Published => "published",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == raw)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum NoticeError {
    #[error("the notice is published: it is a snapshot and never changes")]
    Published,
    #[error("the notice is signed: it no longer changes")]
    Signed,
    #[error("the notice is awaiting signature: return it to draft first")]
    AwaitingSignature,
    #[error("only a notice submitted for signature can be signed or returned")]
    NotSubmitted,
    #[error("the notice must be signed by a leader before it is published")]
    Unsigned,
    #[error("rectification orders are issued when the notice is published")]
    NotPublished,
}

/// Who did a step, and when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub at: DateTime<Utc>,
    pub by: UserId,
}

/// What a published notice was issued as: its number and the letterhead of the day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub number: DocumentNumber,
    pub letterhead: Letterhead,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub id: NoticeId,
    pub period: NoticePeriod,
    pub status: NoticeStatus,
    pub content: NoticeContent,
    pub generated_at: DateTime<Utc>,
    pub generated_by: Option<UserId>,
    /// The latest submission for signature (cleared when returned to draft).
    pub submitted: Option<Stamp>,
    pub signed: Option<Stamp>,
    pub published_at: Option<DateTime<Utc>>,
    pub published_by: Option<UserId>,
    pub issue: Option<Issue>,
}

impl Notice {
    pub fn draft(
        id: NoticeId,
        period: NoticePeriod,
        content: NoticeContent,
        now: DateTime<Utc>,
        by: Option<UserId>,
    ) -> Self {
        Self {
            id,
            period,
            status: NoticeStatus::Draft,
            content,
            generated_at: now,
            generated_by: by,
            submitted: None,
            signed: None,
            published_at: None,
            published_by: None,
            issue: None,
        }
    }

    /// Whether it may still be redrafted: only a draft may.
    pub fn editable(&self) -> Result<(), NoticeError> {
        match self.status {
            NoticeStatus::Draft => Ok(()),
            NoticeStatus::Submitted => Err(NoticeError::AwaitingSignature),
            NoticeStatus::Signed => Err(NoticeError::Signed),
            NoticeStatus::Published => Err(NoticeError::Published),
        }
    }

    /// Rectification orders exist once the notice is published: they carry its number and
    /// the findings it published.
    pub fn orders_issued(&self) -> Result<(), NoticeError> {
        match self.status {
            NoticeStatus::Published => Ok(()),
            _ => Err(NoticeError::NotPublished),
        }
    }

    /// Only a draft may be generated again (it then reflects the data as they are now).
    pub fn regenerate(
        &mut self,
        content: NoticeContent,
        now: DateTime<Utc>,
        by: Option<UserId>,
    ) -> Result<(), NoticeError> {
        self.editable()?;
        self.content = content;
        self.generated_at = now;
        self.generated_by = by;
        Ok(())
    }

    /// A supervisor sends the draft to a leader for signature (送签).
    pub fn submit(&mut self, stamp: Stamp) -> Result<(), NoticeError> {
        self.editable()?;
        self.status = NoticeStatus::Submitted;
        self.submitted = Some(stamp);
        Ok(())
    }

    /// A leader (or the supervisor who sent it) takes it back to draft, to be redrafted.
    pub fn return_to_draft(&mut self) -> Result<(), NoticeError> {
        match self.status {
            NoticeStatus::Submitted => {
                self.status = NoticeStatus::Draft;
                self.submitted = None;
                Ok(())
            }
            NoticeStatus::Draft => Err(NoticeError::NotSubmitted),
            NoticeStatus::Signed => Err(NoticeError::Signed),
            NoticeStatus::Published => Err(NoticeError::Published),
        }
    }

    /// A leader signs it off (签发).
    pub fn sign(&mut self, stamp: Stamp) -> Result<(), NoticeError> {
        match self.status {
            NoticeStatus::Submitted => {
                self.status = NoticeStatus::Signed;
                self.signed = Some(stamp);
                Ok(())
            }
            NoticeStatus::Draft => Err(NoticeError::NotSubmitted),
            NoticeStatus::Signed => Err(NoticeError::Signed),
            NoticeStatus::Published => Err(NoticeError::Published),
        }
    }

    /// Published under `issue`: signed first unless the letterhead waives the signature.
    pub fn publish(&mut self, stamp: Stamp, issue: Issue) -> Result<(), NoticeError> {
        match self.status {
            NoticeStatus::Published => return Err(NoticeError::Published),
            NoticeStatus::Signed => {}
            NoticeStatus::Draft | NoticeStatus::Submitted => {
                if issue.letterhead.signature_required {
                    return Err(NoticeError::Unsigned);
                }
            }
        }
        self.status = NoticeStatus::Published;
        self.published_at = Some(stamp.at);
        self.published_by = Some(stamp.by);
        self.issue = Some(issue);
        Ok(())
    }

    /// The date the document bears (成文日期): the day it was signed, or published unsigned;
    /// `None` before either.
    pub fn dated(&self) -> Option<DateTime<Utc>> {
        self.signed.map(|s| s.at).or(self.published_at)
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

    fn notice() -> Notice {
        let now = Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap();
        Notice::draft(
            NoticeId::new_random(),
            NoticePeriod::parse("2026-10").unwrap(),
            content(1),
            now,
            None,
        )
    }

    fn stamp(day: u32) -> Stamp {
        Stamp {
            at: Utc.with_ymd_and_hms(2026, 11, day, 2, 0, 0).unwrap(),
            by: UserId::new_random(),
        }
    }

    fn issue(signature_required: bool) -> Issue {
        let letterhead = Letterhead {
            signature_required,
            ..Letterhead::default()
        };
        Issue {
            number: DocumentNumber::next(&letterhead.number_prefix, 2026, None),
            letterhead,
        }
    }

    #[test]
    fn a_notice_is_redrafted_submitted_signed_and_published_and_then_never_changes() {
        let mut notice = notice();
        let now = notice.generated_at;
        assert_eq!(notice.regenerate(content(2), now, None), Ok(()));
        assert_eq!(notice.content.totals.inspections, 2);
        assert_eq!(notice.sign(stamp(2)), Err(NoticeError::NotSubmitted));
        assert_eq!(
            notice.publish(stamp(2), issue(true)),
            Err(NoticeError::Unsigned)
        );
        assert_eq!(notice.submit(stamp(2)), Ok(()));
        assert_eq!(
            notice.regenerate(content(3), now, None),
            Err(NoticeError::AwaitingSignature)
        );
        assert_eq!(
            notice.publish(stamp(2), issue(true)),
            Err(NoticeError::Unsigned)
        );
        let signed = stamp(3);
        assert_eq!(notice.sign(signed), Ok(()));
        assert_eq!(notice.return_to_draft(), Err(NoticeError::Signed));
        assert_eq!(
            notice.regenerate(content(3), now, None),
            Err(NoticeError::Signed)
        );
        assert_eq!(notice.publish(stamp(4), issue(true)), Ok(()));
        assert_eq!(
            notice.dated(),
            Some(signed.at),
            "dated the day it was signed"
        );
        assert_eq!(
            notice.publish(stamp(5), issue(true)),
            Err(NoticeError::Published)
        );
        assert_eq!(
            notice.regenerate(content(3), now, None),
            Err(NoticeError::Published)
        );
        assert_eq!(notice.content.totals.inspections, 2);
    }

    #[test]
    fn a_submitted_notice_goes_back_to_draft_to_be_redrafted() {
        let mut notice = notice();
        assert_eq!(notice.return_to_draft(), Err(NoticeError::NotSubmitted));
        notice.submit(stamp(2)).unwrap();
        assert_eq!(notice.submit(stamp(2)), Err(NoticeError::AwaitingSignature));
        assert_eq!(notice.return_to_draft(), Ok(()));
        assert_eq!(
            (notice.status, notice.submitted),
            (NoticeStatus::Draft, None)
        );
        assert_eq!(
            notice.regenerate(content(5), notice.generated_at, None),
            Ok(())
        );
    }

    #[test]
    fn without_a_required_signature_a_draft_is_published_and_dated_that_day() {
        let mut notice = notice();
        let published = stamp(6);
        assert_eq!(notice.publish(published, issue(false)), Ok(()));
        assert_eq!(notice.dated(), Some(published.at));
        assert_eq!(
            notice.issue.map(|i| i.number.to_string()),
            Some("人社暗〔2026〕1号".to_owned())
        );
    }
}
