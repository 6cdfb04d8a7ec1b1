//! Where findings come from: one per `minor` or `major` rating of an approved report, with a
//! deadline by severity (立即整改 for major or critical, 限期整改 for minor) and a `repeat` mark
//! when the same item was found at the same unit within 90 days.

use chrono::{DateTime, Duration, Utc};

use crate::catalog::{ChecklistVersion, ItemCode};
use crate::report::{Outcome, Ratings};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    Minor,
    Major,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Minor => "minor",
            Severity::Major => "major",
        }
    }
}

impl std::str::FromStr for Severity {
    type Err = crate::catalog::CodeFormatError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "minor" => Ok(Severity::Minor),
            "major" => Ok(Severity::Major),
            _ => Err(crate::catalog::CodeFormatError {
                expected: "minor or major",
            }),
        }
    }
}

/// How long a unit has (SPEC §3.5: 7 days for major or critical, 30 for minor; settings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeadlineSettings {
    pub major: Duration,
    pub minor: Duration,
}

impl Default for DeadlineSettings {
    fn default() -> Self {
        Self {
            major: Duration::days(7),
            minor: Duration::days(30),
        }
    }
}

/// The same item at the same unit within this window makes a finding a repeat.
pub const REPEAT_WINDOW: Duration = Duration::days(90);

/// A finding about to be created from a rating.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingSeed {
    pub item_code: ItemCode,
    pub severity: Severity,
    pub critical: bool,
    pub deadline: DateTime<Utc>,
}

/// The findings an approved report leaves, in checklist order.
pub fn findings_from(
    ratings: &Ratings,
    checklist: &ChecklistVersion,
    approved_at: DateTime<Utc>,
    deadlines: &DeadlineSettings,
) -> Vec<FindingSeed> {
    ratings
        .iter()
        .filter_map(|rating| {
            let severity = match rating.outcome {
                Outcome::Major => Severity::Major,
                Outcome::Minor => Severity::Minor,
                Outcome::Ok | Outcome::Na => return None,
            };
            let critical = checklist
                .item(&rating.item_code)
                .is_some_and(|i| i.is_critical());
            let allowed = if severity == Severity::Major || critical {
                deadlines.major
            } else {
                deadlines.minor
            };
            Some(FindingSeed {
                item_code: rating.item_code.clone(),
                severity,
                critical,
                deadline: approved_at + allowed,
            })
        })
        .collect()
}

/// Was the same item found at the same unit in a visit within [`REPEAT_WINDOW`] before this
/// one? `earlier` holds the visit times of the unit's earlier, standing findings of the item.
pub fn is_repeat(visit: DateTime<Utc>, earlier: &[DateTime<Utc>]) -> bool {
    earlier
        .iter()
        .any(|&at| at < visit && visit - at <= REPEAT_WINDOW)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::rating::tests::{checklist, judged, measured, unit_type};

    fn at(days: i64) -> DateTime<Utc> {
        DateTime::<Utc>::UNIX_EPOCH + Duration::days(days)
    }

    #[test]
    fn each_problem_becomes_a_finding_with_its_deadline() {
        let ratings = Ratings::parse(
            &[
                judged("ATT-01", Outcome::Ok),
                judged("ENV-01", Outcome::Minor),
                measured("PRC-07", 45.0),
                judged("DSC-04", Outcome::Minor),
            ],
            &checklist(),
            &unit_type("EMP"),
        )
        .unwrap();
        let seeds = findings_from(
            &ratings,
            &checklist(),
            at(100),
            &DeadlineSettings::default(),
        );
        let summary: Vec<(&str, Severity, bool, DateTime<Utc>)> = seeds
            .iter()
            .map(|s| (s.item_code.as_str(), s.severity, s.critical, s.deadline))
            .collect();
        assert_eq!(
            summary,
            [
                ("DSC-04", Severity::Minor, true, at(107)),
                ("ENV-01", Severity::Minor, false, at(130)),
                ("PRC-07", Severity::Major, false, at(107)),
            ]
        );
    }

    #[test]
    fn a_repeat_is_the_same_item_within_ninety_days_before() {
        assert!(is_repeat(at(100), &[at(20)]));
        assert!(is_repeat(at(100), &[at(10)]), "exactly 90 days counts");
        assert!(!is_repeat(at(100), &[at(9)]));
        assert!(
            !is_repeat(at(100), &[at(150)]),
            "a later finding does not make this one a repeat"
        );
        assert!(!is_repeat(at(100), &[]));
    }

    proptest::proptest! {
        #[test]
        fn one_finding_per_problem_and_the_short_deadline_for_majors_and_criticals(
            outcomes in proptest::collection::vec(proptest::sample::select(Outcome::ALL.to_vec()), 3)
        ) {
            let inputs: Vec<_> = ["ATT-01", "DSC-04", "ENV-01"].iter().zip(&outcomes).map(|(c, o)| judged(c, *o)).collect();
            let ratings = Ratings::parse(&inputs, &checklist(), &unit_type("EMP")).unwrap();
            let seeds = findings_from(&ratings, &checklist(), at(0), &DeadlineSettings::default());
            proptest::prop_assert_eq!(seeds.len(), outcomes.iter().filter(|o| o.is_problem()).count());
            for seed in seeds {
                let short = seed.severity == Severity::Major || seed.critical;
                proptest::prop_assert_eq!(seed.deadline, at(if short { 7 } else { 30 }));
            }
        }
    }
}
