//! Accounts, managed by admins.

use anfang_domain::auth::Role;
use anfang_domain::ids::{UnitId, UserId};
use anfang_domain::user::{NewUser, Password, User, UserPatch};
use anfang_infra::db::WriteError;
use anfang_infra::db::audit::RequestOrigin;
use anfang_infra::db::lock::{self, Aggregate};
use anfang_infra::db::names::{Named, Wanted};
use anfang_infra::db::page::{Page, PageRequest};
use anfang_infra::db::{DbConnection, sessions, units, users};
use anfang_infra::passwords;

use crate::Context;
use crate::audit::{self, Action, Target};
use crate::{Conflict, Error, FieldIssue, Result, Rule};

fn check_unit_exists(conn: &mut DbConnection, unit: Option<UnitId>) -> Result<()> {
    match unit {
        Some(id) if units::find(conn, id)?.is_none() => {
            Err(Error::field("unit_id", FieldIssue::UnknownReference))
        }
        _ => Ok(()),
    }
}

/// Creates an account. `actor` is the admin who asked; `None` for the command line.
#[tracing::instrument(skip_all)]
pub async fn create(
    ctx: &Context,
    actor: Option<UserId>,
    new_user: NewUser,
    password: Password,
    origin: RequestOrigin,
) -> Result<Named<User>> {
    let clock = ctx.clock;
    let hash = crate::blocking::run(move || passwords::hash(&password))
        .await?
        .map_err(Error::internal)?;
    ctx.db
        .write(move |conn| {
            let now = clock.now();
            check_unit_exists(conn, new_user.unit_id())?;
            if let Some(district) = new_user.district() {
                crate::districts::require_listed(conn, "district", district)?;
            }
            let user = new_user.into_user(UserId::new_random(), now);
            users::insert(conn, &user, &hash, now).map_err(|e| match e {
                WriteError::Taken => Conflict::UsernameTaken.into(),
                other => Error::from(other),
            })?;
            let mut details = serde_json::json!({
                "username": user.username.as_str(),
                "role": user.role.as_str(),
            });
            if actor.is_none() {
                details["via"] = "cli".into();
            }
            audit::Entry::new(Action::UserCreate, now)
                .by(actor)
                .on(Target::User(user.id))
                .from(&origin)
                .details(details)
                .append(conn)?;
            named(conn, user)
        })
        .await
}

#[tracing::instrument(skip_all, fields(id = %id))]
pub async fn get(ctx: &Context, id: UserId) -> Result<Named<User>> {
    ctx.db
        .read(move |conn| {
            let user = users::find(conn, id)?.ok_or(Error::NotFound)?;
            named(conn, user)
        })
        .await
}

/// An account as shown, with its unit and district named (`/me` among others).
pub async fn with_names(ctx: &Context, user: User) -> Result<Named<User>> {
    ctx.db.read(move |conn| named(conn, user)).await
}

fn wanted<'a>(users: impl IntoIterator<Item = &'a User>) -> Wanted {
    let mut wanted = Wanted::default();
    for u in users {
        if let Some(unit) = u.unit_id {
            wanted.unit(unit);
        }
        if let Some(district) = &u.district {
            wanted.district(district.as_str());
        }
    }
    wanted
}

fn named(conn: &mut DbConnection, user: User) -> Result<Named<User>> {
    Ok(wanted([&user]).load_for(conn, user)?)
}

/// An inspector as a supervisor choosing a team sees them.
pub struct InspectorLine {
    pub user: User,
    /// Visits of active campaigns they are on and have not reported yet.
    pub open_visits: u64,
}

/// The active inspectors with their home district and unit and their open visits, for the
/// supervisors who choose teams (and admins); nobody else learns who inspects.
#[tracing::instrument(skip_all, fields(viewer = %viewer.id))]
pub async fn inspectors(
    ctx: &Context,
    viewer: &User,
    page: PageRequest,
) -> Result<Named<Page<InspectorLine>>> {
    if !matches!(viewer.role, Role::Supervisor | Role::Admin) {
        return Err(Error::Forbidden);
    }
    ctx.db
        .read(move |conn| {
            let listed = users::active_inspector_page(conn, &page)?;
            let ids: Vec<UserId> = listed.items.iter().map(|u| u.id).collect();
            let open = anfang_infra::db::assignments::open_visits_of(conn, &ids)?;
            let wanted = wanted(&listed.items);
            let page = Page {
                next: listed.next,
                items: listed
                    .items
                    .into_iter()
                    .map(|user| InspectorLine {
                        open_visits: open.get(&user.id).copied().unwrap_or(0),
                        user,
                    })
                    .collect(),
            };
            Ok(wanted.load_for(conn, page)?)
        })
        .await
}

#[tracing::instrument(skip_all)]
pub async fn list(ctx: &Context, page: PageRequest) -> Result<Named<Page<User>>> {
    ctx.db
        .read(move |conn| {
            let page = users::list(conn, &page)?;
            Ok(wanted(&page.items).load_for(conn, page)?)
        })
        .await
}

/// Applies an admin's change. Disabling an account, or changing its role or unit, ends its
/// sessions at once. An admin cannot disable or demote themself, so the bureau is never left
/// without one by accident.
#[tracing::instrument(skip_all, fields(actor = %actor, id = %id))]
pub async fn update(
    ctx: &Context,
    actor: UserId,
    id: UserId,
    patch: UserPatch,
    origin: RequestOrigin,
) -> Result<Named<User>> {
    let clock = ctx.clock;
    ctx.db
        .write(move |conn| {
            let now = clock.now();
            lock::row(conn, Aggregate::User, &id.to_string())?;
            let before = users::find(conn, id)?.ok_or(Error::NotFound)?;
            let after = patch.clone().apply(&before)?;
            if id == actor && (!after.active || after.role != Role::Admin) {
                return Err(Error::field(
                    if after.active { "role" } else { "active" },
                    Rule::OwnAdminAccess,
                ));
            }
            if after.unit_id != before.unit_id {
                check_unit_exists(conn, after.unit_id)?;
            }
            if let Some(district) = after
                .district
                .as_ref()
                .filter(|d| Some(*d) != before.district.as_ref())
            {
                crate::districts::require_listed(conn, "district", district)?;
            }
            users::update(conn, &after, now)?;
            if UserPatch::revokes_sessions(&before, &after) {
                sessions::revoke_all_for_user(conn, id, "account changed", now)?;
            }
            audit::Entry::new(Action::UserUpdate, now)
                .by(actor)
                .on(Target::User(id))
                .from(&origin)
                .details(serde_json::json!({
                    "role": after.role.as_str(),
                    "active": after.active,
                }))
                .append(conn)?;
            named(conn, after)
        })
        .await
}

/// An admin sets a new password for someone else; their sessions end. One's own password is
/// changed at `/me/password`, which asks for the current one: a stolen admin token alone must
/// not be enough to take the account over.
#[tracing::instrument(skip_all, fields(actor = %actor, id = %id))]
pub async fn reset_password(
    ctx: &Context,
    actor: UserId,
    id: UserId,
    password: Password,
    origin: RequestOrigin,
) -> Result<()> {
    if id == actor {
        return Err(Error::field("id", Rule::OwnPasswordViaMe));
    }
    get(ctx, id).await?;
    let hash = crate::blocking::run(move || passwords::hash(&password))
        .await?
        .map_err(Error::internal)?;
    store_password(ctx, id, hash, actor, Action::UserPasswordReset, origin).await
}

/// Stores a new password hash and ends every session of the user.
pub(super) async fn store_password(
    ctx: &Context,
    id: UserId,
    hash: String,
    actor: UserId,
    action: Action,
    origin: RequestOrigin,
) -> Result<()> {
    let clock = ctx.clock;
    ctx.db
        .write(move |conn| {
            let now = clock.now();
            users::set_password_hash(conn, id, &hash, now)?;
            sessions::revoke_all_for_user(conn, id, "password changed", now)?;
            audit::Entry::new(action, now)
                .by(actor)
                .on(Target::User(id))
                .from(&origin)
                .append(conn)?;
            Ok(())
        })
        .await
}
