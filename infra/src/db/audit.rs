//! The append-only audit log (SPEC §3.7): who, what, when, from where, which request.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use super::schema::audit_log;
use super::{DbConnection, DbError, to_db_time};

/// Where a request came from, carried into every audit entry it causes.
#[derive(Debug, Clone, Default)]
pub struct RequestOrigin {
    pub client_ip: Option<String>,
    pub request_id: Option<String>,
    pub user_agent: Option<String>,
    /// The client's clock when it sent the request (its `Date` header), if it said.
    pub device_time: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
pub struct AuditEntry<'a> {
    pub at: DateTime<Utc>,
    pub actor_id: Option<String>,
    /// A stable dotted name, e.g. `auth.login`, `user.create`, `checklist.publish`.
    pub action: &'a str,
    pub target: Option<(&'a str, String)>,
    pub origin: &'a RequestOrigin,
    pub details: Option<serde_json::Value>,
}

#[derive(Insertable)]
#[diesel(table_name = audit_log)]
struct NewRow<'a> {
    at: chrono::NaiveDateTime,
    actor_id: Option<&'a str>,
    action: &'a str,
    target_type: Option<&'a str>,
    target_id: Option<&'a str>,
    client_ip: Option<&'a str>,
    request_id: Option<&'a str>,
    details: Option<String>,
}

pub fn append(conn: &mut DbConnection, entry: &AuditEntry<'_>) -> Result<(), DbError> {
    diesel::insert_into(audit_log::table)
        .values(NewRow {
            at: to_db_time(entry.at),
            actor_id: entry.actor_id.as_deref(),
            action: entry.action,
            target_type: entry.target.as_ref().map(|(t, _)| *t),
            target_id: entry.target.as_ref().map(|(_, id)| id.as_str()),
            client_ip: entry.origin.client_ip.as_deref(),
            request_id: entry.origin.request_id.as_deref(),
            details: entry.details.as_ref().map(|d| d.to_string()),
        })
        .execute(conn)?;
    Ok(())
}

/// The actions recorded for a target, oldest first (for history views and tests).
pub fn actions_for(
    conn: &mut DbConnection,
    target_type: &str,
    target_id: &str,
) -> Result<Vec<String>, DbError> {
    Ok(audit_log::table
        .filter(audit_log::target_type.eq(target_type))
        .filter(audit_log::target_id.eq(target_id))
        .order(audit_log::id.asc())
        .select(audit_log::action)
        .load(conn)?)
}

/// Whether `actor` was recorded doing `action` to a target (a deletion's trace, say).
pub fn recorded(
    conn: &mut DbConnection,
    actor: &str,
    action: &str,
    target_type: &str,
    target_id: &str,
) -> Result<bool, DbError> {
    Ok(audit_log::table
        .filter(audit_log::actor_id.eq(actor))
        .filter(audit_log::action.eq(action))
        .filter(audit_log::target_type.eq(target_type))
        .filter(audit_log::target_id.eq(target_id))
        .select(audit_log::id)
        .first::<i64>(conn)
        .optional()?
        .is_some())
}

/// What an auditor narrows the trail by; `None` does not narrow.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub actor_id: Option<String>,
    pub action: Option<String>,
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    pub client_ip: Option<String>,
    /// At or after.
    pub from: Option<DateTime<Utc>>,
    /// Before.
    pub until: Option<DateTime<Utc>>,
}

/// One entry as stored, with the actor's username when the entry has an actor.
#[derive(Debug, Clone, Queryable)]
pub struct AuditRecord {
    pub id: i64,
    pub at: chrono::NaiveDateTime,
    pub actor_id: Option<String>,
    pub actor_username: Option<String>,
    pub action: String,
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    pub client_ip: Option<String>,
    pub request_id: Option<String>,
    pub details: Option<String>,
}

/// The entries that match, newest first, after the entry `before` (exclusive) when given.
pub fn list(
    conn: &mut DbConnection,
    filter: &AuditFilter,
    before: Option<i64>,
    limit: u32,
) -> Result<Vec<AuditRecord>, DbError> {
    use super::schema::users;
    let mut query = audit_log::table
        .left_join(users::table.on(audit_log::actor_id.eq(users::id.nullable())))
        .select((
            audit_log::id,
            audit_log::at,
            audit_log::actor_id,
            users::username.nullable(),
            audit_log::action,
            audit_log::target_type,
            audit_log::target_id,
            audit_log::client_ip,
            audit_log::request_id,
            audit_log::details,
        ))
        .into_boxed();
    if let Some(actor) = &filter.actor_id {
        query = query.filter(audit_log::actor_id.eq(actor.clone()));
    }
    if let Some(action) = &filter.action {
        query = query.filter(audit_log::action.eq(action.clone()));
    }
    if let Some(t) = &filter.target_type {
        query = query.filter(audit_log::target_type.eq(t.clone()));
    }
    if let Some(id) = &filter.target_id {
        query = query.filter(audit_log::target_id.eq(id.clone()));
    }
    if let Some(ip) = &filter.client_ip {
        query = query.filter(audit_log::client_ip.eq(ip.clone()));
    }
    if let Some(from) = filter.from {
        query = query.filter(audit_log::at.ge(to_db_time(from)));
    }
    if let Some(until) = filter.until {
        query = query.filter(audit_log::at.lt(to_db_time(until)));
    }
    if let Some(before) = before {
        query = query.filter(audit_log::id.lt(before));
    }
    Ok(query
        .order(audit_log::id.desc())
        .limit(i64::from(limit))
        .load(conn)?)
}

/// Deletes the entries older than `before` under a permit written and withdrawn in the caller's
/// transaction; the database refuses any younger than six months whatever the permit says.
pub fn prune_before(conn: &mut DbConnection, before: DateTime<Utc>) -> Result<usize, DbError> {
    use super::schema::audit_prune_permits;
    let before = to_db_time(before);
    diesel::insert_into(audit_prune_permits::table)
        .values(audit_prune_permits::before.eq(before))
        .execute(conn)?;
    let pruned = diesel::delete(audit_log::table.filter(audit_log::at.lt(before))).execute(conn)?;
    diesel::delete(audit_prune_permits::table).execute(conn)?;
    Ok(pruned)
}
