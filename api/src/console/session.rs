//! Who is signed in to the console: the session cookie, checked on every request against the
//! session store (so logout and disabling end it at once), and the form token every form must
//! carry back.

use std::future::Future;
use std::pin::Pin;

use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use anfang_domain::auth::Permission;
use anfang_usecases::console_session::{self, ConsoleSession};

use super::error::ConsoleError;
use super::lang;
use crate::error::{ApiError, Language};
use crate::state::AppState;

pub const COOKIE: &str = "anfang_console";

/// A signed-in request.
pub struct Console {
    pub session: ConsoleSession,
    pub lang: Language,
}

impl Console {
    /// What a role may not use does not exist for it: the same 404 as for nothing.
    pub fn require(&self, permission: Permission) -> Result<(), ConsoleError> {
        if permission.is_granted_to(self.session.user.role) {
            Ok(())
        } else {
            Err(ConsoleError::Refused(ApiError::not_found(), self.lang))
        }
    }

    /// Refuses a form whose token is not this session's: 403, nothing done.
    pub fn check_form(&self, sent: &str) -> Result<(), ConsoleError> {
        if console_session::form_token_matches(&self.session, sent) {
            Ok(())
        } else {
            Err(ConsoleError::forged_form(self.lang))
        }
    }
}

impl FromRequest for Console {
    type Error = ConsoleError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ConsoleError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let cookie = req.cookie(COOKIE).map(|c| c.value().to_owned());
        let lang = lang::of_request(req);
        Box::pin(async move {
            let state = state.ok_or_else(|| ConsoleError::internal("application state missing"))?;
            let cookie = cookie.ok_or(ConsoleError::SignIn)?;
            let session = console_session::authenticate(&state.usecases, &cookie)
                .await
                .map_err(|_| ConsoleError::SignIn)?;
            Ok(Console { session, lang })
        })
    }
}

/// The session cookie: never readable by scripts, never sent by another site, only over TLS
/// when the console is served over TLS.
pub fn cookie(value: String, secure: bool) -> Cookie<'static> {
    Cookie::build(COOKIE, value)
        .path("/console")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(secure)
        .finish()
}

/// The cookie that removes it.
pub fn removal(secure: bool) -> Cookie<'static> {
    let mut gone = cookie(String::new(), secure);
    gone.make_removal();
    gone
}

/// Whether the request came over TLS (directly or through the bureau's proxy).
pub fn over_tls(req: &HttpRequest) -> bool {
    req.connection_info().scheme() == "https"
}
