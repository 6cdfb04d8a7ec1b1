use super::{CodeFormatError, DistrictCode, GeoPoint, GeofenceRadius, UnitTypeCode};
use crate::ids::UnitId;

/// A unit's own short code, e.g. `HZ-SC-EMP-01`: 1–32 letters, digits and hyphens.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UnitCode(String);

impl UnitCode {
    pub fn parse(raw: &str) -> Result<Self, CodeFormatError> {
        let ok = (1..=32).contains(&raw.len())
            && raw.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !raw.starts_with('-');
        if ok {
            Ok(Self(raw.to_owned()))
        } else {
            Err(CodeFormatError {
                expected: "1 to 32 letters, digits or hyphens, not starting with a hyphen",
            })
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

crate::bounded_text!(
    /// A unit's name, e.g. 上城区公共就业服务中心.
    UnitName, max = 100, multiline = false
);
crate::bounded_text!(
    /// A unit's street address.
    UnitAddress, max = 200, multiline = false
);

/// A window unit (窗口单位), SPEC §2.1.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    pub id: UnitId,
    pub code: UnitCode,
    pub name: UnitName,
    pub type_code: UnitTypeCode,
    pub district: DistrictCode,
    pub address: Option<UnitAddress>,
    pub location: Option<GeoPoint>,
    pub geofence: GeofenceRadius,
    pub active: bool,
}

/// A unit about to be created.
#[derive(Debug, Clone, PartialEq)]
pub struct NewUnit {
    pub code: UnitCode,
    pub name: UnitName,
    pub type_code: UnitTypeCode,
    pub district: DistrictCode,
    pub address: Option<UnitAddress>,
    pub location: Option<GeoPoint>,
    pub geofence: GeofenceRadius,
}

impl NewUnit {
    pub fn into_unit(self, id: UnitId) -> Unit {
        Unit {
            id,
            code: self.code,
            name: self.name,
            type_code: self.type_code,
            district: self.district,
            address: self.address,
            location: self.location,
            geofence: self.geofence,
            active: true,
        }
    }
}

/// A change to a unit: each `Some` replaces the field. The code and type never change, so that
/// history about the unit keeps meaning the same thing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UnitPatch {
    pub name: Option<UnitName>,
    pub district: Option<DistrictCode>,
    pub address: Option<Option<UnitAddress>>,
    pub location: Option<Option<GeoPoint>>,
    pub geofence: Option<GeofenceRadius>,
    pub active: Option<bool>,
}

impl UnitPatch {
    pub fn apply(self, unit: &mut Unit) {
        if let Some(v) = self.name {
            unit.name = v;
        }
        if let Some(v) = self.district {
            unit.district = v;
        }
        if let Some(v) = self.address {
            unit.address = v;
        }
        if let Some(v) = self.location {
            unit.location = v;
        }
        if let Some(v) = self.geofence {
            unit.geofence = v;
        }
        if let Some(v) = self.active {
            unit.active = v;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_codes_are_short_and_plain() {
        assert!(UnitCode::parse("HZ-SC-EMP-01").is_ok());
        for bad in ["", "-A", "a b", "上城", &"A".repeat(33)] {
            assert!(UnitCode::parse(bad).is_err(), "{bad}");
        }
    }
}
