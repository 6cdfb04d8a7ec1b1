//! The rectification ledger as a file (CSV or XLSX), one row per finding in the ledger's
//! order, read from the database a page at a time. The XLSX sheet is written in constant-memory
//! mode (finished rows go to a temporary file) and its archive is streamed out, so a ledger of
//! any length holds a page of findings in memory.

use std::collections::HashMap;
use std::io::Write;

use anfang_domain::finding::Finding;
use chrono_tz::Tz;
use rust_xlsxwriter::Workbook;

use super::{BOM, PAGE_ROWS, spreadsheet_safe, zh};
use crate::db::aggregates::{UnitLabel, unit_labels};
use crate::db::ledger::{self, LedgerQuery};
use crate::db::page::PageRequest;
use crate::db::published_checklists::PublishedChecklists;
use crate::db::{DbConnection, DbError, finding_context};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LedgerFormat {
    Csv,
    Xlsx,
}

impl LedgerFormat {
    pub fn extension(self) -> &'static str {
        match self {
            LedgerFormat::Csv => "csv",
            LedgerFormat::Xlsx => "xlsx",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            LedgerFormat::Csv => "text/csv; charset=utf-8",
            LedgerFormat::Xlsx => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(transparent)]
    Csv(#[from] csv::Error),
    #[error(transparent)]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error("a finding's {0} is missing")]
    Missing(&'static str),
}

/// The columns, as the header row names them.
const COLUMNS: [&str; 22] = [
    "finding_id",
    "unit_code",
    "unit_name",
    "unit_type",
    "unit_type_name",
    "district",
    "district_name",
    "item_code",
    "item_title",
    "dimension",
    "severity",
    "critical",
    "repeat",
    "status",
    "status_zh",
    "visit_date",
    "deadline",
    "published_at",
    "rectified_at",
    "rectification",
    "appeal",
    "note",
];

/// Unit codes by id, read once (the names come with each page's context).
type UnitCodes = HashMap<String, UnitLabel>;

fn rows_of(
    conn: &mut DbConnection,
    page: Vec<Finding>,
    units: &UnitCodes,
    checklists: &PublishedChecklists,
    tz: Tz,
) -> Result<Vec<[String; 22]>, ExportError> {
    let mut context = finding_context::of(conn, &page)?;
    let time = |t: chrono::DateTime<chrono::Utc>| {
        t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string()
    };
    let flag = |b: bool| if b { "true" } else { "false" }.to_owned();
    page.into_iter()
        .map(|f| {
            let found = context
                .remove(&f.id)
                .ok_or(ExportError::Missing("report"))?;
            let checklist = checklists
                .get(conn, found.checklist_id)?
                .ok_or(ExportError::Missing("checklist"))?;
            let item = checklist
                .item(&f.item_code)
                .ok_or(ExportError::Missing("item"))?;
            let unit = units
                .get(&f.unit_id.to_string())
                .ok_or(ExportError::Missing("unit"))?;
            let appeal = match (f.appealed_at, f.appeal_decision) {
                (None, _) => "",
                (Some(_), None) => "pending",
                (Some(_), Some((d, _, _))) => d.as_str(),
            };
            Ok([
                f.id.to_string(),
                unit.code.clone(),
                found.place.unit_name,
                found.place.unit_type,
                found.place.unit_type_name,
                found.place.district,
                found.place.district_name,
                f.item_code.as_str().to_owned(),
                item.title().as_str().to_owned(),
                item.dimension().name_zh().to_owned(),
                f.severity.as_str().to_owned(),
                flag(f.critical),
                flag(f.repeat),
                f.status.as_str().to_owned(),
                zh(f.status.as_str()).to_owned(),
                f.visit_at.with_timezone(&tz).date_naive().to_string(),
                time(f.deadline),
                f.published_at.map(time).unwrap_or_default(),
                f.rectified_at.map(time).unwrap_or_default(),
                f.rectification.map(|t| t.into_inner()).unwrap_or_default(),
                appeal.to_owned(),
                found.note.unwrap_or_default(),
            ])
        })
        .collect()
}

/// Every finding the query admits, a page at a time, in its order.
fn each_row(
    conn: &mut DbConnection,
    q: &LedgerQuery<'_>,
    checklists: &PublishedChecklists,
    tz: Tz,
    mut write: impl FnMut(&[String; 22]) -> Result<(), ExportError>,
) -> Result<u64, ExportError> {
    let units = unit_labels(conn)?;
    let mut request = PageRequest {
        after: None,
        limit: PAGE_ROWS,
    };
    let mut written = 0;
    loop {
        let page = ledger::page(conn, q, &request)?;
        for row in rows_of(conn, page.items, &units, checklists, tz)? {
            write(&row)?;
            written += 1;
        }
        match page.next {
            Some(next) => request.after = Some(next),
            None => return Ok(written),
        }
    }
}

/// Writes the ledger `q` admits to `out`; how many findings.
pub fn write(
    conn: &mut DbConnection,
    q: &LedgerQuery<'_>,
    checklists: &PublishedChecklists,
    tz: Tz,
    format: LedgerFormat,
    mut out: impl Write + Send,
) -> Result<u64, ExportError> {
    match format {
        LedgerFormat::Csv => {
            out.write_all(BOM)?;
            let mut csv = csv::Writer::from_writer(out);
            csv.write_record(COLUMNS)?;
            let written = each_row(conn, q, checklists, tz, |row| {
                for cell in row {
                    csv.write_field(spreadsheet_safe(cell).as_bytes())?;
                }
                csv.write_record(std::iter::empty::<&[u8]>())?;
                Ok(())
            })?;
            csv.flush()?;
            Ok(written)
        }
        LedgerFormat::Xlsx => {
            let mut workbook = Workbook::new();
            let sheet = workbook.add_worksheet_with_constant_memory()?;
            sheet.set_name("整改台账")?;
            for (col, name) in COLUMNS.iter().enumerate() {
                sheet.write_string(0, col as u16, *name)?;
            }
            let mut row_number = 0u32;
            let written = each_row(conn, q, checklists, tz, |row| {
                row_number += 1;
                for (col, cell) in row.iter().enumerate() {
                    // Strings are written as text: a spreadsheet never runs them.
                    sheet.write_string(row_number, col as u16, cell)?;
                }
                Ok(())
            })?;
            workbook.save_to_writer(&mut out)?;
            out.flush()?;
            Ok(written)
        }
    }
}
