//! Reference data (SPEC §2): the window-unit types, the districts, the units, and the checklist
//! versions.

mod checklist;
mod checklist_item;
mod district;
mod geo;
#[cfg(test)]
mod parsing_properties;
mod unit;
mod unit_type;

pub use checklist::{ChecklistError, ChecklistStatus, ChecklistVersion, ChecklistVersionNumber};
pub use checklist_item::{
    ChecklistItem, Dimension, ItemCode, ItemError, ItemGuidance, ItemKind, ItemTitle, MeasureUnit,
    Measurement, Weight,
};
pub use district::{District, DistrictCode, DistrictError, DistrictName};
pub use geo::{GeoError, GeoPoint, GeofenceRadius};
pub use unit::{NewUnit, Unit, UnitAddress, UnitCode, UnitName, UnitPatch};
pub use unit_type::{CodeFormatError, UnitType, UnitTypeCode, UnitTypeName};
