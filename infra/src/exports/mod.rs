//! Downloads written a chunk at a time (the audit trail, the rectification ledger): a blocking
//! thread reads the database a page at a time and writes rows into a [`ChunkSink`], which hands
//! full chunks to the HTTP answer through a small bounded channel. However large the download,
//! the server holds a few chunks of it; a client that stops reading stops the thread.

pub mod audit_csv;
mod cells;
pub mod ledger;
mod sink;
mod words;

pub use cells::spreadsheet_safe;
pub use sink::{ChunkSink, Chunks, chunk_channel};
pub use words::{channel_zh, zh};

/// UTF-8's byte-order mark, which spreadsheet programs on the bureau's desktops need to read
/// Chinese CSV correctly.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Rows read from the database per page while writing a download.
pub const PAGE_ROWS: u32 = 1000;
