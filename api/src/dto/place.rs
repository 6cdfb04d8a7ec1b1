use anfang_infra::db::names::Place;
use serde::Serialize;
use utoipa::ToSchema;

/// The unit a record is about, as people read it: by name, with its type and district named
/// (those it had when visited, for a report and its findings).
#[derive(Debug, Serialize, ToSchema)]
pub struct PlaceResponse {
    pub name: String,
    /// e.g. `EMP`
    pub unit_type: String,
    pub unit_type_name: String,
    pub unit_type_name_en: String,
    /// e.g. `330102`
    pub district: String,
    /// e.g. 上城区
    pub district_name: String,
}

impl From<Place> for PlaceResponse {
    fn from(p: Place) -> Self {
        Self {
            name: p.unit_name,
            unit_type: p.unit_type,
            unit_type_name: p.unit_type_name,
            unit_type_name_en: p.unit_type_name_en,
            district: p.district,
            district_name: p.district_name,
        }
    }
}
