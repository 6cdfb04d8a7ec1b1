//! Failed-login throttling: a fixed window per key (an account name, or a client address).

use chrono::{DateTime, Duration, Utc};

/// How many failures a key may have within a window before further attempts are refused
/// until the window ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottlePolicy {
    pub max_failures: u32,
    pub window: Duration,
}

impl ThrottlePolicy {
    /// Five wrong passwords for one account per 15 minutes.
    pub const PER_ACCOUNT: ThrottlePolicy = ThrottlePolicy {
        max_failures: 5,
        window: Duration::minutes(15),
    };
    /// Thirty failures from one address per 15 minutes (a counter is shared by a whole office).
    pub const PER_ADDRESS: ThrottlePolicy = ThrottlePolicy {
        max_failures: 30,
        window: Duration::minutes(15),
    };
}

/// What is stored for a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottleState {
    pub window_started_at: DateTime<Utc>,
    pub failures: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThrottleDecision {
    Allow,
    Refuse { retry_after: Duration },
}

impl ThrottlePolicy {
    /// May an attempt be made now, given the key's stored state?
    pub fn decide(&self, state: Option<ThrottleState>, now: DateTime<Utc>) -> ThrottleDecision {
        match state {
            Some(s) if s.failures >= self.max_failures => {
                let ends = s.window_started_at + self.window;
                if now < ends {
                    ThrottleDecision::Refuse {
                        retry_after: ends - now,
                    }
                } else {
                    ThrottleDecision::Allow
                }
            }
            _ => ThrottleDecision::Allow,
        }
    }

    /// The state once an attempt counted in advance turned out to succeed: one failure fewer,
    /// `None` when none is left.
    pub fn forgive_one(&self, state: Option<ThrottleState>) -> Option<ThrottleState> {
        state.filter(|s| s.failures > 1).map(|s| ThrottleState {
            failures: s.failures - 1,
            ..s
        })
    }

    /// The state after one more failure at `now`.
    pub fn record_failure(
        &self,
        state: Option<ThrottleState>,
        now: DateTime<Utc>,
    ) -> ThrottleState {
        match state {
            Some(s) if now < s.window_started_at + self.window => ThrottleState {
                window_started_at: s.window_started_at,
                failures: s.failures.saturating_add(1),
            },
            _ => ThrottleState {
                window_started_at: now,
                failures: 1,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minute: i64) -> DateTime<Utc> {
        DateTime::<Utc>::UNIX_EPOCH + Duration::minutes(minute)
    }

    #[test]
    fn the_sixth_attempt_within_the_window_is_refused_until_it_ends() {
        let policy = ThrottlePolicy::PER_ACCOUNT;
        let mut state = None;
        for _ in 0..5 {
            assert_eq!(policy.decide(state, at(1)), ThrottleDecision::Allow);
            state = Some(policy.record_failure(state, at(1)));
        }
        assert_eq!(
            policy.decide(state, at(3)),
            ThrottleDecision::Refuse {
                retry_after: Duration::minutes(13)
            }
        );
        assert_eq!(policy.decide(state, at(16)), ThrottleDecision::Allow);
    }

    #[test]
    fn a_failure_after_the_window_starts_a_new_one() {
        let policy = ThrottlePolicy::PER_ACCOUNT;
        let old = ThrottleState {
            window_started_at: at(0),
            failures: 5,
        };
        let fresh = policy.record_failure(Some(old), at(20));
        assert_eq!(
            fresh,
            ThrottleState {
                window_started_at: at(20),
                failures: 1
            }
        );
    }

    #[test]
    fn an_attempt_counted_in_advance_and_then_right_is_forgiven() {
        let policy = ThrottlePolicy::PER_ADDRESS;
        let counted = policy.record_failure(None, at(1));
        assert_eq!(policy.forgive_one(Some(counted)), None);
        let twice = policy.record_failure(Some(counted), at(2));
        assert_eq!(policy.forgive_one(Some(twice)), Some(counted));
        assert_eq!(policy.forgive_one(None), None);
    }
}
