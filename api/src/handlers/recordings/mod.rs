pub mod download;
pub mod list;
pub mod of_finding;
