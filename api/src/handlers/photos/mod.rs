pub mod delete;
pub mod download;
pub mod list;
pub mod upload;
