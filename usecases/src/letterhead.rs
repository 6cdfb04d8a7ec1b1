//! The letterhead notices are issued under (版头 and 版记): read by those who make or sign
//! notices, set by admins, every change audited.

use anfang_domain::auth::Permission;
use anfang_domain::notice::{Letterhead, RawLetterhead};
use anfang_domain::user::User;
use anfang_infra::db::audit::RequestOrigin;
use anfang_infra::db::{lock, settings};

use crate::audit::{self, Action};
use crate::{Context, Error, Result};

#[tracing::instrument(skip_all, fields(viewer = %viewer.id))]
pub async fn get(ctx: &Context, viewer: &User) -> Result<Letterhead> {
    if !(Permission::ReadSettings.is_granted_to(viewer.role)
        || Permission::SignNotices.is_granted_to(viewer.role))
    {
        return Err(Error::Forbidden);
    }
    ctx.db
        .read(|conn| settings::load_letterhead(conn).map_err(Error::from))
        .await
}

/// Replaces the letterhead; notices already published keep the one they were issued under.
#[tracing::instrument(skip_all, fields(actor = %actor.id))]
pub async fn replace(
    ctx: &Context,
    actor: &User,
    raw: RawLetterhead,
    origin: RequestOrigin,
) -> Result<Letterhead> {
    if !Permission::ManageSettings.is_granted_to(actor.role) {
        return Err(Error::Forbidden);
    }
    let letterhead = Letterhead::try_from(raw.clone())?;
    let (clock, actor) = (ctx.clock, actor.id);
    ctx.db
        .write(move |conn| {
            lock::settings(conn)?;
            let now = clock.now();
            settings::save_letterhead(conn, &letterhead, now)?;
            audit::Entry::new(Action::LetterheadUpdate, now)
                .by(actor)
                .from(&origin)
                .details(serde_json::to_value(&raw).map_err(Error::internal)?)
                .append(conn)?;
            Ok(letterhead)
        })
        .await
}
