//! A notice rendered for circulation: JSON, CSV (one row per finding), an XLSX workbook
//! (summary, rankings, findings, rectification) and a printable Chinese HTML page. Every
//! format is rendered from the stored snapshot and the findings it recorded, so an export of a
//! published notice is the same whenever it is made.

mod csv;
mod html;
mod json;
mod xlsx;

use std::collections::HashMap;

use anfang_domain::notice::Notice;
use thiserror::Error;

use crate::db::notices::CoveredFinding;
pub(crate) use crate::exports::{channel_zh, zh};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Json,
    Csv,
    Xlsx,
    Html,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 4] = [
        ExportFormat::Json,
        ExportFormat::Csv,
        ExportFormat::Xlsx,
        ExportFormat::Html,
    ];

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.extension() == raw)
    }

    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Json => "json",
            ExportFormat::Csv => "csv",
            ExportFormat::Xlsx => "xlsx",
            ExportFormat::Html => "html",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            ExportFormat::Json => "application/json",
            ExportFormat::Csv => "text/csv; charset=utf-8",
            ExportFormat::Xlsx => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
            ExportFormat::Html => "text/html; charset=utf-8",
        }
    }
}

/// Everything an export shows.
pub struct NoticeDocument<'a> {
    pub notice: &'a Notice,
    /// The findings the notice recorded, by unit and item.
    pub findings: &'a [CoveredFinding],
    /// Item code → Chinese title.
    pub item_titles: &'a HashMap<String, String>,
    /// Photo id → JPEG thumbnail, for the typical cases (HTML only).
    pub thumbnails: &'a HashMap<String, Vec<u8>>,
    /// The bureau's time zone: every date and time a person reads is in it.
    pub zone: chrono_tz::Tz,
}

impl NoticeDocument<'_> {
    /// A day as the bureau reads it (a call at 07:40 on 1 December in Beijing is on the 1st).
    fn day(&self, t: chrono::DateTime<chrono::Utc>) -> String {
        t.with_timezone(&self.zone).format("%Y-%m-%d").to_string()
    }

    /// A moment as the bureau reads it, to the minute.
    fn time(&self, t: chrono::DateTime<chrono::Utc>) -> String {
        t.with_timezone(&self.zone)
            .format("%Y-%m-%d %H:%M")
            .to_string()
    }

    fn item_title<'s>(&'s self, code: &'s str) -> &'s str {
        self.item_titles
            .get(code)
            .map(String::as_str)
            .unwrap_or(code)
    }
}

#[derive(Debug, Error)]
pub enum ExportError {
    #[error("JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("CSV: {0}")]
    Csv(#[from] ::csv::Error),
    #[error("XLSX: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("HTML: {0}")]
    Html(#[from] askama::Error),
}

pub fn render(doc: &NoticeDocument<'_>, format: ExportFormat) -> Result<Vec<u8>, ExportError> {
    match format {
        ExportFormat::Json => json::render(doc),
        ExportFormat::Csv => csv::render(doc),
        ExportFormat::Xlsx => xlsx::render(doc),
        ExportFormat::Html => html::render(doc),
    }
}

fn score_text(score: Option<f64>) -> String {
    score
        .map(|s| format!("{s:.2}"))
        .unwrap_or_else(|| "—".into())
}

fn rank_text(rank: Option<u32>) -> String {
    rank.map(|r| r.to_string())
        .unwrap_or_else(|| "不参与排名".into())
}
