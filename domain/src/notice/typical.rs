//! Which findings a notice shows as typical cases (典型案例): chosen for the bureau to learn
//! from, not by sort order. Only major or critical findings qualify. Critical items come first,
//! then majors with photographs, then the other majors; a repeat before a first occurrence; an
//! earlier visit before a later one. At most one case per report (one bad phone call is one
//! case, however many items it broke), at most two per unit, and the cases are spread across
//! unit types: each round takes the best remaining case of every type before any type gets a
//! second.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

/// Cases per report and per unit.
pub const CASES_PER_REPORT: usize = 1;
pub const CASES_PER_UNIT: usize = 2;

/// A finding that might be shown.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub finding_id: String,
    pub report_id: String,
    pub unit_id: String,
    pub unit_type: String,
    pub major: bool,
    pub critical: bool,
    pub repeat: bool,
    /// Photographs of the item in the report.
    pub photographed: bool,
    pub visit_at: DateTime<Utc>,
}

impl Candidate {
    fn qualifies(&self) -> bool {
        self.major || self.critical
    }

    /// Smaller is better.
    fn priority(&self) -> (u8, bool, DateTime<Utc>, &str) {
        let class = match (self.critical, self.photographed) {
            (true, _) => 0,
            (false, true) => 1,
            (false, false) => 2,
        };
        (class, !self.repeat, self.visit_at, &self.finding_id)
    }
}

/// The cases, at most `limit`, best first.
pub fn choose(candidates: &[Candidate], limit: usize) -> Vec<&Candidate> {
    let mut ranked: Vec<&Candidate> = candidates.iter().filter(|c| c.qualifies()).collect();
    ranked.sort_by(|a, b| a.priority().cmp(&b.priority()));
    // Each type's queue, best first; types taken in the order of their best case.
    let mut queues: Vec<Vec<&Candidate>> = Vec::new();
    let mut type_order: HashMap<&str, usize> = HashMap::new();
    for c in ranked {
        let slot = *type_order.entry(c.unit_type.as_str()).or_insert_with(|| {
            queues.push(Vec::new());
            queues.len() - 1
        });
        queues[slot].push(c);
    }
    let mut per_report: HashMap<&str, usize> = HashMap::new();
    let mut per_unit: HashMap<&str, usize> = HashMap::new();
    let mut chosen = Vec::new();
    let mut cursors = vec![0usize; queues.len()];
    loop {
        let mut took_any = false;
        for (queue, cursor) in queues.iter().zip(cursors.iter_mut()) {
            if chosen.len() == limit {
                return chosen;
            }
            while let Some(c) = queue.get(*cursor) {
                *cursor += 1;
                let report = per_report.entry(c.report_id.as_str()).or_default();
                let unit = per_unit.entry(c.unit_id.as_str()).or_default();
                if *report < CASES_PER_REPORT && *unit < CASES_PER_UNIT {
                    *report += 1;
                    *unit += 1;
                    chosen.push(*c);
                    took_any = true;
                    break;
                }
            }
        }
        if !took_any {
            return chosen;
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn case(id: &str, report: &str, unit: &str, kind: &str) -> Candidate {
        Candidate {
            finding_id: id.into(),
            report_id: report.into(),
            unit_id: unit.into(),
            unit_type: kind.into(),
            major: true,
            critical: false,
            repeat: false,
            photographed: false,
            visit_at: Utc.with_ymd_and_hms(2026, 10, 1, 2, 0, 0).unwrap(),
        }
    }

    fn ids(chosen: &[&Candidate]) -> Vec<String> {
        chosen.iter().map(|c| c.finding_id.clone()).collect()
    }

    #[test]
    fn critical_items_come_first_then_photographed_majors_then_the_rest() {
        let plain = case("plain", "r1", "u1", "EMP");
        let photographed = Candidate {
            photographed: true,
            ..case("photo", "r2", "u2", "EMP")
        };
        let critical = Candidate {
            critical: true,
            major: false,
            ..case("critical", "r3", "u3", "EMP")
        };
        let minor = Candidate {
            major: false,
            ..case("minor", "r4", "u4", "EMP")
        };
        let all = [plain, photographed, critical, minor];
        let chosen = choose(&all, 10);
        assert_eq!(
            ids(&chosen),
            ["critical", "photo", "plain"],
            "a minor is no case"
        );
    }

    #[test]
    fn one_phone_call_gives_one_case_and_a_unit_at_most_two() {
        let mut all: Vec<Candidate> = (0..8)
            .map(|i| case(&format!("call-{i}"), "call", "hotline", "HOT"))
            .collect();
        all.extend((0..4).map(|i| case(&format!("visit-{i}"), &format!("v{i}"), "e1", "EMP")));
        let chosen = choose(&all, 20);
        assert_eq!(ids(&chosen), ["call-0", "visit-0", "visit-1"]);
    }

    #[test]
    fn every_type_gets_a_case_before_any_gets_a_second() {
        let mut all = Vec::new();
        for i in 0..5 {
            all.push(Candidate {
                critical: true,
                ..case(
                    &format!("emp-{i}"),
                    &format!("e{i}"),
                    &format!("eu{i}"),
                    "EMP",
                )
            });
        }
        all.push(case("hot-0", "h0", "hu0", "HOT"));
        all.push(case("pen-0", "p0", "pu0", "PEN"));
        let chosen = choose(&all, 4);
        assert_eq!(ids(&chosen), ["emp-0", "hot-0", "pen-0", "emp-1"]);
    }

    #[test]
    fn a_repeat_and_an_earlier_visit_come_before_others_of_their_class() {
        let later = Candidate {
            visit_at: Utc.with_ymd_and_hms(2026, 10, 20, 2, 0, 0).unwrap(),
            ..case("later", "r1", "u1", "EMP")
        };
        let earlier = case("earlier", "r2", "u2", "EMP");
        let repeat = Candidate {
            repeat: true,
            visit_at: Utc.with_ymd_and_hms(2026, 10, 30, 2, 0, 0).unwrap(),
            ..case("repeat", "r3", "u3", "EMP")
        };
        let all = [later, earlier, repeat];
        assert_eq!(ids(&choose(&all, 3)), ["repeat", "earlier", "later"]);
    }
}
