pub mod login;
pub mod logout;
pub mod refresh;

use crate::dto::auth::{TokenResponse, TokenUser};
use anfang_usecases::auth::IssuedTokens;

fn token_response(issued: IssuedTokens) -> TokenResponse {
    TokenResponse {
        access_token: issued.access_token,
        refresh_token: issued.refresh_token,
        token_type: "Bearer",
        expires_in: issued.expires_in,
        user: TokenUser {
            id: issued.user.id.as_uuid(),
            username: issued.user.username.as_str().to_owned(),
            display_name: issued.user.display_name.into_inner(),
            role: issued.user.role.into(),
        },
    }
}
