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
    /// What the app calls this device ("王伟的华为 Mate 60"), shown in `/me/sessions`: one
    /// line of at most 100 characters.
    pub device_name: Option<String>,
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

/// A signed-in device: one session, from its login to its end.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionResponse {
    pub id: uuid::Uuid,
    /// As the app named it at login.
    pub device_name: Option<String>,
    pub user_agent: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// When it last signed in or renewed its tokens.
    pub last_used_at: chrono::DateTime<chrono::Utc>,
    /// Whether this is the session asking.
    pub current: bool,
}

impl From<anfang_usecases::devices::DeviceView> for SessionResponse {
    fn from(v: anfang_usecases::devices::DeviceView) -> Self {
        Self {
            id: v.device.session.as_uuid(),
            device_name: v.device.device_name.map(|n| n.into_inner()),
            user_agent: v.device.user_agent,
            created_at: v.device.created_at,
            last_used_at: v.device.last_used_at,
            current: v.current,
        }
    }
}

/// How many sessions an admin ended.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionsEndedResponse {
    pub ended: usize,
}
