//! The signed-in user, from the `Authorization: Bearer` header. A token is accepted only if
//! it verifies, its session is open and its user active: revocation takes effect at once.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use anfang_domain::auth::{Permission, Role};
use anfang_domain::ids::SessionId;
use anfang_domain::user::User;

use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;

pub struct CurrentUser {
    pub user: User,
    pub session: SessionId,
}

impl CurrentUser {
    pub fn role(&self) -> Role {
        self.user.role
    }

    /// Refuses with 403 unless the user's role grants `permission`.
    pub fn require(&self, permission: Permission) -> Result<(), ApiError> {
        if permission.is_granted_to(self.user.role) {
            Ok(())
        } else {
            Err(ApiError::new(ErrorCode::Forbidden))
        }
    }
}

fn bearer(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_owned())
}

impl FromRequest for CurrentUser {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let token = bearer(req);
        Box::pin(async move {
            let unauthorized = || ApiError::new(ErrorCode::Unauthorized);
            let state = state.ok_or_else(|| ApiError::internal("application state missing"))?;
            let token = token.ok_or_else(unauthorized)?;
            let (user, session) =
                anfang_usecases::auth::authenticate(&state.usecases, &token).await?;
            Ok(CurrentUser { user, session })
        })
    }
}
