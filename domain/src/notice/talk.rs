//! 约谈: a unit last among the ranked units of its type two months running is marked for a
//! talk with the leadership. A type with a single ranked unit has no last place.

use std::collections::HashMap;
use std::hash::Hash;

/// Which entries hold the last place of their group; `entries` are (group, rank).
pub fn last_of_type<K: Eq + Hash>(entries: &[(K, Option<u32>)]) -> Vec<bool> {
    let mut worst: HashMap<&K, (u32, usize)> = HashMap::new();
    for (group, rank) in entries {
        if let Some(r) = rank {
            let slot = worst.entry(group).or_insert((*r, 0));
            slot.0 = slot.0.max(*r);
            slot.1 += 1;
        }
    }
    entries
        .iter()
        .map(|(group, rank)| match (rank, worst.get(group)) {
            // A group whose ranked units all tie has no last place either.
            (Some(r), Some(&(last, ranked))) => ranked > 1 && *r == last && last > 1,
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
        ];
        assert_eq!(
            last_of_type(&entries),
            [false, true, false, false, false, false, false]
        );
    }
}
