//! Signed-in devices (`/me/sessions`): a user lists their own and ends one (a phone handed
//! on, a browser left signed in); an admin ends every session of a user at once (a lost phone
//! holding sealed visit plans). Ending a session ends its tokens at once: every access token
//! names its session, and `auth::authenticate` checks that on every request.

use anfang_domain::auth::Permission;
use anfang_domain::ids::{SessionId, UserId};
use anfang_domain::user::User;
use anfang_infra::db::audit::RequestOrigin;
use anfang_infra::db::sessions::{self, Device};
use anfang_infra::db::users;

use crate::audit::{self, Action, Target};
use crate::{Context, Error, Result};

/// A device as its user sees it: whether it is the one asking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceView {
    pub device: Device,
    pub current: bool,
}

/// The user's open sessions, the one used last first.
#[tracing::instrument(skip_all, fields(user = %user.id))]
pub async fn of_mine(ctx: &Context, user: &User, asking: SessionId) -> Result<Vec<DeviceView>> {
    let (id, now) = (user.id, ctx.clock.now());
    let devices = ctx
        .db
        .read(move |conn| Ok::<_, Error>(sessions::open_of_user(conn, id, now)?))
        .await?;
    Ok(devices
        .into_iter()
        .map(|device| DeviceView {
            current: device.session == asking,
            device,
        })
        .collect())
}

/// Ends one of the user's own open sessions; anyone else's, or one already ended, is not
/// found.
#[tracing::instrument(skip_all, fields(user = %user.id, session = %session))]
pub async fn end_mine(
    ctx: &Context,
    user: &User,
    session: SessionId,
    origin: RequestOrigin,
) -> Result<()> {
    let (id, clock) = (user.id, ctx.clock);
    ctx.db
        .write(move |conn| {
            let now = clock.now();
            let open = sessions::open_of_user(conn, id, now)?;
            if !open.iter().any(|d| d.session == session) {
                return Err(Error::NotFound);
            }
            sessions::revoke(conn, session, "ended by its user", now)?;
            audit::Entry::new(Action::SessionEnd, now)
                .by(id)
                .on(Target::Session(session))
                .from(&origin)
                .append(conn)?;
            Ok(())
        })
        .await
}

/// Ends every open session of `user` (an admin, for a lost phone); how many were open.
#[tracing::instrument(skip_all, fields(admin = %admin.id, user = %user))]
pub async fn end_all_of(
    ctx: &Context,
    admin: &User,
    user: UserId,
    origin: RequestOrigin,
) -> Result<usize> {
    if !Permission::ManageUsers.is_granted_to(admin.role) {
        return Err(Error::Forbidden);
    }
    let (by, clock) = (admin.id, ctx.clock);
    ctx.db
        .write(move |conn| {
            users::find(conn, user)?.ok_or(Error::NotFound)?;
            let now = clock.now();
            let ended = sessions::revoke_all_for_user(conn, user, "ended by an admin", now)?;
            audit::Entry::new(Action::UserSessionsEnd, now)
                .by(by)
                .on(Target::User(user))
                .from(&origin)
                .details(serde_json::json!({ "sessions": ended }))
                .append(conn)?;
            Ok(ended)
        })
        .await
}
