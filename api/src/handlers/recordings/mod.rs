pub mod download;
pub mod list;
