//! Login sessions and their refresh tokens. A session is the family of refresh tokens rotated
//! from one login; access tokens name their session, so revoking it ends them all at once.

use anfang_domain::auth::DeviceName;
use anfang_domain::ids::{SessionId, UserId};
use anfang_domain::user::User;
use chrono::{DateTime, Utc};
use diesel::prelude::*;

use super::audit::RequestOrigin;
use super::schema::{refresh_tokens, sessions, users};
use super::{DbConnection, DbError, from_db_time, to_db_time};

pub struct NewSession<'a> {
    pub id: SessionId,
    pub user_id: UserId,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub origin: &'a RequestOrigin,
    pub device_name: Option<&'a DeviceName>,
}

/// An open session, as its user sees it among their devices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    pub session: SessionId,
    pub user_id: UserId,
    pub device_name: Option<DeviceName>,
    pub user_agent: Option<String>,
    pub created_at: DateTime<Utc>,
    /// When it last signed in or renewed its tokens.
    pub last_used_at: DateTime<Utc>,
}

/// Opens a session with its first refresh token (stored as a hash only).
pub fn open(
    conn: &mut DbConnection,
    session: &NewSession<'_>,
    first_token_hash: &str,
) -> Result<(), DbError> {
    diesel::insert_into(sessions::table)
        .values((
            sessions::id.eq(session.id.to_string()),
            sessions::user_id.eq(session.user_id.to_string()),
            sessions::created_at.eq(to_db_time(session.created_at)),
            sessions::expires_at.eq(to_db_time(session.expires_at)),
            sessions::client_ip.eq(session.origin.client_ip.as_deref()),
            sessions::user_agent.eq(session.origin.user_agent.as_deref()),
            sessions::device_name.eq(session.device_name.map(DeviceName::as_str)),
            sessions::last_used_at.eq(to_db_time(session.created_at)),
        ))
        .execute(conn)?;
    insert_token(conn, session.id, first_token_hash, session.created_at)
}

fn insert_token(
    conn: &mut DbConnection,
    session: SessionId,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    diesel::insert_into(refresh_tokens::table)
        .values((
            refresh_tokens::token_hash.eq(token_hash),
            refresh_tokens::session_id.eq(session.to_string()),
            refresh_tokens::issued_at.eq(to_db_time(now)),
        ))
        .execute(conn)?;
    Ok(())
}

/// The active user behind an access token's session, if the session is still open.
pub fn active_user(
    conn: &mut DbConnection,
    session: SessionId,
    user: UserId,
    now: DateTime<Utc>,
) -> Result<Option<User>, DbError> {
    sessions::table
        .inner_join(users::table)
        .filter(sessions::id.eq(session.to_string()))
        .filter(sessions::user_id.eq(user.to_string()))
        .filter(sessions::revoked_at.is_null())
        .filter(sessions::expires_at.gt(to_db_time(now)))
        .filter(users::active.eq(true))
        .select(super::users::Row::as_select())
        .first(conn)
        .optional()?
        .map(super::users::to_domain)
        .transpose()
}

/// What presenting a refresh token led to.
#[derive(Debug)]
pub enum Rotation {
    /// The token was current: it is now spent, and `new_hash` replaces it.
    Rotated { session: SessionId, user: User },
    /// The token had already been spent: someone holds a copy. The whole session is revoked.
    Reused { session: SessionId, user_id: UserId },
    /// Unknown token, or its session is revoked or expired, or its user disabled.
    Refused,
}

#[derive(Queryable)]
struct TokenState {
    session_id: String,
    used_at: Option<chrono::NaiveDateTime>,
    user_id: String,
    revoked_at: Option<chrono::NaiveDateTime>,
    expires_at: chrono::NaiveDateTime,
}

/// Spends `token_hash` and issues `new_hash` in its session, or detects a reuse. Call inside
/// a write transaction.
pub fn rotate(
    conn: &mut DbConnection,
    token_hash: &str,
    new_hash: &str,
    now: DateTime<Utc>,
) -> Result<Rotation, DbError> {
    let state = refresh_tokens::table
        .inner_join(sessions::table)
        .filter(refresh_tokens::token_hash.eq(token_hash))
        .select((
            refresh_tokens::session_id,
            refresh_tokens::used_at,
            sessions::user_id,
            sessions::revoked_at,
            sessions::expires_at,
        ))
        .first::<TokenState>(conn)
        .optional()?;
    let Some(state) = state else {
        return Ok(Rotation::Refused);
    };
    let session: SessionId = state.session_id.parse().map_err(DbError::corrupt)?;
    let user_id: UserId = state.user_id.parse().map_err(DbError::corrupt)?;
    if state.revoked_at.is_some() || from_db_time(state.expires_at) <= now {
        return Ok(Rotation::Refused);
    }
    // Spend the token only if nobody spent it first: of two racing refreshes, one wins and
    // the other is a reuse.
    let spent = diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::token_hash.eq(token_hash))
            .filter(refresh_tokens::used_at.is_null()),
    )
    .set(refresh_tokens::used_at.eq(to_db_time(now)))
    .execute(conn)?;
    if state.used_at.is_some() || spent == 0 {
        revoke(conn, session, "refresh token reused", now)?;
        return Ok(Rotation::Reused { session, user_id });
    }
    match active_user(conn, session, user_id, now)? {
        Some(user) => {
            insert_token(conn, session, new_hash, now)?;
            diesel::update(sessions::table.filter(sessions::id.eq(session.to_string())))
                .set(sessions::last_used_at.eq(to_db_time(now)))
                .execute(conn)?;
            Ok(Rotation::Rotated { session, user })
        }
        None => Ok(Rotation::Refused),
    }
}

/// The session a refresh token belongs to, whatever its state.
pub fn session_of_token(
    conn: &mut DbConnection,
    token_hash: &str,
) -> Result<Option<(SessionId, UserId)>, DbError> {
    let row = refresh_tokens::table
        .inner_join(sessions::table)
        .filter(refresh_tokens::token_hash.eq(token_hash))
        .select((refresh_tokens::session_id, sessions::user_id))
        .first::<(String, String)>(conn)
        .optional()?;
    row.map(|(s, u)| {
        Ok((
            s.parse().map_err(DbError::corrupt)?,
            u.parse().map_err(DbError::corrupt)?,
        ))
    })
    .transpose()
}

/// The session whose current (unspent) refresh token has this hash: the console's cookie
/// holds such a token and never exchanges it.
pub fn session_of_current_token(
    conn: &mut DbConnection,
    token_hash: &str,
) -> Result<Option<(SessionId, UserId)>, DbError> {
    let row = refresh_tokens::table
        .inner_join(sessions::table)
        .filter(refresh_tokens::token_hash.eq(token_hash))
        .filter(refresh_tokens::used_at.is_null())
        .select((refresh_tokens::session_id, sessions::user_id))
        .first::<(String, String)>(conn)
        .optional()?;
    row.map(|(s, u)| {
        Ok((
            s.parse().map_err(DbError::corrupt)?,
            u.parse().map_err(DbError::corrupt)?,
        ))
    })
    .transpose()
}

pub fn revoke(
    conn: &mut DbConnection,
    session: SessionId,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    diesel::update(
        sessions::table
            .filter(sessions::id.eq(session.to_string()))
            .filter(sessions::revoked_at.is_null()),
    )
    .set((
        sessions::revoked_at.eq(to_db_time(now)),
        sessions::revoked_reason.eq(reason),
    ))
    .execute(conn)?;
    Ok(())
}

/// Ends every open session of a user; returns how many.
pub fn revoke_all_for_user(
    conn: &mut DbConnection,
    user: UserId,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<usize, DbError> {
    Ok(diesel::update(
        sessions::table
            .filter(sessions::user_id.eq(user.to_string()))
            .filter(sessions::revoked_at.is_null()),
    )
    .set((
        sessions::revoked_at.eq(to_db_time(now)),
        sessions::revoked_reason.eq(reason),
    ))
    .execute(conn)?)
}

type DeviceRow = (
    String,
    String,
    Option<String>,
    Option<String>,
    chrono::NaiveDateTime,
    Option<chrono::NaiveDateTime>,
);

fn device(row: DeviceRow) -> Result<Device, DbError> {
    let (id, user, name, user_agent, created_at, last_used_at) = row;
    Ok(Device {
        session: id.parse().map_err(DbError::corrupt)?,
        user_id: user.parse().map_err(DbError::corrupt)?,
        // A name stored before it was checked as now is shown as none rather than refused.
        device_name: name.and_then(|n| DeviceName::parse(&n).ok()),
        user_agent,
        created_at: from_db_time(created_at),
        last_used_at: from_db_time(last_used_at.unwrap_or(created_at)),
    })
}

/// The sessions of `user` still open at `now`, the one used last first.
pub fn open_of_user(
    conn: &mut DbConnection,
    user: UserId,
    now: DateTime<Utc>,
) -> Result<Vec<Device>, DbError> {
    sessions::table
        .filter(sessions::user_id.eq(user.to_string()))
        .filter(sessions::revoked_at.is_null())
        .filter(sessions::expires_at.gt(to_db_time(now)))
        .order((
            sessions::last_used_at.desc(),
            sessions::created_at.desc(),
            sessions::id.asc(),
        ))
        .select((
            sessions::id,
            sessions::user_id,
            sessions::device_name,
            sessions::user_agent,
            sessions::created_at,
            sessions::last_used_at,
        ))
        .load::<DeviceRow>(conn)?
        .into_iter()
        .map(device)
        .collect()
}
