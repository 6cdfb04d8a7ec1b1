pub mod create;
pub mod list;
pub mod reset_password;
pub mod show;
pub mod update;
