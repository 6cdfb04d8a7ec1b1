use anfang_domain::catalog::{District, DistrictCode, DistrictName};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::{ApiError, FieldParser};

#[derive(Debug, Serialize, ToSchema)]
pub struct DistrictResponse {
    /// Six digits of GB/T 2260, e.g. `330102`.
    pub code: String,
    /// e.g. 上城区
    pub name: String,
}

impl From<District> for DistrictResponse {
    fn from(d: District) -> Self {
        Self {
            code: d.code.as_str().to_owned(),
            name: d.name.into_inner(),
        }
    }
}

/// Lists a district the bureau works in, by its GB/T 2260 code: a county-level code of an
/// existing province.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateDistrictRequest {
    #[schema(
        pattern = "^(1[1-5]|2[1-3]|3[1-7]|4[1-6]|5[0-4]|6[1-5]|71|8[12])[0-9]{2}(0[1-9]|[1-9][0-9])$",
        example = "330102"
    )]
    pub code: String,
    #[schema(min_length = 1, max_length = 64, example = "上城区")]
    pub name: String,
}

impl CreateDistrictRequest {
    pub fn parse(&self) -> Result<District, ApiError> {
        let mut p = FieldParser::default();
        let code = p.take("code", DistrictCode::parse(&self.code));
        let name = p.take("name", DistrictName::parse(&self.name));
        match (code, name) {
            (Some(code), Some(name)) => Ok(District { code, name }),
            _ => Err(p.into_error()),
        }
    }
}

/// Renames a district; its code never changes.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateDistrictRequest {
    #[schema(min_length = 1, max_length = 64)]
    pub name: String,
}

impl UpdateDistrictRequest {
    pub fn parse(&self) -> Result<DistrictName, ApiError> {
        let mut p = FieldParser::default();
        p.take("name", DistrictName::parse(&self.name))
            .ok_or_else(|| p.into_error())
    }
}
