pub mod export;
pub mod list;
