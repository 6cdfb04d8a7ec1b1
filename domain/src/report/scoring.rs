//! 百分制扣分 (SPEC §2.3): 100 minus the deductions of applicable, non-`na` items, never below
//! zero; a `major` deducts the item's weight, a `minor` half of it. Deductions are counted in
//! half-points so that half of an odd weight is exact.

use super::{Outcome, Ratings};
use crate::catalog::{ChecklistVersion, ItemCode};

/// A score from 0 to 100 in steps of 0.5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Score {
    half_points: u32,
}

impl Score {
    pub const MAX: Score = Score { half_points: 200 };

    pub fn from_half_points(half_points: u32) -> Self {
        Self {
            half_points: half_points.min(200),
        }
    }

    pub fn half_points(self) -> u32 {
        self.half_points
    }

    pub fn value(self) -> f64 {
        f64::from(self.half_points) / 2.0
    }
}

/// 优秀 ≥ 95, 良好 ≥ 85, 合格 ≥ 70, else 不合格.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Grade {
    Excellent,
    Good,
    Pass,
    Fail,
}

impl Grade {
    pub const ALL: [Grade; 4] = [Grade::Excellent, Grade::Good, Grade::Pass, Grade::Fail];

    pub fn as_str(self) -> &'static str {
        match self {
            Grade::Excellent => "excellent",
            Grade::Good => "good",
            Grade::Pass => "pass",
            Grade::Fail => "fail",
        }
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            Grade::Excellent => "优秀",
            Grade::Good => "良好",
            Grade::Pass => "合格",
            Grade::Fail => "不合格",
        }
    }

    fn of(score: Score) -> Grade {
        match score.half_points {
            190.. => Grade::Excellent,
            170.. => Grade::Good,
            140.. => Grade::Pass,
            _ => Grade::Fail,
        }
    }
}

impl std::str::FromStr for Grade {
    type Err = crate::catalog::CodeFormatError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Grade::ALL
            .into_iter()
            .find(|g| g.as_str() == s)
            .ok_or(crate::catalog::CodeFormatError {
                expected: "one of excellent, good, pass, fail",
            })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scorecard {
    pub score: Score,
    pub grade: Grade,
    /// A `major` on a critical item: the report fails whatever the score.
    pub critical_failure: bool,
}

/// Scores ratings that were checked against `checklist` (see [`Ratings::parse`]).
pub fn score(ratings: &Ratings, checklist: &ChecklistVersion) -> Scorecard {
    standing_score(ratings, checklist, &[])
}

/// The score once appeals overturned the findings on `overturned` items: those deduct nothing.
pub fn standing_score(
    ratings: &Ratings,
    checklist: &ChecklistVersion,
    overturned: &[ItemCode],
) -> Scorecard {
    let mut deducted_half_points: u32 = 0;
    let mut critical_failure = false;
    for rating in ratings
        .iter()
        .filter(|r| !overturned.contains(&r.item_code))
    {
        let Some(item) = checklist.item(&rating.item_code) else {
            continue;
        };
        let weight = item.weight().points();
        deducted_half_points = deducted_half_points.saturating_add(match rating.outcome {
            Outcome::Major => 2 * weight,
            Outcome::Minor => weight,
            Outcome::Ok | Outcome::Na => 0,
        });
        critical_failure |= item.is_critical() && rating.outcome == Outcome::Major;
    }
    let score =
        Score::from_half_points(Score::MAX.half_points.saturating_sub(deducted_half_points));
    Scorecard {
        score,
        grade: if critical_failure {
            Grade::Fail
        } else {
            Grade::of(score)
        },
        critical_failure,
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::report::rating::tests::{checklist, judged, measured, unit_type};
    use crate::report::{RatingInput, Ratings};

    fn card(inputs: &[RatingInput]) -> Scorecard {
        score(
            &Ratings::parse(inputs, &checklist(), &unit_type("EMP")).unwrap(),
            &checklist(),
        )
    }

    #[test]
    fn an_overturned_item_no_longer_deducts_nor_fails_the_report() {
        let ratings = Ratings::parse(
            &[
                judged("ATT-01", Outcome::Minor),
                judged("DSC-04", Outcome::Major),
            ],
            &checklist(),
            &unit_type("EMP"),
        )
        .unwrap();
        let written = score(&ratings, &checklist());
        assert_eq!((written.score.value(), written.grade), (0.0, Grade::Fail));
        let code = ItemCode::parse("DSC-04").unwrap();
        let standing = standing_score(&ratings, &checklist(), &[code]);
        assert_eq!(
            (standing.score.value(), standing.grade),
            (95.0, Grade::Excellent)
        );
    }

    #[test]
    fn a_clean_visit_scores_a_hundred() {
        let c = card(&[judged("ATT-01", Outcome::Ok), measured("PRC-07", 5.0)]);
        assert_eq!((c.score.value(), c.grade), (100.0, Grade::Excellent));
    }

    #[test]
    fn a_minor_deducts_half_the_weight_exactly() {
        let c = card(&[judged("ENV-01", Outcome::Minor)]);
        assert_eq!(c.score.value(), 98.5);
        let c = card(&[judged("ATT-01", Outcome::Major), measured("PRC-07", 20.0)]);
        assert_eq!((c.score.value(), c.grade), (87.0, Grade::Good));
    }

    #[test]
    fn na_items_do_not_count() {
        let c = card(&[judged("ATT-01", Outcome::Na), judged("ENV-01", Outcome::Na)]);
        assert_eq!(c.score.value(), 100.0);
    }

    #[test]
    fn a_critical_major_fails_whatever_the_score_and_the_score_stops_at_zero() {
        let c = card(&[judged("DSC-04", Outcome::Major)]);
        assert_eq!(
            (c.score.value(), c.grade, c.critical_failure),
            (0.0, Grade::Fail, true)
        );
        let c = card(&[judged("DSC-04", Outcome::Minor)]);
        assert_eq!(
            (c.score.value(), c.grade, c.critical_failure),
            (50.0, Grade::Fail, false)
        );
    }

    #[test]
    fn grade_boundaries_are_inclusive() {
        assert_eq!(Grade::of(Score::from_half_points(190)), Grade::Excellent);
        assert_eq!(Grade::of(Score::from_half_points(189)), Grade::Good);
        assert_eq!(Grade::of(Score::from_half_points(170)), Grade::Good);
        assert_eq!(Grade::of(Score::from_half_points(169)), Grade::Pass);
        assert_eq!(Grade::of(Score::from_half_points(140)), Grade::Pass);
        assert_eq!(Grade::of(Score::from_half_points(139)), Grade::Fail);
    }

    fn any_rating() -> impl Strategy<Value = RatingInput> {
        prop_oneof![
            (
                prop::sample::select(vec!["ATT-01", "DSC-04", "ENV-01"]),
                prop::sample::select(Outcome::ALL.to_vec())
            )
                .prop_map(|(code, outcome)| judged(code, outcome)),
            (0.0f64..100.0).prop_map(|v| measured("PRC-07", v)),
            (0.0f64..600.0).prop_map(|v| measured("DIG-01", v)),
        ]
    }

    fn distinct(inputs: Vec<RatingInput>) -> Vec<RatingInput> {
        let mut seen = std::collections::HashSet::new();
        inputs
            .into_iter()
            .filter(|r| seen.insert(r.item_code.clone()))
            .collect()
    }

    proptest! {
        #[test]
        fn the_score_is_a_hundred_minus_the_deductions_bounded_at_zero(inputs in prop::collection::vec(any_rating(), 0..6)) {
            let inputs = distinct(inputs);
            let ratings = Ratings::parse(&inputs, &checklist(), &unit_type("EMP")).unwrap();
            let expected: f64 = ratings.iter().map(|r| {
                let w = f64::from(checklist().item(&r.item_code).unwrap().weight().points());
                match r.outcome { Outcome::Major => w, Outcome::Minor => w / 2.0, _ => 0.0 }
            }).sum();
            let card = score(&ratings, &checklist());
            prop_assert_eq!(card.score.value(), (100.0 - expected).max(0.0));
        }

        #[test]
        fn one_more_problem_never_raises_the_score(inputs in prop::collection::vec(any_rating(), 0..5)) {
            let inputs = distinct(inputs);
            let mut worse = inputs.clone();
            for rating in &mut worse {
                if rating.outcome == Some(Outcome::Ok) {
                    rating.outcome = Some(Outcome::Major);
                    break;
                }
            }
            let c = |i: &[RatingInput]| card(i);
            prop_assert!(c(&worse).score <= c(&inputs).score);
            prop_assert!(c(&worse).grade >= c(&inputs).grade);
        }

        #[test]
        fn a_critical_major_always_fails(inputs in prop::collection::vec(any_rating(), 0..5)) {
            let mut inputs: Vec<_> = distinct(inputs).into_iter().filter(|r| r.item_code.as_str() != "DSC-04").collect();
            inputs.push(judged("DSC-04", Outcome::Major));
            prop_assert_eq!(card(&inputs).grade, Grade::Fail);
        }
    }
}
