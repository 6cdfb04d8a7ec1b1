use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use thiserror::Error;

use super::{CodeFormatError, UnitTypeCode};

/// The six dimensions of the checklist; an item's code starts with its dimension's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dimension {
    /// ATT 服务态度
    Attitude,
    /// PRC 办事流程
    Procedure,
    /// CMP 业务能力
    Competence,
    /// DSC 工作纪律
    Discipline,
    /// ENV 窗口环境
    Environment,
    /// DIG 线上及电话服务
    Digital,
}

impl Dimension {
    pub const ALL: [Dimension; 6] = [
        Dimension::Attitude,
        Dimension::Procedure,
        Dimension::Competence,
        Dimension::Discipline,
        Dimension::Environment,
        Dimension::Digital,
    ];

    pub fn name_zh(self) -> &'static str {
        match self {
            Dimension::Attitude => "服务态度",
            Dimension::Procedure => "办事流程",
            Dimension::Competence => "业务能力",
            Dimension::Discipline => "工作纪律",
            Dimension::Environment => "窗口环境",
            Dimension::Digital => "线上及电话服务",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Dimension::Attitude => "Service attitude",
            Dimension::Procedure => "Procedures",
            Dimension::Competence => "Competence",
            Dimension::Discipline => "Work discipline",
            Dimension::Environment => "Service environment",
            Dimension::Digital => "Online and telephone service",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Dimension::Attitude => "ATT",
            Dimension::Procedure => "PRC",
            Dimension::Competence => "CMP",
            Dimension::Discipline => "DSC",
            Dimension::Environment => "ENV",
            Dimension::Digital => "DIG",
        }
    }
}

impl FromStr for Dimension {
    type Err = CodeFormatError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Dimension::ALL
            .into_iter()
            .find(|d| d.code() == s)
            .ok_or(CodeFormatError {
                expected: "one of ATT, PRC, CMP, DSC, ENV, DIG",
            })
    }
}

/// An item code such as `PRC-07`: its dimension's code, a hyphen, two digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ItemCode {
    text: String,
    dimension: Dimension,
}

impl ItemCode {
    pub fn parse(raw: &str) -> Result<Self, CodeFormatError> {
        let error = CodeFormatError {
            expected: "a dimension code, a hyphen and two digits, e.g. PRC-07",
        };
        // ASCII first: the slices below are by byte.
        let shaped = raw.len() == 6
            && raw.is_ascii()
            && raw.as_bytes()[3] == b'-'
            && raw[4..].bytes().all(|b| b.is_ascii_digit());
        if !shaped {
            return Err(error);
        }
        let dimension = raw[..3].parse::<Dimension>().map_err(|_| error)?;
        Ok(Self {
            text: raw.to_owned(),
            dimension,
        })
    }

    pub fn dimension(&self) -> Dimension {
        self.dimension
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl std::str::FromStr for ItemCode {
    type Err = CodeFormatError;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        Self::parse(raw)
    }
}

impl fmt::Display for ItemCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

crate::bounded_text!(
    /// An item's title, in Chinese or English.
    ItemTitle, max = 200, multiline = false
);
crate::bounded_text!(
    /// What an inspector should look for.
    ItemGuidance, max = 2000, multiline = true
);

/// Points deducted for a `major` rating (a `minor` deducts half): 1 to 100.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Weight(u32);

impl Weight {
    pub fn new(points: u32) -> Result<Self, ItemError> {
        if (1..=100).contains(&points) {
            Ok(Self(points))
        } else {
            Err(ItemError::Weight)
        }
    }

    pub fn points(self) -> u32 {
        self.0
    }
}

/// What a measurement counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeasureUnit {
    Documents,
    Forms,
    Trips,
    Minutes,
    Seconds,
}

impl MeasureUnit {
    pub const ALL: [MeasureUnit; 5] = [
        MeasureUnit::Documents,
        MeasureUnit::Forms,
        MeasureUnit::Trips,
        MeasureUnit::Minutes,
        MeasureUnit::Seconds,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MeasureUnit::Documents => "documents",
            MeasureUnit::Forms => "forms",
            MeasureUnit::Trips => "trips",
            MeasureUnit::Minutes => "minutes",
            MeasureUnit::Seconds => "seconds",
        }
    }
}

impl FromStr for MeasureUnit {
    type Err = CodeFormatError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        MeasureUnit::ALL
            .into_iter()
            .find(|u| u.as_str() == s)
            .ok_or(CodeFormatError {
                expected: "one of documents, forms, trips, minutes, seconds",
            })
    }
}

/// A measured item: the value is compared with the thresholds and the server derives the
/// outcome. A value above `minor_above` is minor, above `major_above` major; when the thing
/// could not be measured at all (a call never answered), `unanswered_is_major` decides.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measurement {
    unit: MeasureUnit,
    minor_above: Option<f64>,
    major_above: Option<f64>,
    unanswered_is_major: bool,
}

impl Measurement {
    pub fn new(
        unit: MeasureUnit,
        minor_above: Option<f64>,
        major_above: Option<f64>,
        unanswered_is_major: bool,
    ) -> Result<Self, ItemError> {
        let finite_non_negative = |v: Option<f64>| v.is_none_or(|v| v.is_finite() && v >= 0.0);
        if !finite_non_negative(minor_above) || !finite_non_negative(major_above) {
            return Err(ItemError::Thresholds);
        }
        match (minor_above, major_above) {
            (None, None) => Err(ItemError::Thresholds),
            (Some(minor), Some(major)) if minor >= major => Err(ItemError::Thresholds),
            _ => Ok(Self {
                unit,
                minor_above,
                major_above,
                unanswered_is_major,
            }),
        }
    }

    pub fn unit(&self) -> MeasureUnit {
        self.unit
    }

    pub fn minor_above(&self) -> Option<f64> {
        self.minor_above
    }

    pub fn major_above(&self) -> Option<f64> {
        self.major_above
    }

    pub fn unanswered_is_major(&self) -> bool {
        self.unanswered_is_major
    }
}

/// Whether an inspector judges the item or measures it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ItemKind {
    Judgement,
    Measurement(Measurement),
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ItemError {
    #[error("weight must be between 1 and 100 points")]
    Weight,
    #[error("thresholds must be finite, non-negative, at least one given, and minor below major")]
    Thresholds,
    #[error("the item must apply to at least one unit type")]
    NoApplicability,
    #[error("an item can be optional only for unit types it applies to")]
    OptionalNotApplicable,
}

/// One point of the checklist (暗访要点).
#[derive(Debug, Clone, PartialEq)]
pub struct ChecklistItem {
    code: ItemCode,
    title: ItemTitle,
    title_en: ItemTitle,
    guidance: Option<ItemGuidance>,
    kind: ItemKind,
    weight: Weight,
    critical: bool,
    applies_to: BTreeSet<UnitTypeCode>,
    optional_for: BTreeSet<UnitTypeCode>,
}

impl ChecklistItem {
    /// `optional_for`: unit types where the item may be left unrated (DIG-01 outside the
    /// hotline); it must be a subset of `applies_to`.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        code: ItemCode,
        title: ItemTitle,
        title_en: ItemTitle,
        guidance: Option<ItemGuidance>,
        kind: ItemKind,
        weight: Weight,
        critical: bool,
        applies_to: BTreeSet<UnitTypeCode>,
        optional_for: BTreeSet<UnitTypeCode>,
    ) -> Result<Self, ItemError> {
        if applies_to.is_empty() {
            return Err(ItemError::NoApplicability);
        }
        if !optional_for.is_subset(&applies_to) {
            return Err(ItemError::OptionalNotApplicable);
        }
        Ok(Self {
            code,
            title,
            title_en,
            guidance,
            kind,
            weight,
            critical,
            applies_to,
            optional_for,
        })
    }

    pub fn code(&self) -> &ItemCode {
        &self.code
    }

    pub fn dimension(&self) -> Dimension {
        self.code.dimension()
    }

    pub fn title(&self) -> &ItemTitle {
        &self.title
    }

    pub fn title_en(&self) -> &ItemTitle {
        &self.title_en
    }

    pub fn guidance(&self) -> Option<&ItemGuidance> {
        self.guidance.as_ref()
    }

    pub fn kind(&self) -> &ItemKind {
        &self.kind
    }

    pub fn weight(&self) -> Weight {
        self.weight
    }

    pub fn is_critical(&self) -> bool {
        self.critical
    }

    pub fn applies_to(&self) -> &BTreeSet<UnitTypeCode> {
        &self.applies_to
    }

    pub fn optional_for(&self) -> &BTreeSet<UnitTypeCode> {
        &self.optional_for
    }

    pub fn applies_to_type(&self, unit_type: &UnitTypeCode) -> bool {
        self.applies_to.contains(unit_type)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn types(codes: &[&str]) -> BTreeSet<UnitTypeCode> {
        codes
            .iter()
            .map(|c| UnitTypeCode::parse(c).unwrap())
            .collect()
    }

    #[test]
    fn item_codes_carry_their_dimension() {
        let code = ItemCode::parse("PRC-07").unwrap();
        assert_eq!(code.dimension(), Dimension::Procedure);
        for bad in [
            "PRC07",
            "XYZ-01",
            "PRC-7",
            "prc-07",
            "PRC-0a",
            "00\u{80}\u{80}",
            "PR€-1",
        ] {
            assert!(ItemCode::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn thresholds_must_be_ordered_and_present() {
        let minutes = MeasureUnit::Minutes;
        assert!(Measurement::new(minutes, Some(15.0), Some(30.0), false).is_ok());
        assert!(Measurement::new(minutes, None, Some(0.0), false).is_ok());
        assert_eq!(
            Measurement::new(minutes, None, None, false),
            Err(ItemError::Thresholds)
        );
        assert_eq!(
            Measurement::new(minutes, Some(30.0), Some(15.0), false),
            Err(ItemError::Thresholds)
        );
        assert_eq!(
            Measurement::new(minutes, Some(f64::INFINITY), None, false),
            Err(ItemError::Thresholds)
        );
    }

    #[test]
    fn an_item_is_optional_only_where_it_applies() {
        let make = |applies: &[&str], optional: &[&str]| {
            ChecklistItem::new(
                ItemCode::parse("DIG-01").unwrap(),
                ItemTitle::parse("电话无人接听").unwrap(),
                ItemTitle::parse("hotline unanswered").unwrap(),
                None,
                ItemKind::Judgement,
                Weight::new(6).unwrap(),
                false,
                types(applies),
                types(optional),
            )
        };
        assert!(make(&["HOT", "EMP"], &["EMP"]).is_ok());
        assert_eq!(
            make(&["HOT"], &["EMP"]),
            Err(ItemError::OptionalNotApplicable)
        );
        assert_eq!(make(&[], &[]), Err(ItemError::NoApplicability));
    }

    #[test]
    fn weights_are_between_one_and_a_hundred() {
        assert!(Weight::new(100).is_ok());
        assert_eq!(Weight::new(0), Err(ItemError::Weight));
        assert_eq!(Weight::new(101), Err(ItemError::Weight));
    }
}
