//! Accounts, managed by admins.

use anfang_domain::auth::Role;
use anfang_domain::ids::{UnitId, UserId};
use anfang_domain::user::{NewUser, Password, User, UserPatch};
use anfang_infra::db::audit::RequestOrigin;
use anfang_infra::db::lock::{self, Aggregate};
use anfang_infra::db::page::{Page, PageRequest};
use anfang_infra::db::{self, DbConnection, sessions, units, users};
use anfang_infra::passwords;

use super::audit;
use crate::app::AppState;
use crate::error::{ApiError, ApiResult, ErrorCode, FieldIssue};

fn check_unit_exists(conn: &mut DbConnection, unit: Option<UnitId>) -> ApiResult<()> {
    match unit {
        Some(id) if units::find(conn, id)?.is_none() => {
            Err(ApiError::field("unit_id", FieldIssue::UnknownReference))
        }
        _ => Ok(()),
    }
}

pub async fn create(
    state: &AppState,
    actor: UserId,
    new_user: NewUser,
    password: Password,
    origin: RequestOrigin,
) -> ApiResult<User> {
    let hash = tokio::task::spawn_blocking(move || passwords::hash(&password))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)?;
    state
        .db
        .write(move |conn| {
            let now = db::now();
            check_unit_exists(conn, new_user.unit_id())?;
            let user = new_user.into_user(UserId::new_random(), now);
            users::insert(conn, &user, &hash, now).map_err(|e| {
                if e.is_unique_violation() {
                    ApiError::new(ErrorCode::UsernameTaken)
                } else {
                    e.into()
                }
            })?;
            audit(
                conn,
                now,
                Some(actor.to_string()),
                "user.create",
                Some(("user", user.id.to_string())),
                &origin,
                Some(serde_json::json!({ "username": user.username.as_str(), "role": user.role.as_str() })),
            )?;
            Ok(user)
        })
        .await
}

pub async fn get(state: &AppState, id: UserId) -> ApiResult<User> {
    state
        .db
        .read(move |conn| users::find(conn, id).map_err(ApiError::from))
        .await?
        .ok_or_else(ApiError::not_found)
}

pub async fn list(state: &AppState, page: PageRequest) -> ApiResult<Page<User>> {
    state
        .db
        .read(move |conn| users::list(conn, &page).map_err(ApiError::from))
        .await
}

/// Applies an admin's change. Disabling an account, or changing its role or unit, ends its
/// sessions at once. An admin cannot disable or demote themself, so the bureau is never left
/// without one by accident.
pub async fn update(
    state: &AppState,
    actor: UserId,
    id: UserId,
    patch: UserPatch,
    origin: RequestOrigin,
) -> ApiResult<User> {
    state
        .db
        .write(move |conn| {
            let now = db::now();
            lock::row(conn, Aggregate::User, &id.to_string())?;
            let before = users::find(conn, id)?.ok_or_else(ApiError::not_found)?;
            let after = patch.clone().apply(&before)?;
            if id == actor && (!after.active || after.role != Role::Admin) {
                return Err(ApiError::field(
                    if after.active { "role" } else { "active" },
                    FieldIssue::Rule {
                        zh: "不能停用自己的账号或取消自己的管理员角色",
                        en: "you cannot disable your own account or drop your own admin role"
                            .into(),
                    },
                ));
            }
            if after.unit_id != before.unit_id {
                check_unit_exists(conn, after.unit_id)?;
            }
            users::update(conn, &after, now)?;
            if UserPatch::revokes_sessions(&before, &after) {
                sessions::revoke_all_for_user(conn, id, "account changed", now)?;
            }
            audit(
                conn,
                now,
                Some(actor.to_string()),
                "user.update",
                Some(("user", id.to_string())),
                &origin,
                Some(serde_json::json!({
                    "role": after.role.as_str(),
                    "active": after.active,
                })),
            )?;
            Ok(after)
        })
        .await
}

/// An admin sets a new password for someone else; their sessions end. One's own password is
/// changed at `/me/password`, which asks for the current one: a stolen admin token alone must
/// not be enough to take the account over.
pub async fn reset_password(
    state: &AppState,
    actor: UserId,
    id: UserId,
    password: Password,
    origin: RequestOrigin,
) -> ApiResult<()> {
    if id == actor {
        return Err(ApiError::field(
            "id",
            FieldIssue::Rule {
                zh: "请通过 /me/password 修改自己的密码",
                en: "change your own password at /me/password, with your current one".into(),
            },
        ));
    }
    get(state, id).await?;
    let hash = tokio::task::spawn_blocking(move || passwords::hash(&password))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)?;
    store_password(state, id, hash, actor, "user.password_reset", origin).await
}

/// Stores a new password hash and ends every session of the user.
pub(super) async fn store_password(
    state: &AppState,
    id: UserId,
    hash: String,
    actor: UserId,
    action: &'static str,
    origin: RequestOrigin,
) -> ApiResult<()> {
    state
        .db
        .write(move |conn| {
            let now = db::now();
            users::set_password_hash(conn, id, &hash, now)?;
            sessions::revoke_all_for_user(conn, id, "password changed", now)?;
            audit(
                conn,
                now,
                Some(actor.to_string()),
                action,
                Some(("user", id.to_string())),
                &origin,
                None,
            )?;
            Ok(())
        })
        .await
}
