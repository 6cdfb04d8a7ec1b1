//! Who may do what: the roles of SPEC §1 and the rules that bind them.

mod device;
mod permission;
mod role;
mod throttle;

pub use device::{ClientVersion, DeviceName};
pub use permission::Permission;
pub use role::{Role, UnknownRole};
pub use throttle::{ThrottleDecision, ThrottlePolicy, ThrottleState};
