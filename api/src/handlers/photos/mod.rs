pub mod delete;
pub mod download;
pub mod form;
pub mod list;
pub mod upload;
