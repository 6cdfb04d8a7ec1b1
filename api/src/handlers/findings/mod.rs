pub mod list;
pub mod show;
pub mod steps;
