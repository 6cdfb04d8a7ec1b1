//! Checklist versions: admins draft, edit and publish; everyone reads what is published.

use anfang_domain::auth::{Permission, Role};
use anfang_domain::catalog::{ChecklistItem, ChecklistStatus, ChecklistVersion};
use anfang_domain::ids::{ChecklistId, UserId};
use anfang_infra::db::audit::RequestOrigin;
use anfang_infra::db::lock::{self, Aggregate};
use anfang_infra::db::{DbConnection, checklists, unit_types};

use crate::Context;
use crate::audit::{self, Action, Target};
use crate::{Error, FieldIssue, Result};

/// Every unit type an item names must exist.
fn check_unit_types(conn: &mut DbConnection, items: &[ChecklistItem]) -> Result<()> {
    let known: Vec<_> = unit_types::list(conn)?
        .into_iter()
        .map(|t| t.code)
        .collect();
    for (i, item) in items.iter().enumerate() {
        if item.applies_to().iter().any(|c| !known.contains(c)) {
            return Err(Error::field(
                format!("items[{i}].applies_to"),
                FieldIssue::UnknownReference,
            ));
        }
    }
    Ok(())
}

/// Drafts are visible to those who manage checklists only: a draft may hint at what the next
/// inspections will look for.
#[tracing::instrument(skip_all, fields(id = %id))]
pub async fn get(ctx: &Context, role: Role, id: ChecklistId) -> Result<ChecklistVersion> {
    let checklist = ctx
        .db
        .read(move |conn| checklists::find(conn, id).map_err(Error::from))
        .await?
        .filter(|c| {
            c.status == ChecklistStatus::Published
                || Permission::ManageChecklists.is_granted_to(role)
        });
    checklist.ok_or(Error::NotFound)
}

#[tracing::instrument(skip_all)]
pub async fn current(ctx: &Context) -> Result<ChecklistVersion> {
    ctx.db
        .read(|conn| checklists::current(conn).map_err(Error::from))
        .await?
        .ok_or(Error::NotFound)
}

#[tracing::instrument(skip_all)]
pub async fn list(ctx: &Context, role: Role) -> Result<Vec<ChecklistVersion>> {
    let with_drafts = Permission::ManageChecklists.is_granted_to(role);
    ctx.db
        .read(move |conn| checklists::list(conn, with_drafts).map_err(Error::from))
        .await
}

#[tracing::instrument(skip_all, fields(actor = %actor))]
pub async fn create_draft(
    ctx: &Context,
    actor: UserId,
    items: Vec<ChecklistItem>,
    origin: RequestOrigin,
) -> Result<ChecklistVersion> {
    let clock = ctx.clock;
    ChecklistVersion::check_items(&items)?;
    ctx.db
        .write(move |conn| {
            check_unit_types(conn, &items)?;
            let now = clock.now();
            let checklist = ChecklistVersion {
                id: ChecklistId::new_random(),
                version: checklists::next_version_number(conn)?,
                status: ChecklistStatus::Draft,
                items,
                created_at: now,
                published_at: None,
            };
            checklists::insert_draft(conn, &checklist, actor)?;
            audit::Entry::new(Action::ChecklistCreate, now)
                .by(actor)
                .on(Target::Checklist(checklist.id))
                .from(&origin)
                .details(serde_json::json!({ "version": checklist.version.get() }))
                .append(conn)?;
            Ok(checklist)
        })
        .await
}

#[tracing::instrument(skip_all, fields(actor = %actor, id = %id))]
pub async fn replace_items(
    ctx: &Context,
    actor: UserId,
    id: ChecklistId,
    items: Vec<ChecklistItem>,
    origin: RequestOrigin,
) -> Result<ChecklistVersion> {
    let clock = ctx.clock;
    ctx.db
        .write(move |conn| {
            lock::row(conn, Aggregate::Checklist, &id.to_string())?;
            let mut checklist = checklists::find(conn, id)?.ok_or(Error::NotFound)?;
            checklist.replace_items(items)?;
            check_unit_types(conn, &checklist.items)?;
            checklists::replace_items(conn, &checklist)?;
            audit::Entry::new(Action::ChecklistUpdate, clock.now())
                .by(actor)
                .on(Target::Checklist(id))
                .from(&origin)
                .append(conn)?;
            Ok(checklist)
        })
        .await
}

#[tracing::instrument(skip_all, fields(actor = %actor, id = %id))]
pub async fn publish(
    ctx: &Context,
    actor: UserId,
    id: ChecklistId,
    origin: RequestOrigin,
) -> Result<ChecklistVersion> {
    let clock = ctx.clock;
    ctx.db
        .write(move |conn| {
            let now = clock.now();
            lock::row(conn, Aggregate::Checklist, &id.to_string())?;
            let mut checklist = checklists::find(conn, id)?.ok_or(Error::NotFound)?;
            checklist.publish(now)?;
            checklists::mark_published(conn, id, now)?;
            audit::Entry::new(Action::ChecklistPublish, now)
                .by(actor)
                .on(Target::Checklist(id))
                .from(&origin)
                .details(serde_json::json!({ "version": checklist.version.get() }))
                .append(conn)?;
            Ok(checklist)
        })
        .await
}
