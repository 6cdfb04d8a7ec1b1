use anfang_domain::catalog::{
    DistrictCode, GeoError, GeoPoint, GeofenceRadius, NewUnit, Unit, UnitAddress, UnitCode,
    UnitName, UnitPatch, UnitTypeCode,
};
use anfang_infra::db::names::{Named, Names};
use anfang_infra::db::units::UnitFilter;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::error::{ApiError, FieldParser, Rule};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateUnitRequest {
    /// 1–32 letters, digits, hyphens; unique.
    #[schema(pattern = "^[A-Za-z0-9][A-Za-z0-9-]{0,31}$")]
    pub code: String,
    pub name: String,
    /// One of the codes of `/unit-types`.
    #[schema(pattern = "^[A-Z]{3}$")]
    pub type_code: String,
    /// Six-digit GB/T 2260 county code.
    #[schema(
        pattern = "^(1[1-5]|2[1-3]|3[1-7]|4[1-6]|5[0-4]|6[1-5]|71|8[12])[0-9]{2}(0[1-9]|[1-9][0-9])$"
    )]
    pub district: String,
    pub address: Option<String>,
    /// Give both latitude and longitude, or neither.
    #[schema(minimum = -90, maximum = 90)]
    pub latitude: Option<f64>,
    #[schema(minimum = -180, maximum = 180)]
    pub longitude: Option<f64>,
    /// Geofence radius in metres, 10 to 10000 (default 300).
    #[schema(minimum = 10, maximum = 10000)]
    pub geofence_m: Option<u32>,
}

fn location(
    p: &mut FieldParser,
    latitude: Option<f64>,
    longitude: Option<f64>,
) -> Option<Option<GeoPoint>> {
    match (latitude, longitude) {
        (None, None) => Some(None),
        (Some(lat), Some(lon)) => match GeoPoint::new(lat, lon) {
            Ok(point) => Some(Some(point)),
            Err(e @ GeoError::Latitude) => p.take::<Option<GeoPoint>, _>("latitude", Err(e)),
            Err(e) => p.take::<Option<GeoPoint>, _>("longitude", Err(e)),
        },
        (None, Some(_)) | (Some(_), None) => {
            p.push("latitude", Rule::CoordinatesPaired.into());
            None
        }
    }
}

impl CreateUnitRequest {
    pub fn parse(&self) -> Result<NewUnit, ApiError> {
        let mut p = FieldParser::default();
        let code = p.take("code", UnitCode::parse(&self.code));
        let name = p.take("name", UnitName::parse(&self.name));
        let type_code = p.take("type_code", UnitTypeCode::parse(&self.type_code));
        let district = p.take("district", DistrictCode::parse(&self.district));
        let address = p.take_opt("address", self.address.as_deref().map(UnitAddress::parse));
        let location = location(&mut p, self.latitude, self.longitude);
        let geofence = match self.geofence_m {
            None => Some(GeofenceRadius::DEFAULT),
            Some(m) => p.take("geofence_m", GeofenceRadius::new(m)),
        };
        let (
            Some(code),
            Some(name),
            Some(type_code),
            Some(district),
            Some(address),
            Some(location),
            Some(geofence),
        ) = (code, name, type_code, district, address, location, geofence)
        else {
            return Err(p.into_error());
        };
        Ok(NewUnit {
            code,
            name,
            type_code,
            district,
            address,
            location,
            geofence,
        })
    }
}

/// Each field given replaces the stored one; the code and type never change.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateUnitRequest {
    pub name: Option<String>,
    pub district: Option<String>,
    #[serde(default, deserialize_with = "super::present")]
    #[schema(value_type = Option<String>)]
    pub address: Option<Option<String>>,
    /// Give both latitude and longitude to move the unit.
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub geofence_m: Option<u32>,
    /// `false` takes the unit out of future draws; its history stays.
    pub active: Option<bool>,
}

impl UpdateUnitRequest {
    pub fn parse(&self) -> Result<UnitPatch, ApiError> {
        let mut p = FieldParser::default();
        let name = p.take_opt("name", self.name.as_deref().map(UnitName::parse));
        let district = p.take_opt(
            "district",
            self.district.as_deref().map(DistrictCode::parse),
        );
        let address = match &self.address {
            None => Some(None),
            Some(None) => Some(Some(None)),
            Some(Some(a)) => p
                .take("address", UnitAddress::parse(a))
                .map(|a| Some(Some(a))),
        };
        let location = match location(&mut p, self.latitude, self.longitude) {
            Some(Some(point)) => Some(Some(Some(point))),
            Some(None) => Some(None),
            None => None,
        };
        let geofence = p.take_opt("geofence_m", self.geofence_m.map(GeofenceRadius::new));
        let (Some(name), Some(district), Some(address), Some(location), Some(geofence)) =
            (name, district, address, location, geofence)
        else {
            return Err(p.into_error());
        };
        Ok(UnitPatch {
            name,
            district,
            address,
            location,
            geofence,
            active: self.active,
        })
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnitListQuery {
    /// Only units of this type.
    #[param(pattern = "^[A-Z]{3}$")]
    pub type_code: Option<String>,
    /// Only units in this district.
    #[param(
        pattern = "^(1[1-5]|2[1-3]|3[1-7]|4[1-6]|5[0-4]|6[1-5]|71|8[12])[0-9]{2}(0[1-9]|[1-9][0-9])$"
    )]
    pub district: Option<String>,
    /// Only active (or only inactive) units.
    pub active: Option<bool>,
}

impl UnitListQuery {
    pub fn parse(&self) -> Result<UnitFilter, ApiError> {
        let mut p = FieldParser::default();
        let type_code = p.take_opt(
            "type_code",
            self.type_code.as_deref().map(UnitTypeCode::parse),
        );
        let district = p.take_opt(
            "district",
            self.district.as_deref().map(DistrictCode::parse),
        );
        let (Some(type_code), Some(district)) = (type_code, district) else {
            return Err(p.into_parameter_error());
        };
        Ok(UnitFilter {
            type_code,
            district,
            active: self.active,
        })
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UnitResponse {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub type_code: String,
    pub type_name: String,
    pub type_name_en: String,
    pub district: String,
    /// e.g. 上城区
    pub district_name: String,
    pub address: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub geofence_m: u32,
    pub active: bool,
}

impl UnitResponse {
    pub fn new(u: Unit, names: &Names) -> Self {
        let type_names = names.unit_type(u.type_code.as_str());
        Self {
            type_name: type_names.zh,
            type_name_en: type_names.en,
            district_name: names.district(u.district.as_str()),
            id: u.id.as_uuid(),
            code: u.code.as_str().to_owned(),
            name: u.name.into_inner(),
            type_code: u.type_code.as_str().to_owned(),
            district: u.district.as_str().to_owned(),
            address: u.address.map(UnitAddress::into_inner),
            latitude: u.location.map(|p| p.latitude()),
            longitude: u.location.map(|p| p.longitude()),
            geofence_m: u.geofence.metres(),
            active: u.active,
        }
    }
}

impl From<Named<Unit>> for UnitResponse {
    fn from(n: Named<Unit>) -> Self {
        Self::new(n.value, &n.names)
    }
}
