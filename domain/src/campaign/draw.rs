//! The random draw (双随机、交叉互检, SPEC §3.1): random units of each target type, each with a
//! random team of inspectors, under three rules and no others:
//! - 回避: nobody inspects their own unit or a unit in their home district;
//! - every drawn unit gets a full team;
//! - workloads differ by at most one visit across all inspectors in the pool.
//!
//! Units are drawn at random among those that can be staffed at all. Teams are found as a flow
//! with lower bounds (each inspector carries between ⌊V/P⌋ and ⌈V/P⌉ of the V visits), which is
//! exact: when the rules can be met, a draw is found; when it says impossible, it is. The seed
//! orders every choice, so the same inputs and seed give the same draw.

use std::collections::{BTreeMap, BTreeSet};

use thiserror::Error;

use super::flow::FlowNetwork;
use super::seeded::SeededRng;
use crate::catalog::{DistrictCode, UnitTypeCode};
use crate::ids::{UnitId, UserId};

/// Seeds are kept below 2^53 so that every JSON client holds a recorded seed exactly.
pub const MAX_SEED: u64 = (1 << 53) - 1;

/// A unit that may be drawn (active, of a target type and district).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrawUnit {
    pub id: UnitId,
    pub unit_type: UnitTypeCode,
    pub district: DistrictCode,
}

/// An inspector in the pool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrawInspector {
    pub id: UserId,
    pub unit: Option<UnitId>,
    pub district: DistrictCode,
}

impl DrawInspector {
    /// 回避: not one's own unit, not a unit of one's own district.
    pub fn may_inspect(&self, unit: &DrawUnit) -> bool {
        self.unit != Some(unit.id) && self.district != unit.district
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DrawRules {
    pub units_per_type: usize,
    pub team_size: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrawnVisit {
    pub unit_id: UnitId,
    pub unit_type: UnitTypeCode,
    pub inspectors: Vec<UserId>,
    /// Which of the campaign's scenarios this visit acts out.
    pub scenario: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DrawError {
    #[error("no inspectors in the pool")]
    NoInspectors,
    #[error(
        "{unit_type}: {wanted} units wanted, {available} can be drawn \
         ({avoided} more have too few inspectors from other units and districts)"
    )]
    NotEnoughUnits {
        unit_type: UnitTypeCode,
        wanted: usize,
        available: usize,
        avoided: usize,
    },
    #[error(
        "{unit_type}: the teams cannot be balanced so that workloads differ by at most one visit"
    )]
    CannotBalance { unit_type: UnitTypeCode },
}

/// Draws `rules.units_per_type` units of each of `types` and a team for each.
pub fn draw(
    types: &BTreeSet<UnitTypeCode>,
    units: &[DrawUnit],
    inspectors: &[DrawInspector],
    rules: DrawRules,
    scenarios: usize,
    seed: u64,
) -> Result<Vec<DrawnVisit>, DrawError> {
    if inspectors.is_empty() {
        return Err(DrawError::NoInspectors);
    }
    let mut rng = SeededRng::new(seed);
    // Sorted first, so the result depends on the inputs, not on the order they came in.
    let mut inspectors: Vec<&DrawInspector> = inspectors.iter().collect();
    inspectors.sort_by_key(|i| i.id);
    let mut by_type: BTreeMap<&UnitTypeCode, Vec<&DrawUnit>> = BTreeMap::new();
    for unit in units.iter().filter(|u| types.contains(&u.unit_type)) {
        by_type.entry(&unit.unit_type).or_default().push(unit);
    }

    let mut drawn: Vec<&DrawUnit> = Vec::new();
    for unit_type in types {
        let mut candidates = by_type.remove(unit_type).unwrap_or_default();
        candidates.sort_by_key(|u| u.id);
        rng.shuffle(&mut candidates);
        let (staffable, avoided): (Vec<&DrawUnit>, Vec<&DrawUnit>) =
            candidates.into_iter().partition(|u| {
                inspectors.iter().filter(|i| i.may_inspect(u)).count() >= rules.team_size
            });
        if staffable.len() < rules.units_per_type {
            return Err(DrawError::NotEnoughUnits {
                unit_type: unit_type.clone(),
                wanted: rules.units_per_type,
                available: staffable.len(),
                avoided: avoided.len(),
            });
        }
        drawn.extend(staffable.into_iter().take(rules.units_per_type));
    }

    let teams = balanced_teams(&drawn, &inspectors, rules.team_size, &mut rng)?;
    let mut visits: Vec<DrawnVisit> = drawn
        .iter()
        .zip(teams)
        .map(|(unit, mut team)| {
            team.sort();
            DrawnVisit {
                unit_id: unit.id,
                unit_type: unit.unit_type.clone(),
                inspectors: team,
                scenario: if scenarios == 0 {
                    0
                } else {
                    rng.below(scenarios as u64) as usize
                },
            }
        })
        .collect();
    visits.sort_by(|a, b| (&a.unit_type, a.unit_id).cmp(&(&b.unit_type, b.unit_id)));
    Ok(visits)
}

/// A team of `size` for each unit, every member allowed to inspect it, loads within one of each
/// other; found as a feasible flow with lower bounds.
fn balanced_teams(
    units: &[&DrawUnit],
    inspectors: &[&DrawInspector],
    size: usize,
    rng: &mut SeededRng,
) -> Result<Vec<Vec<UserId>>, DrawError> {
    let visits = (units.len() * size) as i64;
    let pool = inspectors.len() as i64;
    let (low, high) = (visits / pool, (visits + pool - 1) / pool);

    // Nodes: source, sink, the units, the inspectors, and the super source and sink of the
    // lower-bound reduction.
    let (source, sink) = (0, 1);
    let unit_node = |u: usize| 2 + u;
    let inspector_node = |i: usize| 2 + units.len() + i;
    let (super_source, super_sink) = (
        2 + units.len() + inspectors.len(),
        3 + units.len() + inspectors.len(),
    );
    let mut net = FlowNetwork::new(super_sink + 1);
    let mut excess = vec![0i64; super_sink + 1];

    let mut order: Vec<usize> = (0..units.len()).collect();
    rng.shuffle(&mut order);
    let mut member_edges = Vec::new();
    for &u in &order {
        // source → unit carries exactly `size`: all of it is lower bound.
        excess[unit_node(u)] += size as i64;
        excess[source] -= size as i64;
        let mut candidates: Vec<usize> = (0..inspectors.len())
            .filter(|&i| inspectors[i].may_inspect(units[u]))
            .collect();
        rng.shuffle(&mut candidates);
        for i in candidates {
            member_edges.push((u, i, net.add_edge(unit_node(u), inspector_node(i), 1)));
        }
    }
    for i in 0..inspectors.len() {
        net.add_edge(inspector_node(i), sink, high - low);
        excess[sink] += low;
        excess[inspector_node(i)] -= low;
    }
    net.add_edge(sink, source, i64::MAX / 4);
    let mut required = 0;
    for (node, &e) in excess.iter().enumerate() {
        if e > 0 {
            net.add_edge(super_source, node, e);
            required += e;
        } else if e < 0 {
            net.add_edge(node, super_sink, -e);
        }
    }
    if net.max_flow(super_source, super_sink) != required {
        // Name the type of a unit the flow could not staff, or the first type.
        let staffed = |u: usize| {
            member_edges
                .iter()
                .filter(|(mu, _, e)| *mu == u && net.flow(*e) > 0)
                .count()
        };
        let unit = (0..units.len()).find(|&u| staffed(u) < size).unwrap_or(0);
        return Err(DrawError::CannotBalance {
            unit_type: units[unit].unit_type.clone(),
        });
    }
    let mut teams = vec![Vec::new(); units.len()];
    for (u, i, edge) in member_edges {
        if net.flow(edge) > 0 {
            teams[u].push(inspectors[i].id);
        }
    }
    Ok(teams)
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use proptest::prelude::*;
    use uuid::Uuid;

    use super::*;

    fn district(n: u32) -> DistrictCode {
        DistrictCode::parse(&format!("3301{:02}", n + 1)).unwrap()
    }

    fn unit_type(n: u32) -> UnitTypeCode {
        UnitTypeCode::parse(["EMP", "PEN", "HOT"][n as usize % 3]).unwrap()
    }

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n + 1)
    }

    /// A world of units and inspectors from small numbers.
    fn world(
        units: &[(u32, u32)],
        inspectors: &[(Option<usize>, u32)],
    ) -> (Vec<DrawUnit>, Vec<DrawInspector>) {
        let units: Vec<DrawUnit> = units
            .iter()
            .enumerate()
            .map(|(n, &(t, d))| DrawUnit {
                id: UnitId::from_uuid(id(n as u128)),
                unit_type: unit_type(t),
                district: district(d),
            })
            .collect();
        let inspectors = inspectors
            .iter()
            .enumerate()
            .map(|(n, &(home, d))| DrawInspector {
                id: UserId::from_uuid(id(1000 + n as u128)),
                unit: home.and_then(|h| units.get(h)).map(|u| u.id),
                district: district(d),
            })
            .collect();
        (units, inspectors)
    }

    fn all_types() -> BTreeSet<UnitTypeCode> {
        (0..3).map(unit_type).collect()
    }

    /// The rules of SPEC §3.1, checked on a result.
    fn assert_rules(
        visits: &[DrawnVisit],
        units: &[DrawUnit],
        inspectors: &[DrawInspector],
        rules: DrawRules,
        types: &BTreeSet<UnitTypeCode>,
    ) {
        let unit = |id: UnitId| units.iter().find(|u| u.id == id).unwrap();
        let inspector = |id: UserId| inspectors.iter().find(|i| i.id == id).unwrap();
        for t in types {
            assert_eq!(
                visits.iter().filter(|v| &v.unit_type == t).count(),
                rules.units_per_type,
                "{t}"
            );
        }
        let distinct_units: BTreeSet<UnitId> = visits.iter().map(|v| v.unit_id).collect();
        assert_eq!(distinct_units.len(), visits.len(), "a unit is drawn once");
        let mut load: HashMap<UserId, usize> = inspectors.iter().map(|i| (i.id, 0)).collect();
        for v in visits {
            let team: BTreeSet<UserId> = v.inspectors.iter().copied().collect();
            assert_eq!(
                team.len(),
                rules.team_size,
                "a full team of distinct people"
            );
            for member in &v.inspectors {
                assert!(inspector(*member).may_inspect(unit(v.unit_id)), "回避");
                *load.get_mut(member).unwrap() += 1;
            }
        }
        let (min, max) = (load.values().min().unwrap(), load.values().max().unwrap());
        assert!(max - min <= 1, "workloads {min}..{max}");
    }

    #[test]
    fn a_small_draw_keeps_the_rules() {
        let (units, inspectors) = world(
            &[(0, 0), (0, 1), (1, 2), (1, 3), (2, 0), (2, 1)],
            &[
                (Some(0), 0),
                (None, 1),
                (None, 2),
                (Some(4), 3),
                (None, 3),
                (None, 2),
            ],
        );
        let rules = DrawRules {
            units_per_type: 1,
            team_size: 2,
        };
        let visits = draw(&all_types(), &units, &inspectors, rules, 2, 42).unwrap();
        assert_rules(&visits, &units, &inspectors, rules, &all_types());
    }

    #[test]
    fn impossible_draws_say_which_rule_and_type() {
        // Every inspector lives in the only HOT unit's district.
        let (units, inspectors) = world(&[(0, 1), (2, 0)], &[(None, 0), (None, 0)]);
        let rules = DrawRules {
            units_per_type: 1,
            team_size: 1,
        };
        let emp_and_pen: BTreeSet<_> = [unit_type(0), unit_type(1)].into();
        assert_eq!(
            draw(&emp_and_pen, &units, &inspectors, rules, 0, 1),
            Err(DrawError::NotEnoughUnits {
                unit_type: unit_type(1),
                wanted: 1,
                available: 0,
                avoided: 0
            }),
            "no PEN unit at all"
        );
        let types: BTreeSet<_> = [unit_type(0), unit_type(2)].into();
        assert_eq!(
            draw(&types, &units, &inspectors, rules, 0, 1),
            Err(DrawError::NotEnoughUnits {
                unit_type: unit_type(2),
                wanted: 1,
                available: 0,
                avoided: 1
            })
        );
        assert_eq!(
            draw(&types, &units, &[], rules, 0, 1),
            Err(DrawError::NoInspectors)
        );
    }

    #[test]
    fn balance_is_refused_when_one_inspector_would_carry_too_much() {
        // An EMP and a PEN unit in district 1; of three inspectors only X (district 2) may visit
        // either. Two visits over three people: loads 0 or 1, but X would need 2.
        let (units, inspectors) = world(&[(0, 1), (1, 1)], &[(None, 2), (None, 1), (None, 1)]);
        let types: BTreeSet<_> = [unit_type(0), unit_type(1)].into();
        let rules = DrawRules {
            units_per_type: 1,
            team_size: 1,
        };
        let result = draw(&types, &units, &inspectors, rules, 0, 9);
        assert!(
            matches!(result, Err(DrawError::CannotBalance { .. })),
            "{result:?}"
        );
    }

    /// Units as (type, district), inspectors as (home unit, district), units per type, team
    /// size, seed.
    type World = (
        Vec<(u32, u32)>,
        Vec<(Option<usize>, u32)>,
        usize,
        usize,
        u64,
    );

    fn any_world() -> impl Strategy<Value = World> {
        (
            prop::collection::vec((0u32..3, 0u32..4), 1..24),
            prop::collection::vec((prop::option::of(0usize..24), 0u32..4), 1..16),
            1usize..4,
            1usize..4,
            any::<u64>(),
        )
    }

    proptest! {
        #[test]
        fn every_draw_keeps_every_rule((units, inspectors, per_type, team, seed) in any_world()) {
            let (units, inspectors) = world(&units, &inspectors);
            let rules = DrawRules { units_per_type: per_type, team_size: team };
            if let Ok(visits) = draw(&all_types(), &units, &inspectors, rules, 3, seed) {
                assert_rules(&visits, &units, &inspectors, rules, &all_types());
                prop_assert!(visits.iter().all(|v| v.scenario < 3));
            }
        }

        #[test]
        fn the_same_inputs_and_seed_give_the_same_draw((units, inspectors, per_type, team, seed) in any_world()) {
            let (units, inspectors) = world(&units, &inspectors);
            let rules = DrawRules { units_per_type: per_type, team_size: team };
            let first = draw(&all_types(), &units, &inspectors, rules, 3, seed);
            let mut reversed = inspectors.clone();
            reversed.reverse();
            let mut shuffled_units = units.clone();
            shuffled_units.reverse();
            prop_assert_eq!(&first, &draw(&all_types(), &shuffled_units, &reversed, rules, 3, seed), "input order does not matter");
            prop_assert_eq!(first, draw(&all_types(), &units, &inspectors, rules, 3, seed));
        }

        /// Impossible means impossible: whenever the draw gives up, brute force finds no draw
        /// of the same units either (small worlds, teams of one).
        #[test]
        fn a_refusal_is_never_wrong((units, inspectors, _, _, seed) in any_world()) {
            let (units, inspectors) = world(&units, &inspectors);
            let rules = DrawRules { units_per_type: 1, team_size: 1 };
            let types: BTreeSet<_> = [unit_type(0)].into();
            if let Err(DrawError::CannotBalance { .. }) = draw(&types, &units, &inspectors, rules, 0, seed) {
                // One unit, one visit, loads within one: any allowed inspector would do.
                let staffable = units.iter().filter(|u| u.unit_type == unit_type(0)).any(|u| inspectors.iter().any(|i| i.may_inspect(u)));
                prop_assert!(!staffable, "the draw gave up although a unit could be staffed");
            }
        }
    }
}
