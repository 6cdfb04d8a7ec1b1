use std::collections::HashSet;
use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use thiserror::Error;

use super::{ChecklistItem, CodeFormatError, ItemCode};
use crate::ids::ChecklistId;

/// A checklist version is drafted, then published; once published it never changes, because
/// every report pins the version it was filled against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChecklistStatus {
    Draft,
    Published,
}

impl ChecklistStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ChecklistStatus::Draft => "draft",
            ChecklistStatus::Published => "published",
        }
    }
}

impl std::fmt::Display for ChecklistStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ChecklistStatus {
    type Err = CodeFormatError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "draft" => Ok(ChecklistStatus::Draft),
            "published" => Ok(ChecklistStatus::Published),
            _ => Err(CodeFormatError {
                expected: "draft or published",
            }),
        }
    }
}

/// The sequential number people use for a version: v1, v2, …
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ChecklistVersionNumber(u32);

impl ChecklistVersionNumber {
    pub const FIRST: ChecklistVersionNumber = ChecklistVersionNumber(1);

    pub fn new(n: u32) -> Self {
        Self(n.max(1))
    }

    pub fn get(self) -> u32 {
        self.0
    }

    pub fn next(self) -> Self {
        Self(self.0.saturating_add(1))
    }
}

impl fmt::Display for ChecklistVersionNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "v{}", self.0)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ChecklistError {
    #[error("a published checklist version cannot change")]
    Published,
    #[error("a checklist needs at least one item")]
    NoItems,
    #[error("item {0} appears more than once")]
    DuplicateItem(ItemCode),
}

/// One version of the checklist with its items, in display order.
#[derive(Debug, Clone, PartialEq)]
pub struct ChecklistVersion {
    pub id: ChecklistId,
    pub version: ChecklistVersionNumber,
    pub status: ChecklistStatus,
    pub items: Vec<ChecklistItem>,
    pub created_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
}

impl ChecklistVersion {
    /// Checks that a set of items can form a checklist: at least one, codes unique.
    pub fn check_items(items: &[ChecklistItem]) -> Result<(), ChecklistError> {
        if items.is_empty() {
            return Err(ChecklistError::NoItems);
        }
        let mut seen = HashSet::new();
        for item in items {
            if !seen.insert(item.code()) {
                return Err(ChecklistError::DuplicateItem(item.code().clone()));
            }
        }
        Ok(())
    }

    /// Replaces the items of a draft.
    pub fn replace_items(&mut self, items: Vec<ChecklistItem>) -> Result<(), ChecklistError> {
        self.ensure_draft()?;
        Self::check_items(&items)?;
        self.items = items;
        Ok(())
    }

    /// Publishes a draft; from now on it is immutable.
    pub fn publish(&mut self, now: DateTime<Utc>) -> Result<(), ChecklistError> {
        self.ensure_draft()?;
        Self::check_items(&self.items)?;
        self.status = ChecklistStatus::Published;
        self.published_at = Some(now);
        Ok(())
    }

    pub fn item(&self, code: &ItemCode) -> Option<&ChecklistItem> {
        self.items.iter().find(|i| i.code() == code)
    }

    fn ensure_draft(&self) -> Result<(), ChecklistError> {
        match self.status {
            ChecklistStatus::Draft => Ok(()),
            ChecklistStatus::Published => Err(ChecklistError::Published),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::catalog::{ItemKind, ItemTitle, UnitTypeCode, Weight};

    fn item(code: &str) -> ChecklistItem {
        ChecklistItem::new(
            ItemCode::parse(code).unwrap(),
            ItemTitle::parse("标题").unwrap(),
            ItemTitle::parse("title").unwrap(),
            None,
            ItemKind::Judgement,
            Weight::new(3).unwrap(),
            false,
            BTreeSet::from([UnitTypeCode::parse("EMP").unwrap()]),
            BTreeSet::new(),
        )
        .unwrap()
    }

    fn draft() -> ChecklistVersion {
        ChecklistVersion {
            id: ChecklistId::new_random(),
            version: ChecklistVersionNumber::new(2),
            status: ChecklistStatus::Draft,
            items: vec![item("ATT-01")],
            created_at: DateTime::<Utc>::UNIX_EPOCH,
            published_at: None,
        }
    }

    #[test]
    fn a_published_version_can_no_longer_change() {
        let mut checklist = draft();
        checklist.publish(DateTime::<Utc>::UNIX_EPOCH).unwrap();
        assert_eq!(checklist.status, ChecklistStatus::Published);
        assert_eq!(
            checklist.replace_items(vec![item("ATT-02")]),
            Err(ChecklistError::Published)
        );
        assert_eq!(
            checklist.publish(DateTime::<Utc>::UNIX_EPOCH),
            Err(ChecklistError::Published)
        );
    }

    #[test]
    fn items_must_be_present_and_unique() {
        let mut checklist = draft();
        assert_eq!(
            checklist.replace_items(vec![]),
            Err(ChecklistError::NoItems)
        );
        assert_eq!(
            checklist.replace_items(vec![item("ATT-01"), item("ATT-01")]),
            Err(ChecklistError::DuplicateItem(
                ItemCode::parse("ATT-01").unwrap()
            ))
        );
        assert_eq!(checklist.items.len(), 1, "a refused edit changes nothing");
    }
}
