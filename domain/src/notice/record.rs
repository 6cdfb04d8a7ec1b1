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
