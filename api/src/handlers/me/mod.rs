pub mod change_password;
pub mod show;
