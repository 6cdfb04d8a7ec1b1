pub mod create;
pub mod list;
pub mod show;
pub mod update;
