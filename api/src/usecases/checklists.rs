//! Checklist versions: admins draft, edit and publish; everyone reads what is published.

use anfang_domain::auth::{Permission, Role};
use anfang_domain::catalog::{ChecklistItem, ChecklistStatus, ChecklistVersion};
use anfang_domain::ids::{ChecklistId, UserId};
use anfang_infra::db::audit::RequestOrigin;
use anfang_infra::db::lock::{self, Aggregate};
use anfang_infra::db::{self, DbConnection, checklists, unit_types};

use super::audit;
use crate::app::AppState;
use crate::error::{ApiError, ApiResult, FieldIssue};

/// Every unit type an item names must exist.
fn check_unit_types(conn: &mut DbConnection, items: &[ChecklistItem]) -> ApiResult<()> {
    let known: Vec<_> = unit_types::list(conn)?
        .into_iter()
        .map(|t| t.code)
        .collect();
    for (i, item) in items.iter().enumerate() {
        if item.applies_to().iter().any(|c| !known.contains(c)) {
            return Err(ApiError::field(
                format!("items[{i}].applies_to"),
                FieldIssue::UnknownReference,
            ));
        }
    }
    Ok(())
}

/// Drafts are visible to those who manage checklists only: a draft may hint at what the next
/// inspections will look for.
pub async fn get(state: &AppState, role: Role, id: ChecklistId) -> ApiResult<ChecklistVersion> {
    let checklist = state
        .db
        .read(move |conn| checklists::find(conn, id).map_err(ApiError::from))
        .await?
        .filter(|c| {
            c.status == ChecklistStatus::Published
                || Permission::ManageChecklists.is_granted_to(role)
        });
    checklist.ok_or_else(ApiError::not_found)
}

pub async fn current(state: &AppState) -> ApiResult<ChecklistVersion> {
    state
        .db
        .read(|conn| checklists::current(conn).map_err(ApiError::from))
        .await?
        .ok_or_else(ApiError::not_found)
}

pub async fn list(state: &AppState, role: Role) -> ApiResult<Vec<ChecklistVersion>> {
    let with_drafts = Permission::ManageChecklists.is_granted_to(role);
    state
        .db
        .read(move |conn| checklists::list(conn, with_drafts).map_err(ApiError::from))
        .await
}

pub async fn create_draft(
    state: &AppState,
    actor: UserId,
    items: Vec<ChecklistItem>,
    origin: RequestOrigin,
) -> ApiResult<ChecklistVersion> {
    ChecklistVersion::check_items(&items)?;
    state
        .db
        .write(move |conn| {
            check_unit_types(conn, &items)?;
            let now = db::now();
            let checklist = ChecklistVersion {
                id: ChecklistId::new_random(),
                version: checklists::next_version_number(conn)?,
                status: ChecklistStatus::Draft,
                items,
                created_at: now,
                published_at: None,
            };
            checklists::insert_draft(conn, &checklist, actor)?;
            audit(
                conn,
                now,
                Some(actor.to_string()),
                "checklist.create",
                Some(("checklist", checklist.id.to_string())),
                &origin,
                Some(serde_json::json!({ "version": checklist.version.get() })),
            )?;
            Ok(checklist)
        })
        .await
}

pub async fn replace_items(
    state: &AppState,
    actor: UserId,
    id: ChecklistId,
    items: Vec<ChecklistItem>,
    origin: RequestOrigin,
) -> ApiResult<ChecklistVersion> {
    state
        .db
        .write(move |conn| {
            lock::row(conn, Aggregate::Checklist, &id.to_string())?;
            let mut checklist = checklists::find(conn, id)?.ok_or_else(ApiError::not_found)?;
            checklist.replace_items(items)?;
            check_unit_types(conn, &checklist.items)?;
            checklists::replace_items(conn, &checklist)?;
            audit(
                conn,
                db::now(),
                Some(actor.to_string()),
                "checklist.update",
                Some(("checklist", id.to_string())),
                &origin,
                None,
            )?;
            Ok(checklist)
        })
        .await
}

pub async fn publish(
    state: &AppState,
    actor: UserId,
    id: ChecklistId,
    origin: RequestOrigin,
) -> ApiResult<ChecklistVersion> {
    state
        .db
        .write(move |conn| {
            let now = db::now();
            lock::row(conn, Aggregate::Checklist, &id.to_string())?;
            let mut checklist = checklists::find(conn, id)?.ok_or_else(ApiError::not_found)?;
            checklist.publish(now)?;
            checklists::mark_published(conn, id, now)?;
            audit(
                conn,
                now,
                Some(actor.to_string()),
                "checklist.publish",
                Some(("checklist", id.to_string())),
                &origin,
                Some(serde_json::json!({ "version": checklist.version.get() })),
            )?;
            Ok(checklist)
        })
        .await
}
