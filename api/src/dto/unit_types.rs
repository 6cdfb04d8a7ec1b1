use anfang_domain::catalog::{UnitType, UnitTypeName};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::{ApiError, FieldParser};

#[derive(Debug, Serialize, ToSchema)]
pub struct UnitTypeResponse {
    /// e.g. `EMP`
    pub code: String,
    /// e.g. 公共就业服务机构
    pub name: String,
    pub name_en: String,
}

impl From<UnitType> for UnitTypeResponse {
    fn from(t: UnitType) -> Self {
        Self {
            code: t.code.as_str().to_owned(),
            name: t.name.into_inner(),
            name_en: t.name_en.into_inner(),
        }
    }
}

/// Renames a unit type; its code never changes.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateUnitTypeRequest {
    pub name: Option<String>,
    pub name_en: Option<String>,
}

impl UpdateUnitTypeRequest {
    /// The new names, each `None` when unchanged.
    pub fn parse(&self) -> Result<(Option<UnitTypeName>, Option<UnitTypeName>), ApiError> {
        let mut p = FieldParser::default();
        let name = p.take_opt("name", self.name.as_deref().map(UnitTypeName::parse));
        let name_en = p.take_opt("name_en", self.name_en.as_deref().map(UnitTypeName::parse));
        match (name, name_en) {
            (Some(name), Some(name_en)) => Ok((name, name_en)),
            _ => Err(p.into_error()),
        }
    }
}
