//! The rectification ledger as a file, for whoever may read the ledger and within what they
//! may read: written while it downloads, the export recorded before the first byte.

use std::sync::Arc;

use anfang_domain::finding::{LedgerFilter, LedgerSort};
use anfang_domain::user::User;
use anfang_infra::db::audit::RequestOrigin;
use anfang_infra::exports::Chunks;
use anfang_infra::exports::ledger::{self, LedgerFormat};

use crate::audit::{self, Action};
use crate::findings::{ledger_query, ledger_scope};
use crate::{Context, Result};

#[tracing::instrument(skip_all, fields(viewer = %viewer.id, format = format.extension()))]
pub async fn export(
    ctx: &Context,
    viewer: &User,
    filter: LedgerFilter,
    sort: LedgerSort,
    format: LedgerFormat,
    origin: RequestOrigin,
) -> Result<Chunks> {
    let scope = ledger_scope(viewer, &filter)?;
    let (clock, viewer_id) = (ctx.clock, viewer.id);
    ctx.db
        .write(move |conn| {
            audit::Entry::new(Action::FindingLedgerExport, clock.now())
                .by(viewer_id)
                .from(&origin)
                .details(serde_json::json!({ "format": format.extension() }))
                .append(conn)?;
            Ok::<_, crate::Error>(())
        })
        .await?;
    let (tz, checklists) = (ctx.timezone, Arc::clone(&ctx.checklists));
    let chunks = crate::download::spawn(&ctx.db, "ledger", move |conn, sink| {
        let query = ledger_query(scope, &filter, sort, &tz);
        ledger::write(conn, &query, &checklists, tz, format, sink)
    });
    Ok(chunks)
}
