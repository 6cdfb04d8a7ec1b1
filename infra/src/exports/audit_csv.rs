//! The audit trail as CSV, newest first, with times in the bureau's time zone.

use std::io::Write;

use chrono_tz::Tz;

use super::{PAGE_ROWS, spreadsheet_safe};
use crate::db::audit::{self, AuditFilter};
use crate::db::{DbConnection, from_db_time};

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Db(#[from] crate::db::DbError),
    #[error(transparent)]
    Csv(#[from] csv::Error),
}

/// Writes every entry `filter` admits to `out`; how many.
pub fn write(
    conn: &mut DbConnection,
    filter: &AuditFilter,
    tz: Tz,
    mut out: impl Write,
) -> Result<u64, ExportError> {
    // A byte-order mark, so that spreadsheet programs read the Chinese correctly.
    out.write_all(super::BOM).map_err(csv::Error::from)?;
    let mut out = csv::Writer::from_writer(out);
    out.write_record([
        "id",
        "at",
        "actor_id",
        "actor_username",
        "action",
        "target_type",
        "target_id",
        "client_ip",
        "request_id",
        "details",
    ])?;
    let mut before = None;
    let mut written = 0;
    loop {
        let page = audit::list(conn, filter, before, PAGE_ROWS)?;
        for entry in &page {
            let opt =
                |v: &Option<String>| spreadsheet_safe(v.as_deref().unwrap_or("")).into_owned();
            out.write_record([
                entry.id.to_string(),
                from_db_time(entry.at).with_timezone(&tz).to_rfc3339(),
                opt(&entry.actor_id),
                opt(&entry.actor_username),
                entry.action.clone(),
                opt(&entry.target_type),
                opt(&entry.target_id),
                opt(&entry.client_ip),
                opt(&entry.request_id),
                opt(&entry.details),
            ])?;
            written += 1;
        }
        match page.last() {
            Some(last) if page.len() == PAGE_ROWS as usize => before = Some(last.id),
            _ => break,
        }
    }
    out.flush().map_err(csv::Error::from)?;
    Ok(written)
}
