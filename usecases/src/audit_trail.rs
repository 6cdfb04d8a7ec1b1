//! Reading the audit trail (SPEC §3.7): admins list and export it, and every reading is itself
//! an entry, so nobody looks at the record of a disciplinary case unseen.

use anfang_domain::auth::Permission;
use anfang_domain::day_range::DayRange;
use anfang_domain::ids::UserId;
use anfang_domain::user::User;
use anfang_infra::config::AuditRetention;
use anfang_infra::db::audit::{self as log, AuditFilter, AuditRecord, RequestOrigin};
use anfang_infra::db::page::{Keyset, Page, PageRequest};
use anfang_infra::db::{DbConnection, from_db_time};
use anfang_infra::exports::{Chunks, audit_csv};

use crate::audit::{self, Action, TargetKind};
use crate::{Context, Error, FieldIssue, FieldProblem, Result};

/// What an auditor asks for; every part narrows.
#[derive(Debug, Clone, Default)]
pub struct TrailQuery {
    pub actor: Option<UserId>,
    /// A stored action name such as `report.approve`.
    pub action: Option<String>,
    pub target_kind: Option<TargetKind>,
    pub target_id: Option<String>,
    /// As the log recorded it.
    pub client_ip: Option<String>,
    pub at: DayRange,
}

impl TrailQuery {
    fn filter(&self, ctx: &Context) -> AuditFilter {
        let at = self.at.in_zone(&ctx.timezone);
        AuditFilter {
            actor_id: self.actor.map(|a| a.to_string()),
            action: self.action.clone(),
            target_type: self.target_kind.map(|k| k.as_str().to_owned()),
            target_id: self.target_id.clone(),
            client_ip: self.client_ip.clone(),
            from: at.start,
            until: at.end,
        }
    }

    /// The query as the entry that records its reading.
    fn details(&self) -> serde_json::Value {
        serde_json::json!({
            "actor_id": self.actor.map(|a| a.to_string()),
            "action": self.action,
            "target_type": self.target_kind.map(TargetKind::as_str),
            "target_id": self.target_id,
            "client_ip": self.client_ip,
            "from": self.at.from.map(|b| b.to_string()),
            "until": self.at.until.map(|b| b.to_string()),
        })
    }
}

fn allowed(viewer: &User) -> Result<()> {
    if Permission::ReadAudit.is_granted_to(viewer.role) {
        Ok(())
    } else {
        Err(Error::Forbidden)
    }
}

fn record_reading(
    conn: &mut DbConnection,
    ctx_now: chrono::DateTime<chrono::Utc>,
    action: Action,
    viewer: UserId,
    query: &TrailQuery,
    origin: &RequestOrigin,
) -> Result<()> {
    audit::Entry::new(action, ctx_now)
        .by(viewer)
        .from(origin)
        .details(query.details())
        .append(conn)?;
    Ok(())
}

/// A page of the trail, newest first. The reading is recorded before it is answered, in the
/// same transaction, so the page a reader sees never lacks its own entry's predecessors.
#[tracing::instrument(skip_all, fields(viewer = %viewer.id))]
pub async fn list(
    ctx: &Context,
    viewer: &User,
    query: TrailQuery,
    page: PageRequest,
    origin: RequestOrigin,
) -> Result<Page<AuditRecord>> {
    allowed(viewer)?;
    let before = page
        .after
        .as_ref()
        .map(|k| k.id.parse::<i64>())
        .transpose()
        .map_err(|_| {
            Error::Parameter(vec![FieldProblem::new(
                "cursor",
                FieldIssue::Format {
                    expected: "the next_cursor of the previous page",
                },
            )])
        })?;
    let filter = query.filter(ctx);
    let (clock, viewer_id) = (ctx.clock, viewer.id);
    ctx.db
        .write(move |conn| {
            let rows = log::list(conn, &filter, before, page.limit + 1)?;
            record_reading(
                conn,
                clock.now(),
                Action::AuditRead,
                viewer_id,
                &query,
                &origin,
            )?;
            Ok(Page::from_rows(rows, page.limit, |r| Keyset {
                at: from_db_time(r.at),
                id: r.id.to_string(),
            }))
        })
        .await
}

/// The whole trail `query` admits as CSV, written while it is downloaded. The export is
/// recorded before the first byte leaves.
#[tracing::instrument(skip_all, fields(viewer = %viewer.id))]
pub async fn export_csv(
    ctx: &Context,
    viewer: &User,
    query: TrailQuery,
    origin: RequestOrigin,
) -> Result<Chunks> {
    allowed(viewer)?;
    let filter = query.filter(ctx);
    let (clock, viewer_id) = (ctx.clock, viewer.id);
    ctx.db
        .write(move |conn| {
            record_reading(
                conn,
                clock.now(),
                Action::AuditExport,
                viewer_id,
                &query,
                &origin,
            )
        })
        .await?;
    let tz = ctx.timezone;
    let chunks = crate::download::spawn(&ctx.db, "audit", move |conn, sink| {
        audit_csv::write(conn, &filter, tz, sink)
    });
    Ok(chunks)
}

/// Prunes the entries older than `retention` (at least six months; the database refuses any
/// younger). The pruning is an entry itself. Safe on every replica at once: a second run finds
/// nothing left to prune.
#[tracing::instrument(skip_all, fields(months = retention.in_months()))]
pub async fn prune(ctx: &Context, retention: AuditRetention) -> Result<usize> {
    let clock = ctx.clock;
    ctx.db
        .write(move |conn| {
            let now = clock.now();
            let before = now
                .checked_sub_months(chrono::Months::new(retention.in_months()))
                .ok_or_else(|| Error::internal("an audit cut-off before the calendar"))?;
            let pruned = log::prune_before(conn, before)?;
            if pruned > 0 {
                audit::Entry::new(Action::AuditPrune, now)
                    .details(serde_json::json!({ "before": before, "pruned": pruned }))
                    .append(conn)?;
            }
            Ok(pruned)
        })
        .await
}
