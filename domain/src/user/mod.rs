//! Accounts: who a user is, and the rule that binds a role to a unit and a district.

mod account;
mod credentials;

pub use account::{AccountError, DisplayName, NewUser, User, UserPatch, Username};
pub use credentials::{Password, PasswordError};
