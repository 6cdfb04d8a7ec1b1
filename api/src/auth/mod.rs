//! Authentication: access tokens (JWT), refresh tokens (opaque), and the extractor that turns
//! a request's bearer token into the signed-in user.

mod current_user;
mod origin;

pub use current_user::CurrentUser;
pub use origin::Origin;
