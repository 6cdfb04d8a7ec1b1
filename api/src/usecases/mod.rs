//! Use cases: each one takes parsed domain values, applies the domain's rules, and persists
//! through the repositories of `anfang-infra`, auditing what it changes. Handlers call these
//! and nothing below them.

pub mod auth;
pub mod bootstrap;
pub mod campaigns;
pub mod checklists;
pub mod findings;
pub mod notices;
pub mod photos;
pub mod rectification_photos;
pub mod reports;
pub mod settings;
pub mod stats;
pub mod unit_types;
pub mod units;
pub mod users;

use anfang_infra::db::audit::{self, AuditEntry, RequestOrigin};
use anfang_infra::db::{DbConnection, DbError};
use chrono::{DateTime, Utc};

/// Appends one audit entry about `target` by `actor`.
pub(crate) fn audit(
    conn: &mut DbConnection,
    at: DateTime<Utc>,
    actor: Option<String>,
    action: &str,
    target: Option<(&str, String)>,
    origin: &RequestOrigin,
    details: Option<serde_json::Value>,
) -> Result<(), DbError> {
    audit::append(
        conn,
        &AuditEntry {
            at,
            actor_id: actor,
            action,
            target,
            origin,
            details,
        },
    )
}
