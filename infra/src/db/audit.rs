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
