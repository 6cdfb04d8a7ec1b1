//! Ratings, checked against the pinned checklist version and the unit's type. For measured
//! items the server derives the outcome from the value; a client never sets it.

use std::collections::HashSet;

use thiserror::Error;

use super::{Citation, Outcome};
use crate::catalog::{ChecklistVersion, ItemCode, ItemKind, Measurement, UnitTypeCode};

crate::bounded_text!(
    /// An inspector's note on one item.
    Note, max = 2000, multiline = true
);

/// A rating as the inspector sent it, its fields already typed.
#[derive(Debug, Clone, PartialEq)]
pub struct RatingInput {
    pub item_code: ItemCode,
    pub outcome: Option<Outcome>,
    pub value: Option<f64>,
    /// The thing could not be measured at all (a hotline call nobody answered).
    pub unanswered: bool,
    pub note: Option<Note>,
    /// Where a recording of the report shows it.
    pub citation: Option<Citation>,
}

/// A rating that fits its item: the outcome is the one that counts.
#[derive(Debug, Clone, PartialEq)]
pub struct Rating {
    pub item_code: ItemCode,
    pub outcome: Outcome,
    pub value: Option<f64>,
    pub unanswered: bool,
    pub note: Option<Note>,
    pub citation: Option<Citation>,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RatingError {
    #[error("is not an item of this checklist version")]
    UnknownItem,
    #[error("does not apply to this type of unit")]
    NotApplicable,
    #[error("is rated twice")]
    Duplicate,
    #[error("a judgement item needs an outcome")]
    OutcomeRequired,
    #[error("a judgement item takes an outcome, not a value")]
    ValueOnJudgement,
    #[error("a measured item takes a value (or na); the server derives its outcome")]
    OutcomeOnMeasurement,
    #[error("a measured item needs a value, or outcome na")]
    ValueRequired,
    #[error("the value must be a finite number, zero or more")]
    ValueOutOfRange,
    #[error("this item cannot be marked unanswered")]
    UnansweredNotAllowed,
}

/// The ratings of one report: at most one per item, each fitting its item.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Ratings(Vec<Rating>);

/// Which ratings were refused (by position in the input) and why.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{} rating(s) refused", .0.len())]
pub struct RatingsError(pub Vec<(usize, RatingError)>);

fn derive(measurement: &Measurement, value: f64) -> Outcome {
    if measurement.major_above().is_some_and(|t| value > t) {
        Outcome::Major
    } else if measurement.minor_above().is_some_and(|t| value > t) {
        Outcome::Minor
    } else {
        Outcome::Ok
    }
}

fn rate(input: &RatingInput, kind: &ItemKind) -> Result<Rating, RatingError> {
    let outcome = match kind {
        ItemKind::Judgement => {
            if input.value.is_some() || input.unanswered {
                return Err(RatingError::ValueOnJudgement);
            }
            input.outcome.ok_or(RatingError::OutcomeRequired)?
        }
        ItemKind::Measurement(m) => match (input.outcome, input.value, input.unanswered) {
            (Some(Outcome::Na), None, false) => Outcome::Na,
            (Some(_), _, _) => return Err(RatingError::OutcomeOnMeasurement),
            (None, None, true) if m.unanswered_is_major() => Outcome::Major,
            (None, _, true) => return Err(RatingError::UnansweredNotAllowed),
            (None, None, false) => return Err(RatingError::ValueRequired),
            (None, Some(v), false) if !v.is_finite() || v < 0.0 => {
                return Err(RatingError::ValueOutOfRange);
            }
            (None, Some(v), false) => derive(m, v),
        },
    };
    Ok(Rating {
        item_code: input.item_code.clone(),
        outcome,
        value: input.value,
        unanswered: input.unanswered,
        note: input.note.clone(),
        citation: input.citation,
    })
}

impl Ratings {
    /// Checks every input against `checklist` for a unit of type `unit_type`; reports every
    /// refusal, not just the first.
    pub fn parse(
        inputs: &[RatingInput],
        checklist: &ChecklistVersion,
        unit_type: &UnitTypeCode,
    ) -> Result<Self, RatingsError> {
        let mut seen = HashSet::new();
        let mut ratings = Vec::with_capacity(inputs.len());
        let mut errors = Vec::new();
        for (index, input) in inputs.iter().enumerate() {
            let result = match checklist.item(&input.item_code) {
                None => Err(RatingError::UnknownItem),
                Some(item) if !item.applies_to_type(unit_type) => Err(RatingError::NotApplicable),
                Some(_) if !seen.insert(input.item_code.clone()) => Err(RatingError::Duplicate),
                Some(item) => rate(input, item.kind()),
            };
            match result {
                Ok(r) => ratings.push(r),
                Err(e) => errors.push((index, e)),
            }
        }
        if errors.is_empty() {
            // In the checklist's order, whatever order they came in.
            let position = |r: &Rating| {
                checklist
                    .items
                    .iter()
                    .position(|i| i.code() == &r.item_code)
            };
            ratings.sort_by_key(position);
            Ok(Self(ratings))
        } else {
            Err(RatingsError(errors))
        }
    }

    /// Ratings already checked and in checklist order (read back from storage).
    pub fn from_checked(ratings: Vec<Rating>) -> Self {
        Self(ratings)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Rating> {
        self.0.iter()
    }

    pub fn get(&self, code: &ItemCode) -> Option<&Rating> {
        self.0.iter().find(|r| &r.item_code == code)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The items that apply to `unit_type`, are not optional for it, and have no rating: a
    /// report cannot be submitted while any remain.
    pub fn unrated_required(
        &self,
        checklist: &ChecklistVersion,
        unit_type: &UnitTypeCode,
    ) -> Vec<ItemCode> {
        checklist
            .items
            .iter()
            .filter(|item| {
                item.applies_to_type(unit_type) && !item.optional_for().contains(unit_type)
            })
            .filter(|item| self.get(item.code()).is_none())
            .map(|item| item.code().clone())
            .collect()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::collections::BTreeSet;

    use chrono::{DateTime, Utc};

    use super::*;
    use crate::catalog::{
        ChecklistItem, ChecklistStatus, ChecklistVersionNumber, ItemTitle, MeasureUnit, Weight,
    };
    use crate::ids::ChecklistId;

    pub fn unit_type(code: &str) -> UnitTypeCode {
        UnitTypeCode::parse(code).unwrap()
    }

    pub fn item(
        code: &str,
        weight: u32,
        kind: ItemKind,
        critical: bool,
        applies: &[&str],
        optional: &[&str],
    ) -> ChecklistItem {
        ChecklistItem::new(
            ItemCode::parse(code).unwrap(),
            ItemTitle::parse("要点").unwrap(),
            ItemTitle::parse("item").unwrap(),
            None,
            kind,
            Weight::new(weight).unwrap(),
            critical,
            applies
                .iter()
                .map(|c| unit_type(c))
                .collect::<BTreeSet<_>>(),
            optional
                .iter()
                .map(|c| unit_type(c))
                .collect::<BTreeSet<_>>(),
        )
        .unwrap()
    }

    pub fn wait_minutes() -> ItemKind {
        ItemKind::Measurement(
            Measurement::new(MeasureUnit::Minutes, Some(15.0), Some(30.0), false).unwrap(),
        )
    }

    pub fn hold_seconds() -> ItemKind {
        ItemKind::Measurement(
            Measurement::new(MeasureUnit::Seconds, Some(60.0), Some(180.0), true).unwrap(),
        )
    }

    /// A small checklist: ATT-01 (10), DSC-04 (critical, 100), ENV-01 (not for HOT, 3),
    /// PRC-07 (wait, 6), DIG-01 (hold, 6, optional but for HOT).
    pub fn checklist() -> ChecklistVersion {
        ChecklistVersion {
            id: ChecklistId::new_random(),
            version: ChecklistVersionNumber::FIRST,
            status: ChecklistStatus::Published,
            items: vec![
                item(
                    "ATT-01",
                    10,
                    ItemKind::Judgement,
                    false,
                    &["EMP", "HOT"],
                    &[],
                ),
                item(
                    "DSC-04",
                    100,
                    ItemKind::Judgement,
                    true,
                    &["EMP", "HOT"],
                    &[],
                ),
                item("ENV-01", 3, ItemKind::Judgement, false, &["EMP"], &[]),
                item("PRC-07", 6, wait_minutes(), false, &["EMP", "HOT"], &[]),
                item(
                    "DIG-01",
                    6,
                    hold_seconds(),
                    false,
                    &["EMP", "HOT"],
                    &["EMP"],
                ),
            ],
            created_at: DateTime::<Utc>::UNIX_EPOCH,
            published_at: Some(DateTime::<Utc>::UNIX_EPOCH),
        }
    }

    pub fn judged(code: &str, outcome: Outcome) -> RatingInput {
        RatingInput {
            item_code: ItemCode::parse(code).unwrap(),
            outcome: Some(outcome),
            value: None,
            unanswered: false,
            note: None,
            citation: None,
        }
    }

    pub fn measured(code: &str, value: f64) -> RatingInput {
        RatingInput {
            item_code: ItemCode::parse(code).unwrap(),
            outcome: None,
            value: Some(value),
            unanswered: false,
            note: None,
            citation: None,
        }
    }

    fn outcome_of(input: RatingInput) -> Result<Outcome, RatingError> {
        Ratings::parse(&[input], &checklist(), &unit_type("EMP"))
            .map(|r| r.iter().next().unwrap().outcome)
            .map_err(|e| e.0[0].1.clone())
    }

    #[test]
    fn the_server_derives_measured_outcomes_from_the_thresholds() {
        assert_eq!(outcome_of(measured("PRC-07", 15.0)), Ok(Outcome::Ok));
        assert_eq!(outcome_of(measured("PRC-07", 15.5)), Ok(Outcome::Minor));
        assert_eq!(outcome_of(measured("PRC-07", 30.0)), Ok(Outcome::Minor));
        assert_eq!(outcome_of(measured("PRC-07", 31.0)), Ok(Outcome::Major));
        let unanswered = RatingInput {
            unanswered: true,
            value: None,
            ..measured("DIG-01", 0.0)
        };
        assert_eq!(outcome_of(unanswered), Ok(Outcome::Major));
    }

    #[test]
    fn a_rating_must_fit_its_item() {
        assert_eq!(
            outcome_of(judged("PRC-07", Outcome::Minor)),
            Err(RatingError::OutcomeOnMeasurement)
        );
        assert_eq!(outcome_of(judged("PRC-07", Outcome::Na)), Ok(Outcome::Na));
        assert_eq!(
            outcome_of(measured("ATT-01", 1.0)),
            Err(RatingError::ValueOnJudgement)
        );
        assert_eq!(
            outcome_of(measured("PRC-07", -1.0)),
            Err(RatingError::ValueOutOfRange)
        );
        assert_eq!(
            outcome_of(measured("PRC-07", f64::NAN)),
            Err(RatingError::ValueOutOfRange)
        );
        assert_eq!(
            outcome_of(measured("CMP-01", 1.0)),
            Err(RatingError::UnknownItem)
        );
        let unanswered = RatingInput {
            unanswered: true,
            value: None,
            ..measured("PRC-07", 0.0)
        };
        assert_eq!(
            outcome_of(unanswered),
            Err(RatingError::UnansweredNotAllowed)
        );
        let bare = RatingInput {
            value: None,
            ..measured("PRC-07", 0.0)
        };
        assert_eq!(outcome_of(bare), Err(RatingError::ValueRequired));
    }

    #[test]
    fn every_refusal_is_reported_with_its_position() {
        let inputs = [
            judged("ATT-01", Outcome::Ok),
            judged("ATT-01", Outcome::Ok),
            judged("ENV-01", Outcome::Ok),
        ];
        let errors = Ratings::parse(&inputs, &checklist(), &unit_type("HOT")).unwrap_err();
        assert_eq!(
            errors.0,
            vec![(1, RatingError::Duplicate), (2, RatingError::NotApplicable)]
        );
    }

    #[test]
    fn optional_items_need_no_rating_but_required_ones_do() {
        let ratings = Ratings::parse(
            &[judged("ATT-01", Outcome::Ok)],
            &checklist(),
            &unit_type("EMP"),
        )
        .unwrap();
        let codes = |v: Vec<ItemCode>| {
            v.into_iter()
                .map(|c| c.as_str().to_owned())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            codes(ratings.unrated_required(&checklist(), &unit_type("EMP"))),
            ["DSC-04", "ENV-01", "PRC-07"]
        );
        assert_eq!(
            codes(ratings.unrated_required(&checklist(), &unit_type("HOT"))),
            ["DSC-04", "PRC-07", "DIG-01"]
        );
    }
}
