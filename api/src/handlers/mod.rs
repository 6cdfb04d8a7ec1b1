//! Request handlers, one file per action: extract, call a use case, map to a DTO.

pub mod assignments;
pub mod auth;
pub mod campaigns;
pub mod checklists;
pub mod findings;
pub mod me;
pub mod notices;
pub mod ops;
pub mod photos;
pub mod reports;
pub mod settings;
pub mod stats;
pub mod unit_types;
pub mod units;
pub mod users;
