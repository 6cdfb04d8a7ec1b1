//! Request and response bodies: serde for the wire, validator for structural bounds, utoipa
//! for the OpenAPI document. Requests are parsed into domain values here; nothing past a DTO
//! sees raw input.

pub mod audit;
pub mod auth;
pub mod campaigns;
pub mod checklists;
pub mod districts;
pub mod findings;
pub mod ledger;
pub mod letterhead;
pub mod manifest;
pub mod notices;
pub mod page;
pub mod photos;
pub mod place;
pub mod problem;
pub mod query;
pub mod readiness;
pub mod recordings;
pub mod reports;
pub mod settings;
pub mod stats;
pub mod unit_types;
pub mod units;
pub mod uploads;
pub mod users;

use serde::{Deserialize, Deserializer};

/// For PATCH fields that can be cleared: absent = leave alone, `null` = clear, value = set.
pub fn present<'de, T, D>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}
