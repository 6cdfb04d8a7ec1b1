//! 申诉: a unit may appeal a finding once; a supervisor other than the one who approved the
//! report decides; an overturned finding leaves every aggregate.

use chrono::{DateTime, Utc};
use thiserror::Error;

use super::FindingStatus;
use crate::ids::UserId;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppealDecision {
    Uphold,
    Overturn,
}

impl AppealDecision {
    pub fn as_str(self) -> &'static str {
        match self {
            AppealDecision::Uphold => "uphold",
            AppealDecision::Overturn => "overturn",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "uphold" => Some(AppealDecision::Uphold),
            "overturn" => Some(AppealDecision::Overturn),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appeal {
    pub filed_at: DateTime<Utc>,
    pub decision: Option<(AppealDecision, UserId, DateTime<Utc>)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum AppealError {
    #[error("a finding may be appealed once")]
    AlreadyAppealed,
    #[error("a verified or overturned finding cannot be appealed")]
    Closed,
    #[error("there is no appeal to decide, or it was decided")]
    NothingToDecide,
    #[error("the supervisor who approved the report cannot decide its appeal")]
    OwnReview,
}

/// Files the unit's one appeal.
pub fn file(
    status: FindingStatus,
    existing: Option<&Appeal>,
    now: DateTime<Utc>,
) -> Result<Appeal, AppealError> {
    if existing.is_some() {
        return Err(AppealError::AlreadyAppealed);
    }
    if matches!(status, FindingStatus::Verified | FindingStatus::Overturned) {
        return Err(AppealError::Closed);
    }
    Ok(Appeal {
        filed_at: now,
        decision: None,
    })
}

/// Decides the appeal; returns it decided, and the finding's status after.
pub fn decide(
    appeal: &Appeal,
    status: FindingStatus,
    decider: UserId,
    reviewer: Option<UserId>,
    decision: AppealDecision,
    now: DateTime<Utc>,
) -> Result<(Appeal, FindingStatus), AppealError> {
    if appeal.decision.is_some() {
        return Err(AppealError::NothingToDecide);
    }
    if reviewer == Some(decider) {
        return Err(AppealError::OwnReview);
    }
    let after = match decision {
        AppealDecision::Overturn => FindingStatus::Overturned,
        AppealDecision::Uphold => status,
    };
    Ok((
        Appeal {
            filed_at: appeal.filed_at,
            decision: Some((decision, decider, now)),
        },
        after,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::<Utc>::UNIX_EPOCH
    }

    #[test]
    fn one_appeal_decided_by_someone_else_than_the_reviewer() {
        let (reviewer, other) = (UserId::new_random(), UserId::new_random());
        let appeal = file(FindingStatus::Open, None, now()).unwrap();
        assert_eq!(
            file(FindingStatus::Open, Some(&appeal), now()),
            Err(AppealError::AlreadyAppealed)
        );
        assert_eq!(
            decide(
                &appeal,
                FindingStatus::Open,
                reviewer,
                Some(reviewer),
                AppealDecision::Overturn,
                now()
            ),
            Err(AppealError::OwnReview)
        );
        let (decided, status) = decide(
            &appeal,
            FindingStatus::Open,
            other,
            Some(reviewer),
            AppealDecision::Overturn,
            now(),
        )
        .unwrap();
        assert_eq!(status, FindingStatus::Overturned);
        assert!(
            !status.stands(),
            "an overturned finding leaves the aggregates"
        );
        assert_eq!(
            decide(
                &decided,
                status,
                other,
                Some(reviewer),
                AppealDecision::Uphold,
                now()
            ),
            Err(AppealError::NothingToDecide)
        );
        let upheld = decide(
            &appeal,
            FindingStatus::Rectifying,
            other,
            Some(reviewer),
            AppealDecision::Uphold,
            now(),
        )
        .unwrap();
        assert_eq!(
            upheld.1,
            FindingStatus::Rectifying,
            "upheld: the work goes on"
        );
        assert_eq!(
            file(FindingStatus::Verified, None, now()),
            Err(AppealError::Closed)
        );
    }
}
