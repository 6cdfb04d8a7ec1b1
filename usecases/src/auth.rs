//! Signing in and out, and keeping a session alive.

use anfang_domain::auth::{DeviceName, ThrottleDecision, ThrottlePolicy};
use anfang_domain::ids::SessionId;
use anfang_domain::user::{Password, User};
use anfang_infra::db::audit::RequestOrigin;
use anfang_infra::db::sessions::{self, NewSession, Rotation};
use anfang_infra::db::{throttle, users};
use anfang_infra::passwords;

use crate::Context;
use crate::audit::{self, Action, Target};
use crate::refresh_token::{RefreshToken, hash_refresh_token};
use crate::{Error, FieldIssue, Result, Rule};

/// What a successful login or refresh hands the client.
pub struct IssuedTokens {
    pub access_token: String,
    pub refresh_token: String,
    pub expires_in: i64,
    pub user: User,
}

fn account_key(username: &str) -> String {
    format!("account:{}", username.to_lowercase())
}

fn address_key(origin: &RequestOrigin) -> Option<String> {
    origin.client_ip.as_ref().map(|ip| format!("address:{ip}"))
}

fn too_many(retry_after: chrono::Duration) -> Error {
    Error::TooManyAttempts {
        retry_after: retry_after.to_std().unwrap_or_default(),
    }
}

/// Checks a username and password, and opens a session for the device named (if it says).
/// An unknown user, a wrong password and a disabled account
/// give the same answer after the same work (one argon2 verification). Every attempt is counted
/// against both the account and the client address before the password is checked, in one
/// transaction holding the counters' rows, so parallel attempts cannot outrun the limit; a
/// successful one is forgiven afterwards.
#[tracing::instrument(skip_all)]
pub async fn login(
    ctx: &Context,
    username: String,
    password: String,
    device_name: Option<DeviceName>,
    origin: RequestOrigin,
) -> Result<IssuedTokens> {
    let clock = ctx.clock;
    let account = account_key(&username);
    let address = address_key(&origin);
    let counters = move || {
        [
            Some((account.clone(), ThrottlePolicy::PER_ACCOUNT)),
            address
                .clone()
                .map(|key| (key, ThrottlePolicy::PER_ADDRESS)),
        ]
        .into_iter()
        .flatten()
    };

    let (lookup_name, counted) = (username.clone(), counters.clone());
    let credentials = ctx
        .db
        .write(move |conn| {
            let now = clock.now();
            let mut states = Vec::new();
            for (key, policy) in counted() {
                let current = throttle::get_for_update(conn, &key, now)?;
                if let ThrottleDecision::Refuse { retry_after } = policy.decide(current, now) {
                    return Err(too_many(retry_after));
                }
                states.push((key, policy, current));
            }
            for (key, policy, current) in states {
                throttle::put(conn, &key, policy.record_failure(current, now))?;
            }
            Ok(users::find_credentials(conn, &lookup_name)?)
        })
        .await?;

    let user = crate::blocking::run(move || match credentials {
        Some((user, hash)) => (passwords::verify(&password, &hash) && user.active).then_some(user),
        None => {
            passwords::verify_against_nothing(&password);
            None
        }
    })
    .await?;

    let Some(user) = user else {
        ctx.db
            .write(move |conn| {
                audit::Entry::new(Action::LoginFailed, clock.now())
                    .from(&origin)
                    .details(serde_json::json!({ "username": username }))
                    .append(conn)?;
                Ok::<_, Error>(())
            })
            .await?;
        return Err(Error::InvalidCredentials);
    };

    open_session(ctx, user, device_name, origin, counters).await
}

/// Opens a session for a user whose password was right, and forgives the attempt counted in
/// advance: the account's failures are cleared, the address's less one.
async fn open_session<C>(
    ctx: &Context,
    user: User,
    device_name: Option<DeviceName>,
    origin: RequestOrigin,
    counters: impl FnOnce() -> C + Send + 'static,
) -> Result<IssuedTokens>
where
    C: Iterator<Item = (String, ThrottlePolicy)>,
{
    let clock = ctx.clock;
    let refresh = RefreshToken::generate();
    let refresh_hash = refresh.hash();
    let session = SessionId::new_random();
    let refresh_ttl = ctx.sessions.refresh_ttl;
    let user_id = user.id;
    let now = ctx
        .db
        .write(move |conn| {
            let now = clock.now();
            for (key, policy) in counters() {
                let current = throttle::get_for_update(conn, &key, now)?;
                match (
                    policy == ThrottlePolicy::PER_ACCOUNT,
                    policy.forgive_one(current),
                ) {
                    (false, Some(fewer)) => throttle::put(conn, &key, fewer)?,
                    _ => throttle::clear(conn, &key)?,
                }
            }
            sessions::open(
                conn,
                &NewSession {
                    id: session,
                    user_id,
                    created_at: now,
                    expires_at: now + refresh_ttl,
                    origin: &origin,
                    device_name: device_name.as_ref(),
                },
                &refresh_hash,
            )?;
            audit::Entry::new(Action::Login, now)
                .by(user_id)
                .on(Target::Session(session))
                .from(&origin)
                .append(conn)?;
            Ok::<_, Error>(now)
        })
        .await?;
    issue(ctx, user, session, refresh, now)
}

fn issue(
    ctx: &Context,
    user: User,
    session: SessionId,
    refresh: RefreshToken,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<IssuedTokens> {
    let access_token = ctx
        .sessions
        .tokens
        .issue(user.id, session, now)
        .map_err(Error::internal)?;
    Ok(IssuedTokens {
        access_token,
        refresh_token: refresh.into_string(),
        expires_in: ctx.sessions.tokens.access_ttl.num_seconds(),
        user,
    })
}

/// Exchanges a refresh token for a new pair. Presenting a token that was already exchanged
/// means a copy exists: the whole session is revoked, for the thief and the owner alike.
#[tracing::instrument(skip_all)]
pub async fn refresh(ctx: &Context, token: String, origin: RequestOrigin) -> Result<IssuedTokens> {
    let clock = ctx.clock;
    let presented = hash_refresh_token(&token);
    let next = RefreshToken::generate();
    let next_hash = next.hash();
    let (rotation, now) = ctx
        .db
        .write(move |conn| {
            let now = clock.now();
            let rotation = sessions::rotate(conn, &presented, &next_hash, now)?;
            if let Rotation::Reused { session, user_id } = &rotation {
                audit::Entry::new(Action::RefreshReuseDetected, now)
                    .by(*user_id)
                    .on(Target::Session(*session))
                    .from(&origin)
                    .append(conn)?;
            }
            Ok::<_, Error>((rotation, now))
        })
        .await?;
    match rotation {
        Rotation::Rotated { session, user } => issue(ctx, user, session, next, now),
        Rotation::Reused { .. } | Rotation::Refused => Err(Error::Unauthenticated),
    }
}

/// Ends the session a refresh token belongs to. Unknown tokens are ignored: logging out is
/// idempotent and tells nothing about which tokens exist.
#[tracing::instrument(skip_all)]
pub async fn logout(ctx: &Context, token: String, origin: RequestOrigin) -> Result<()> {
    let clock = ctx.clock;
    let hash = hash_refresh_token(&token);
    ctx.db
        .write(move |conn| {
            if let Some((session, user)) = sessions::session_of_token(conn, &hash)? {
                let now = clock.now();
                sessions::revoke(conn, session, "logout", now)?;
                audit::Entry::new(Action::Logout, now)
                    .by(user)
                    .on(Target::Session(session))
                    .from(&origin)
                    .append(conn)?;
            }
            Ok::<_, Error>(())
        })
        .await
}

/// Changes one's own password after checking the current one; every session ends.
#[tracing::instrument(skip_all, fields(user = %user.id))]
pub async fn change_password(
    ctx: &Context,
    user: &User,
    current: String,
    new: String,
    origin: RequestOrigin,
) -> Result<()> {
    let new =
        Password::parse(&new).map_err(|e| Error::field("new_password", FieldIssue::from(e)))?;
    let user_id = user.id;
    let stored = ctx
        .db
        .read(move |conn| users::password_hash(conn, user_id).map_err(Error::from))
        .await?
        .ok_or(Error::Unauthenticated)?;
    let hash = crate::blocking::run(move || {
        passwords::verify(&current, &stored)
            .then(|| passwords::hash(&new))
            .transpose()
    })
    .await?
    .map_err(Error::internal)?
    .ok_or_else(|| Error::field("current_password", Rule::WrongCurrentPassword))?;
    super::users::store_password(
        ctx,
        user_id,
        hash,
        user_id,
        crate::audit::Action::UserPasswordChange,
        origin,
    )
    .await
}

/// The user an access token speaks for, if it verifies, its session is still open and its
/// user active: ending a session or disabling an account takes effect at once. Every way a
/// token can be wrong gives the same answer.
#[tracing::instrument(skip_all)]
pub async fn authenticate(ctx: &Context, token: &str) -> Result<(User, SessionId)> {
    let (user_id, session) = ctx
        .sessions
        .tokens
        .verify(token)
        .ok_or(Error::Unauthenticated)?;
    let now = ctx.clock.now();
    let user = ctx
        .db
        .read(move |conn| Ok::<_, Error>(sessions::active_user(conn, session, user_id, now)?))
        .await?
        .ok_or(Error::Unauthenticated)?;
    Ok((user, session))
}
