//! Work the server does by the clock: a cron schedule in the bureau's time zone, and a fixed
//! interval. Each replica runs the loops; the jobs themselves make sure work is done once (see
//! `db::job_runs`), so the loops may fire anywhere, any number of times.

use std::future::Future;
use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use croner::Cron;

/// A five-field cron expression (minute hour day-of-month month day-of-week).
#[derive(Debug, Clone)]
pub struct Schedule {
    cron: Cron,
}

impl PartialEq for Schedule {
    fn eq(&self, other: &Self) -> bool {
        self.cron.as_str() == other.cron.as_str()
    }
}

impl Schedule {
    pub fn parse(raw: &str) -> Result<Self, String> {
        Cron::from_str(raw)
            .map(|cron| Self { cron })
            .map_err(|e| e.to_string())
    }

    pub fn as_str(&self) -> &str {
        self.cron.as_str()
    }

    /// The first time strictly after `after` that the schedule names, read in `tz`.
    pub fn next_after(&self, after: DateTime<Utc>, tz: Tz) -> Option<DateTime<Utc>> {
        self.cron
            .find_next_occurrence(&after.with_timezone(&tz), false)
            .ok()
            .map(|t| t.with_timezone(&Utc))
    }

    /// The last time at or before `at` that the schedule named, read in `tz`.
    pub fn last_before(&self, at: DateTime<Utc>, tz: Tz) -> Option<DateTime<Utc>> {
        self.cron
            .find_previous_occurrence(&at.with_timezone(&tz), true)
            .ok()
            .map(|t| t.with_timezone(&Utc))
    }
}

/// Runs `job(fire_time)` at every time `schedule` names, and once at start for the last time
/// it named, so a run missed while no replica was up is caught up.
pub fn spawn_cron<F, Fut>(schedule: Schedule, tz: Tz, job: F) -> tokio::task::JoinHandle<()>
where
    F: Fn(DateTime<Utc>) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send,
{
    tokio::spawn(async move {
        let mut last = Utc::now();
        if let Some(missed) = schedule.last_before(last, tz) {
            job(missed).await;
        }
        while let Some(next) = schedule.next_after(last, tz) {
            let wait = (next - Utc::now()).to_std().unwrap_or(Duration::ZERO);
            tokio::time::sleep(wait).await;
            job(next).await;
            last = next;
        }
    })
}

/// Runs `job` now and then every `period`.
pub fn spawn_every<F, Fut>(period: Duration, job: F) -> tokio::task::JoinHandle<()>
where
    F: Fn() -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send,
{
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(period);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            job().await;
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_schedule_fires_on_the_first_at_two_in_shanghai() {
        let s = Schedule::parse("0 2 1 * *").unwrap();
        let after: DateTime<Utc> = "2026-10-15T00:00:00Z".parse().unwrap();
        let next = s.next_after(after, chrono_tz::Asia::Shanghai).unwrap();
        assert_eq!(next.to_rfc3339(), "2026-10-31T18:00:00+00:00");
        let last = s.last_before(after, chrono_tz::Asia::Shanghai).unwrap();
        assert_eq!(last.to_rfc3339(), "2026-09-30T18:00:00+00:00");
        assert!(Schedule::parse("every monday").is_err());
    }
}
