//! anfang's business rules. Everything here is pure: no database, no HTTP, no clock reads
//! (callers pass `now`), no randomness (callers pass seeds). A value of a type from this crate
//! is valid by construction: the constructors are the only way in.

pub mod auth;
pub mod campaign;
pub mod catalog;
pub mod day_range;
pub mod finding;
pub mod ids;
pub mod notice;
pub mod report;
pub mod settings;
pub mod text;
pub mod user;
