pub mod list;
pub mod update;
