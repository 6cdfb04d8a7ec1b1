use std::collections::BTreeSet;

use anfang_domain::catalog::{
    ChecklistItem, ChecklistVersion, ItemCode, ItemGuidance, ItemKind, ItemTitle, MeasureUnit,
    Measurement, UnitTypeCode, Weight,
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::error::{ApiError, FieldParser, Rule};

#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ItemKindDto {
    Judgement,
    Measurement,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MeasureUnitDto {
    Documents,
    Forms,
    Trips,
    Minutes,
    Seconds,
}

impl From<MeasureUnitDto> for MeasureUnit {
    fn from(u: MeasureUnitDto) -> Self {
        match u {
            MeasureUnitDto::Documents => MeasureUnit::Documents,
            MeasureUnitDto::Forms => MeasureUnit::Forms,
            MeasureUnitDto::Trips => MeasureUnit::Trips,
            MeasureUnitDto::Minutes => MeasureUnit::Minutes,
            MeasureUnitDto::Seconds => MeasureUnit::Seconds,
        }
    }
}

impl From<MeasureUnit> for MeasureUnitDto {
    fn from(u: MeasureUnit) -> Self {
        match u {
            MeasureUnit::Documents => MeasureUnitDto::Documents,
            MeasureUnit::Forms => MeasureUnitDto::Forms,
            MeasureUnit::Trips => MeasureUnitDto::Trips,
            MeasureUnit::Minutes => MeasureUnitDto::Minutes,
            MeasureUnit::Seconds => MeasureUnitDto::Seconds,
        }
    }
}

/// How a measurement becomes an outcome: above `minor_above` is minor, above `major_above`
/// major; `unanswered_is_major` when the thing could not be measured (a call never answered).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeasurementDto {
    pub unit: MeasureUnitDto,
    pub minor_above: Option<f64>,
    pub major_above: Option<f64>,
    #[serde(default)]
    pub unanswered_is_major: bool,
}

/// A checklist item as read, and as written (where `dimension` may be omitted: it follows
/// from the code).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChecklistItemDto {
    /// e.g. `PRC-07`; the prefix is the dimension.
    pub code: String,
    /// ATT, PRC, CMP, DSC, ENV or DIG.
    #[serde(default)]
    pub dimension: Option<String>,
    pub title: String,
    pub title_en: String,
    pub guidance: Option<String>,
    pub kind: ItemKindDto,
    /// Present exactly when `kind` is `measurement`.
    pub measurement: Option<MeasurementDto>,
    /// Points deducted for `major`; `minor` deducts half.
    pub weight: u32,
    /// A `major` on a critical item fails the report whatever the score.
    #[serde(default)]
    pub critical: bool,
    /// Unit-type codes the item applies to.
    pub applies_to: Vec<String>,
    /// Unit-type codes where the item may be left unrated.
    #[serde(default)]
    pub optional_for: Vec<String>,
}

impl From<&ChecklistItem> for ChecklistItemDto {
    fn from(item: &ChecklistItem) -> Self {
        let (kind, measurement) = match item.kind() {
            ItemKind::Judgement => (ItemKindDto::Judgement, None),
            ItemKind::Measurement(m) => (
                ItemKindDto::Measurement,
                Some(MeasurementDto {
                    unit: m.unit().into(),
                    minor_above: m.minor_above(),
                    major_above: m.major_above(),
                    unanswered_is_major: m.unanswered_is_major(),
                }),
            ),
        };
        let codes =
            |set: &BTreeSet<UnitTypeCode>| set.iter().map(|c| c.as_str().to_owned()).collect();
        Self {
            code: item.code().as_str().to_owned(),
            dimension: Some(item.dimension().code().to_owned()),
            title: item.title().as_str().to_owned(),
            title_en: item.title_en().as_str().to_owned(),
            guidance: item.guidance().map(|g| g.as_str().to_owned()),
            kind,
            measurement,
            weight: item.weight().points(),
            critical: item.is_critical(),
            applies_to: codes(item.applies_to()),
            optional_for: codes(item.optional_for()),
        }
    }
}

fn type_codes(
    p: &mut FieldParser,
    field: &str,
    codes: &[String],
) -> Option<BTreeSet<UnitTypeCode>> {
    let mut set = BTreeSet::new();
    let mut ok = true;
    for (i, code) in codes.iter().enumerate() {
        match p.take(&format!("{field}[{i}]"), UnitTypeCode::parse(code)) {
            Some(c) => {
                set.insert(c);
            }
            None => ok = false,
        }
    }
    ok.then_some(set)
}

impl ChecklistItemDto {
    fn parse(&self, p: &mut FieldParser, at: &str) -> Option<ChecklistItem> {
        let f = |name: &str| format!("{at}.{name}");
        let code = p.take(&f("code"), ItemCode::parse(&self.code));
        if let (Some(code), Some(dimension)) = (&code, &self.dimension)
            && code.dimension().code() != dimension
        {
            p.push(f("dimension"), Rule::DimensionMismatch.into());
        }
        let title = p.take(&f("title"), ItemTitle::parse(&self.title));
        let title_en = p.take(&f("title_en"), ItemTitle::parse(&self.title_en));
        let guidance = p.take_opt(
            &f("guidance"),
            self.guidance.as_deref().map(ItemGuidance::parse),
        );
        let weight = p.take(&f("weight"), Weight::new(self.weight));
        let kind = match (self.kind, &self.measurement) {
            (ItemKindDto::Judgement, None) => Some(ItemKind::Judgement),
            (ItemKindDto::Measurement, Some(m)) => p
                .take(
                    &f("measurement"),
                    Measurement::new(
                        m.unit.into(),
                        m.minor_above,
                        m.major_above,
                        m.unanswered_is_major,
                    ),
                )
                .map(ItemKind::Measurement),
            _ => {
                p.push(f("measurement"), Rule::MeasurementRule.into());
                None
            }
        };
        let applies_to = type_codes(p, &f("applies_to"), &self.applies_to);
        let optional_for = type_codes(p, &f("optional_for"), &self.optional_for);
        let (
            Some(code),
            Some(title),
            Some(title_en),
            Some(guidance),
            Some(weight),
            Some(kind),
            Some(applies_to),
            Some(optional_for),
        ) = (
            code,
            title,
            title_en,
            guidance,
            weight,
            kind,
            applies_to,
            optional_for,
        )
        else {
            return None;
        };
        p.take(
            &f("applies_to"),
            ChecklistItem::new(
                code,
                title,
                title_en,
                guidance,
                kind,
                weight,
                self.critical,
                applies_to,
                optional_for,
            ),
        )
    }
}

/// The items of a new or edited draft version.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChecklistWriteRequest {
    #[validate(length(min = 1, max = 200))]
    pub items: Vec<ChecklistItemDto>,
}

impl ChecklistWriteRequest {
    pub fn parse(&self) -> Result<Vec<ChecklistItem>, ApiError> {
        self.validate()?;
        let mut p = FieldParser::default();
        let items: Vec<_> = self
            .items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| item.parse(&mut p, &format!("items[{i}]")))
            .collect();
        if p.is_clean() {
            Ok(items)
        } else {
            Err(p.into_error())
        }
    }
}

#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChecklistStatusDto {
    Draft,
    Published,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ChecklistResponse {
    pub id: Uuid,
    /// 1, 2, … in order of creation.
    pub version: u32,
    pub status: ChecklistStatusDto,
    pub created_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
    pub items: Vec<ChecklistItemDto>,
}

impl From<ChecklistVersion> for ChecklistResponse {
    fn from(c: ChecklistVersion) -> Self {
        use anfang_domain::catalog::ChecklistStatus;
        Self {
            id: c.id.as_uuid(),
            version: c.version.get(),
            status: match c.status {
                ChecklistStatus::Draft => ChecklistStatusDto::Draft,
                ChecklistStatus::Published => ChecklistStatusDto::Published,
            },
            created_at: c.created_at,
            published_at: c.published_at,
            items: c.items.iter().map(ChecklistItemDto::from).collect(),
        }
    }
}
