pub mod change_password;
pub mod sessions;
pub mod show;
