//! Authentication: access tokens (JWT), refresh tokens (opaque), and the extractor that turns
//! a request's bearer token into the signed-in user.

mod current_user;
mod hmac_provider;
mod jwt;
mod origin;
mod refresh;

pub use current_user::CurrentUser;
pub use hmac_provider::install as install_jwt_crypto;
pub use jwt::{AccessClaims, TokenKeys};
pub use origin::Origin;
pub use refresh::{RefreshToken, hash_refresh_token};
