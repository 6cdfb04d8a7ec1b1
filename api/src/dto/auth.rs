use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use super::users::RoleDto;

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    #[validate(length(min = 1, max = 64))]
    pub username: String,
    /// Bounded so that hashing an absurd input cannot be used to tie up the server.
    #[validate(length(min = 1, max = 1024))]
    pub password: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    #[validate(length(min = 1, max = 4096))]
    pub refresh_token: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LogoutRequest {
    #[validate(length(min = 1, max = 4096))]
    pub refresh_token: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangePasswordRequest {
    #[validate(length(min = 1, max = 1024))]
    pub current_password: String,
    #[validate(length(min = 1, max = 1024))]
    pub new_password: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenUser {
    pub id: uuid::Uuid,
    pub username: String,
    pub display_name: String,
    pub role: RoleDto,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenResponse {
    /// A JWT to send as `Authorization: Bearer …`.
    pub access_token: String,
    /// Opaque; exchange it once at `/auth/refresh` for a new pair.
    pub refresh_token: String,
    /// Always `Bearer`.
    pub token_type: &'static str,
    /// Seconds until the access token expires.
    pub expires_in: i64,
    pub user: TokenUser,
}
