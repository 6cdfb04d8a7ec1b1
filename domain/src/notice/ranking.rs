//! Rankings (红黑榜): higher mean score ranks first; equal means share a rank (1, 2, 2, 4);
//! a unit with fewer inspections than the threshold is listed but not ranked (SPEC §3.6).

use std::cmp::Ordering;

/// Units with fewer inspections than this in the month are listed but not ranked.
pub const MIN_INSPECTIONS_TO_RANK: u64 = 2;

/// A group's approved inspections in a period and the sum of their scores, in half points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub inspections: u64,
    pub score_half_sum: u64,
}

impl Tally {
    /// Compares mean scores exactly (cross-multiplied), better first.
    fn better_first(&self, other: &Tally) -> Ordering {
        let mine = u128::from(self.score_half_sum) * u128::from(other.inspections);
        let theirs = u128::from(other.score_half_sum) * u128::from(self.inspections);
        theirs.cmp(&mine)
    }
}

/// The mean score on the 100-point scale, to two decimals; `None` without inspections.
pub fn mean_score(tally: Tally) -> Option<f64> {
    (tally.inspections > 0).then(|| {
        let mean = tally.score_half_sum as f64 / tally.inspections as f64 / 2.0;
        (mean * 100.0).round() / 100.0
    })
}

/// Each tally's rank, `None` for those below `min_inspections`.
pub fn rank(tallies: &[Tally], min_inspections: u64) -> Vec<Option<u32>> {
    let mut ranked: Vec<usize> = (0..tallies.len())
        .filter(|&i| tallies[i].inspections >= min_inspections.max(1))
        .collect();
    ranked.sort_by(|&a, &b| tallies[a].better_first(&tallies[b]));
    let mut ranks = vec![None; tallies.len()];
    let mut previous: Option<(usize, u32)> = None;
    for (place, &i) in ranked.iter().enumerate() {
        let rank = match previous {
            Some((p, r)) if tallies[p].better_first(&tallies[i]) == Ordering::Equal => r,
            _ => place as u32 + 1,
        };
        ranks[i] = Some(rank);
        previous = Some((i, rank));
    }
    ranks
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn t(inspections: u64, mean_half: u64) -> Tally {
        Tally {
            inspections,
            score_half_sum: inspections * mean_half,
        }
    }

    #[test]
    fn better_means_rank_first_ties_share_and_few_visits_are_unranked() {
        let tallies = [t(2, 180), t(3, 190), t(2, 180), t(1, 200), t(4, 100)];
        assert_eq!(
            rank(&tallies, MIN_INSPECTIONS_TO_RANK),
            [Some(2), Some(1), Some(2), None, Some(4)]
        );
    }

    #[test]
    fn the_mean_is_on_the_hundred_point_scale() {
        let tally = Tally {
            inspections: 3,
            score_half_sum: 190 + 171 + 170,
        };
        assert_eq!(mean_score(tally), Some(88.5));
        assert_eq!(
            mean_score(Tally {
                inspections: 0,
                score_half_sum: 0
            }),
            None
        );
    }

    proptest! {
        #[test]
        fn a_better_mean_never_ranks_below_a_worse_one(
            raw in prop::collection::vec((0u64..6, 0u64..1200), 0..30),
        ) {
            let tallies: Vec<Tally> = raw
                .iter()
                .map(|&(n, s)| Tally { inspections: n, score_half_sum: s.min(n * 200) })
                .collect();
            let ranks = rank(&tallies, 2);
            for (i, a) in tallies.iter().enumerate() {
                prop_assert_eq!(ranks[i].is_some(), a.inspections >= 2);
                for (j, b) in tallies.iter().enumerate() {
                    if let (Some(ra), Some(rb)) = (ranks[i], ranks[j]) {
                        match a.better_first(b) {
                            Ordering::Less => prop_assert!(ra < rb),
                            Ordering::Equal => prop_assert_eq!(ra, rb),
                            Ordering::Greater => prop_assert!(ra > rb),
                        }
                    }
                }
            }
        }
    }
}
