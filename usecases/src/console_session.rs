//! Console sessions (SPEC §3.9): the browser signs in through the same login as the API, with
//! its throttling and audit, and keeps the session's refresh token in an HttpOnly cookie. The
//! console never exchanges that token; each request presents it and is accepted only while the
//! token is current, its session open and unexpired and its user active, so logging out,
//! disabling the account or changing the password ends a console session at once.
//!
//! Every form carries a token derived from the cookie (one-way: the form token does not reveal
//! the cookie), which a cross-site page cannot read and so cannot send.

use anfang_domain::ids::SessionId;
use anfang_domain::user::User;
use anfang_infra::db::audit::RequestOrigin;
use anfang_infra::db::sessions;

use crate::Context;
use crate::refresh_token::hash_refresh_token;
use crate::{Error, Result};

/// A signed-in console user.
pub struct ConsoleSession {
    pub user: User,
    pub session: SessionId,
    /// What every form of this session must send back.
    pub form_token: String,
}

/// Signs in; the cookie's value and the user.
pub async fn open(
    ctx: &Context,
    username: String,
    password: String,
    origin: RequestOrigin,
) -> Result<(String, User)> {
    let issued = crate::auth::login(ctx, username, password, None, origin).await?;
    Ok((issued.refresh_token, issued.user))
}

/// The session a cookie speaks for; every way it can be wrong gives the same answer.
pub async fn authenticate(ctx: &Context, cookie: &str) -> Result<ConsoleSession> {
    let hash = hash_refresh_token(cookie);
    let now = ctx.clock.now();
    let (user, session) = ctx
        .db
        .read(move |conn| {
            let Some((session, user)) = sessions::session_of_current_token(conn, &hash)? else {
                return Ok::<_, Error>(None);
            };
            Ok(sessions::active_user(conn, session, user, now)?.map(|u| (u, session)))
        })
        .await?
        .ok_or(Error::Unauthenticated)?;
    Ok(ConsoleSession {
        user,
        session,
        form_token: form_token(cookie),
    })
}

/// A fresh token for the sign-in form, kept in a cookie of its own until the form comes back:
/// a page elsewhere cannot sign a browser in to an account of its choosing.
pub fn new_sign_in_token() -> String {
    anfang_infra::secrets::random_token(16)
}

/// Whether two tokens are the same, compared in constant time.
pub fn same_token(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.as_bytes().ct_eq(b.as_bytes()).into()
}

/// The form token of the session whose cookie is `cookie`.
pub fn form_token(cookie: &str) -> String {
    anfang_infra::secrets::sha256_hex(format!("anfang console form\n{cookie}").as_bytes())
}

/// Whether a form's token is this session's, compared in constant time.
pub fn form_token_matches(session: &ConsoleSession, sent: &str) -> bool {
    same_token(&session.form_token, sent)
}

/// Signs out: the session ends for the console and for any token of it.
pub async fn close(ctx: &Context, cookie: String, origin: RequestOrigin) -> Result<()> {
    crate::auth::logout(ctx, cookie, origin).await
}
