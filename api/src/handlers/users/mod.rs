pub mod create;
pub mod end_sessions;
pub mod list;
pub mod reset_password;
pub mod show;
pub mod update;
