//! 约谈: a unit last among the ranked units of its type two months running is marked for a
//! talk with the leadership. A type with a single ranked unit has no last place.

use std::collections::HashMap;
use std::hash::Hash;

/// Which entries hold the last place of their group; `entries` are (group, rank), the ranks
/// taken from one ranking of every group together (only their order within a group matters).
pub fn last_of_type<K: Eq + Hash>(entries: &[(K, Option<u32>)]) -> Vec<bool> {
    let mut span: HashMap<&K, (u32, u32)> = HashMap::new();
    for (group, rank) in entries {
        if let Some(r) = *rank {
            let (best, worst) = span.entry(group).or_insert((r, r));
            *best = (*best).min(r);
            *worst = (*worst).max(r);
        }
    }
    entries
        .iter()
        .map(|(group, rank)| match (rank, span.get(group)) {
            // One ranked unit, or all of them tied, is no last place.
            (Some(r), Some(&(best, worst))) => worst > best && *r == worst,
            _ => false,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_ranked_unit_of_each_type_is_last() {
        let entries = [
            ("EMP", Some(1)),
            ("EMP", Some(3)),
            ("EMP", None),
            ("EMP", Some(2)),
            ("HOT", Some(1)),
            ("MED", Some(1)),
            ("MED", Some(1)),
            // Tied below the top of the whole ranking: still no last place among themselves.
            ("PEN", Some(4)),
            ("PEN", Some(4)),
        ];
        assert_eq!(
            last_of_type(&entries),
            [false, true, false, false, false, false, false, false, false]
        );
    }
}
