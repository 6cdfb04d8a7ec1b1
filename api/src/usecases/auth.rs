//! Signing in and out, and keeping a session alive.

use anfang_domain::auth::{ThrottleDecision, ThrottlePolicy};
use anfang_domain::ids::SessionId;
use anfang_domain::user::{Password, User};
use anfang_infra::db::audit::RequestOrigin;
use anfang_infra::db::sessions::{self, NewSession, Rotation};
use anfang_infra::db::{self, throttle, users};
use anfang_infra::passwords;

use super::audit;
use crate::app::AppState;
use crate::auth::{RefreshToken, hash_refresh_token};
use crate::error::{ApiError, ApiResult, ErrorCode, FieldIssue};

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

fn too_many(retry_after: chrono::Duration) -> ApiError {
    ApiError::new(ErrorCode::TooManyRequests).retry_after(retry_after.to_std().unwrap_or_default())
}

/// Checks a username and password. An unknown user, a wrong password and a disabled account
/// give the same answer after the same work (one argon2 verification). Every attempt is counted
/// against both the account and the client address before the password is checked, in one
/// transaction holding the counters' rows, so parallel attempts cannot outrun the limit; a
/// successful one is forgiven afterwards.
pub async fn login(
    state: &AppState,
    username: String,
    password: String,
    origin: RequestOrigin,
) -> ApiResult<IssuedTokens> {
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
    let credentials = state
        .db
        .write(move |conn| {
            let now = db::now();
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

    let user = tokio::task::spawn_blocking(move || match credentials {
        Some((user, hash)) => (passwords::verify(&password, &hash) && user.active).then_some(user),
        None => {
            passwords::verify_against_nothing(&password);
            None
        }
    })
    .await
    .map_err(ApiError::internal)?;

    let Some(user) = user else {
        state
            .db
            .write(move |conn| {
                audit(
                    conn,
                    db::now(),
                    None,
                    "auth.login_failed",
                    None,
                    &origin,
                    Some(serde_json::json!({ "username": username })),
                )?;
                Ok::<_, ApiError>(())
            })
            .await?;
        return Err(ApiError::new(ErrorCode::InvalidCredentials));
    };

    open_session(state, user, origin, counters).await
}

/// Opens a session for a user whose password was right, and forgives the attempt counted in
/// advance: the account's failures are cleared, the address's less one.
async fn open_session<C>(
    state: &AppState,
    user: User,
    origin: RequestOrigin,
    counters: impl FnOnce() -> C + Send + 'static,
) -> ApiResult<IssuedTokens>
where
    C: Iterator<Item = (String, ThrottlePolicy)>,
{
    let refresh = RefreshToken::generate();
    let refresh_hash = refresh.hash();
    let session = SessionId::new_random();
    let refresh_ttl = state.refresh_ttl;
    let user_id = user.id;
    let now = state
        .db
        .write(move |conn| {
            let now = db::now();
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
                },
                &refresh_hash,
            )?;
            audit(
                conn,
                now,
                Some(user_id.to_string()),
                "auth.login",
                Some(("session", session.to_string())),
                &origin,
                None,
            )?;
            Ok::<_, ApiError>(now)
        })
        .await?;
    issue(state, user, session, refresh, now)
}

fn issue(
    state: &AppState,
    user: User,
    session: SessionId,
    refresh: RefreshToken,
    now: chrono::DateTime<chrono::Utc>,
) -> ApiResult<IssuedTokens> {
    let access_token = state
        .tokens
        .issue(user.id, session, now)
        .map_err(ApiError::internal)?;
    Ok(IssuedTokens {
        access_token,
        refresh_token: refresh.into_string(),
        expires_in: state.tokens.access_ttl.num_seconds(),
        user,
    })
}

/// Exchanges a refresh token for a new pair. Presenting a token that was already exchanged
/// means a copy exists: the whole session is revoked, for the thief and the owner alike.
pub async fn refresh(
    state: &AppState,
    token: String,
    origin: RequestOrigin,
) -> ApiResult<IssuedTokens> {
    let presented = hash_refresh_token(&token);
    let next = RefreshToken::generate();
    let next_hash = next.hash();
    let (rotation, now) = state
        .db
        .write(move |conn| {
            let now = db::now();
            let rotation = sessions::rotate(conn, &presented, &next_hash, now)?;
            if let Rotation::Reused { session, user_id } = &rotation {
                audit(
                    conn,
                    now,
                    Some(user_id.to_string()),
                    "auth.refresh_reuse_detected",
                    Some(("session", session.to_string())),
                    &origin,
                    None,
                )?;
            }
            Ok::<_, ApiError>((rotation, now))
        })
        .await?;
    match rotation {
        Rotation::Rotated { session, user } => issue(state, user, session, next, now),
        Rotation::Reused { .. } | Rotation::Refused => Err(ApiError::new(ErrorCode::Unauthorized)),
    }
}

/// Ends the session a refresh token belongs to. Unknown tokens are ignored: logging out is
/// idempotent and tells nothing about which tokens exist.
pub async fn logout(state: &AppState, token: String, origin: RequestOrigin) -> ApiResult<()> {
    let hash = hash_refresh_token(&token);
    state
        .db
        .write(move |conn| {
            if let Some((session, user)) = sessions::session_of_token(conn, &hash)? {
                let now = db::now();
                sessions::revoke(conn, session, "logout", now)?;
                audit(
                    conn,
                    now,
                    Some(user.to_string()),
                    "auth.logout",
                    Some(("session", session.to_string())),
                    &origin,
                    None,
                )?;
            }
            Ok::<_, ApiError>(())
        })
        .await
}

/// Changes one's own password after checking the current one; every session ends.
pub async fn change_password(
    state: &AppState,
    user: &User,
    current: String,
    new: String,
    origin: RequestOrigin,
) -> ApiResult<()> {
    let new =
        Password::parse(&new).map_err(|e| ApiError::field("new_password", FieldIssue::from(e)))?;
    let user_id = user.id;
    let stored = state
        .db
        .read(move |conn| users::password_hash(conn, user_id).map_err(ApiError::from))
        .await?
        .ok_or_else(|| ApiError::new(ErrorCode::Unauthorized))?;
    let hash = tokio::task::spawn_blocking(move || {
        passwords::verify(&current, &stored)
            .then(|| passwords::hash(&new))
            .transpose()
    })
    .await
    .map_err(ApiError::internal)?
    .map_err(ApiError::internal)?
    .ok_or_else(|| {
        ApiError::field(
            "current_password",
            FieldIssue::Rule {
                zh: "当前密码不正确",
                en: "is not your current password".into(),
            },
        )
    })?;
    super::users::store_password(
        state,
        user_id,
        hash,
        user_id,
        "user.password_change",
        origin,
    )
    .await
}
