//! The report state machine (SPEC §3.2, §3.4):
//! `draft → submitted → in_review → approved | returned | rejected`, and `returned → submitted`
//! after the inspector's edits. A claim is a lease: while it runs nobody else may review the
//! report; when it runs out, anyone may claim it again.

use chrono::{DateTime, Utc};
use thiserror::Error;

use crate::catalog::CodeFormatError;
use crate::ids::UserId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReportStatus {
    Draft,
    Submitted,
    InReview,
    Approved,
    Returned,
    Rejected,
}

impl ReportStatus {
    pub const ALL: [ReportStatus; 6] = [
        ReportStatus::Draft,
        ReportStatus::Submitted,
        ReportStatus::InReview,
        ReportStatus::Approved,
        ReportStatus::Returned,
        ReportStatus::Rejected,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReportStatus::Draft => "draft",
            ReportStatus::Submitted => "submitted",
            ReportStatus::InReview => "in_review",
            ReportStatus::Approved => "approved",
            ReportStatus::Returned => "returned",
            ReportStatus::Rejected => "rejected",
        }
    }

    /// The inspector may still change the report.
    pub fn is_editable(self) -> bool {
        matches!(self, ReportStatus::Draft | ReportStatus::Returned)
    }
}

impl std::fmt::Display for ReportStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for ReportStatus {
    type Err = CodeFormatError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ReportStatus::ALL
            .into_iter()
            .find(|st| st.as_str() == s)
            .ok_or(CodeFormatError {
                expected: "one of draft, submitted, in_review, approved, returned, rejected",
            })
    }
}

/// A reviewer's hold on a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lease {
    pub holder: UserId,
    pub expires_at: DateTime<Utc>,
}

impl Lease {
    pub fn is_live(&self, now: DateTime<Utc>) -> bool {
        now < self.expires_at
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Submit,
    /// Take (or renew) the lease until the given time.
    Claim {
        until: DateTime<Utc>,
    },
    Approve,
    Return,
    Reject,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Submit => "submit",
            Action::Claim { .. } => "claim",
            Action::Approve => "approve",
            Action::Return => "return",
            Action::Reject => "reject",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum TransitionError {
    #[error("only the report's author may do this")]
    NotAuthor,
    #[error("a report that is {from} cannot be {action}ed")]
    Illegal {
        from: &'static str,
        action: &'static str,
    },
    #[error("another supervisor is reviewing this report")]
    LeaseHeldByOther,
    #[error("claim the report before reviewing it")]
    NotClaimed,
    #[error("the author cannot review their own report")]
    OwnReport,
}

/// Where `action` by `actor` takes a report of `author` that is `status` (with `lease`) at `now`:
/// the new status and lease, or why not.
pub fn transition(
    status: ReportStatus,
    lease: Option<Lease>,
    action: Action,
    actor: UserId,
    author: UserId,
    now: DateTime<Utc>,
) -> Result<(ReportStatus, Option<Lease>), TransitionError> {
    let illegal = || TransitionError::Illegal {
        from: status.as_str(),
        action: action.as_str(),
    };
    let live = lease.filter(|l| l.is_live(now));
    match action {
        Action::Submit => {
            if actor != author {
                return Err(TransitionError::NotAuthor);
            }
            if status.is_editable() {
                Ok((ReportStatus::Submitted, None))
            } else {
                Err(illegal())
            }
        }
        Action::Claim { until } => {
            if actor == author {
                return Err(TransitionError::OwnReport);
            }
            match (status, live) {
                (ReportStatus::Submitted, _) | (ReportStatus::InReview, None) => Ok((
                    ReportStatus::InReview,
                    Some(Lease {
                        holder: actor,
                        expires_at: until,
                    }),
                )),
                (ReportStatus::InReview, Some(l)) if l.holder == actor => Ok((
                    ReportStatus::InReview,
                    Some(Lease {
                        holder: actor,
                        expires_at: until,
                    }),
                )),
                (ReportStatus::InReview, Some(_)) => Err(TransitionError::LeaseHeldByOther),
                _ => Err(illegal()),
            }
        }
        Action::Approve | Action::Return | Action::Reject => {
            if actor == author {
                return Err(TransitionError::OwnReport);
            }
            match status {
                ReportStatus::InReview => {}
                ReportStatus::Submitted => return Err(TransitionError::NotClaimed),
                _ => return Err(illegal()),
            }
            match live {
                Some(l) if l.holder == actor => Ok((
                    match action {
                        Action::Approve => ReportStatus::Approved,
                        Action::Return => ReportStatus::Returned,
                        _ => ReportStatus::Rejected,
                    },
                    None,
                )),
                Some(_) => Err(TransitionError::LeaseHeldByOther),
                None => Err(TransitionError::NotClaimed),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::Duration;
    use proptest::prelude::*;

    use super::*;

    fn t(minutes: i64) -> DateTime<Utc> {
        DateTime::<Utc>::UNIX_EPOCH + Duration::minutes(minutes)
    }

    #[test]
    fn the_happy_path_of_a_report() {
        let (inspector, supervisor) = (UserId::new_random(), UserId::new_random());
        let (s, l) = transition(
            ReportStatus::Draft,
            None,
            Action::Submit,
            inspector,
            inspector,
            t(0),
        )
        .unwrap();
        assert_eq!((s, l), (ReportStatus::Submitted, None));
        let (s, l) = transition(
            s,
            l,
            Action::Claim { until: t(30) },
            supervisor,
            inspector,
            t(1),
        )
        .unwrap();
        assert_eq!(s, ReportStatus::InReview);
        let (s, l) = transition(s, l, Action::Return, supervisor, inspector, t(2)).unwrap();
        assert_eq!((s, l), (ReportStatus::Returned, None));
        let (s, l) = transition(s, l, Action::Submit, inspector, inspector, t(3)).unwrap();
        let (s, l) = transition(
            s,
            l,
            Action::Claim { until: t(40) },
            supervisor,
            inspector,
            t(4),
        )
        .unwrap();
        let (s, _) = transition(s, l, Action::Approve, supervisor, inspector, t(5)).unwrap();
        assert_eq!(s, ReportStatus::Approved);
    }

    #[test]
    fn a_live_lease_keeps_others_out_and_an_expired_one_frees_the_report() {
        let (inspector, a, b) = (
            UserId::new_random(),
            UserId::new_random(),
            UserId::new_random(),
        );
        let lease = Some(Lease {
            holder: a,
            expires_at: t(30),
        });
        assert_eq!(
            transition(
                ReportStatus::InReview,
                lease,
                Action::Claim { until: t(40) },
                b,
                inspector,
                t(10)
            ),
            Err(TransitionError::LeaseHeldByOther)
        );
        assert_eq!(
            transition(
                ReportStatus::InReview,
                lease,
                Action::Approve,
                b,
                inspector,
                t(10)
            ),
            Err(TransitionError::LeaseHeldByOther)
        );
        let (_, taken) = transition(
            ReportStatus::InReview,
            lease,
            Action::Claim { until: t(60) },
            b,
            inspector,
            t(31),
        )
        .unwrap();
        assert_eq!(taken.map(|l| l.holder), Some(b));
        assert_eq!(
            transition(
                ReportStatus::InReview,
                lease,
                Action::Approve,
                a,
                inspector,
                t(31)
            ),
            Err(TransitionError::NotClaimed),
            "the first reviewer's lease ran out"
        );
    }

    #[test]
    fn only_the_author_submits_and_never_reviews() {
        let (inspector, other) = (UserId::new_random(), UserId::new_random());
        assert_eq!(
            transition(
                ReportStatus::Draft,
                None,
                Action::Submit,
                other,
                inspector,
                t(0)
            ),
            Err(TransitionError::NotAuthor)
        );
        assert_eq!(
            transition(
                ReportStatus::Submitted,
                None,
                Action::Claim { until: t(30) },
                inspector,
                inspector,
                t(0)
            ),
            Err(TransitionError::OwnReport)
        );
    }

    fn any_status() -> impl Strategy<Value = ReportStatus> {
        prop::sample::select(ReportStatus::ALL.to_vec())
    }

    fn any_action() -> impl Strategy<Value = Action> {
        prop_oneof![
            Just(Action::Submit),
            (0i64..100).prop_map(|m| Action::Claim { until: t(m) }),
            Just(Action::Approve),
            Just(Action::Return),
            Just(Action::Reject),
        ]
    }

    proptest! {
        #[test]
        fn final_decisions_are_final(status in prop::sample::select(vec![ReportStatus::Approved, ReportStatus::Rejected]),
                                     action in any_action(), now in 0i64..100) {
            let (author, actor) = (UserId::new_random(), UserId::new_random());
            prop_assert!(transition(status, None, action, actor, author, t(now)).is_err());
            prop_assert!(transition(status, None, action, author, author, t(now)).is_err());
        }

        #[test]
        fn every_allowed_step_is_an_edge_of_the_spec(status in any_status(), action in any_action(), now in 0i64..100,
                                                    lease_minutes in prop::option::of(0i64..100), actor_is_author: bool, actor_holds: bool) {
            let author = UserId::new_random();
            let actor = if actor_is_author { author } else { UserId::new_random() };
            let holder = if actor_holds { actor } else { UserId::new_random() };
            let lease = lease_minutes.map(|m| Lease { holder, expires_at: t(m) });
            if let Ok((next, next_lease)) = transition(status, lease, action, actor, author, t(now)) {
                use ReportStatus::*;
                let allowed = matches!((status, next),
                    (Draft, Submitted) | (Returned, Submitted) | (Submitted, InReview) | (InReview, InReview)
                    | (InReview, Approved) | (InReview, Returned) | (InReview, Rejected));
                prop_assert!(allowed, "{status:?} -> {next:?}");
                prop_assert_eq!(next_lease.is_some(), next == InReview);
                if next != Submitted { prop_assert_ne!(actor, author, "an author never reviews"); }
            }
        }
    }
}
