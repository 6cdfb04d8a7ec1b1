//! A download written on a blocking thread while the client reads it (see
//! `anfang_infra::exports`): the use case checks and records the export first, then hands the
//! writing here.

use anfang_infra::db::{Db, DbConnection, DbError};
use anfang_infra::exports::{ChunkSink, Chunks, chunk_channel};

/// Starts `write` on a connection of its own; the chunks arrive as it writes them. A failure
/// ends the download cut short (the client never takes a partial file for a whole one).
pub(crate) fn spawn<E>(
    db: &Db,
    what: &'static str,
    write: impl FnOnce(&mut DbConnection, &mut ChunkSink) -> Result<u64, E> + Send + 'static,
) -> Chunks
where
    E: std::fmt::Display + From<DbError> + Send + 'static,
{
    let (mut sink, chunks) = chunk_channel();
    let db = db.clone();
    tokio::spawn(async move {
        let written = db
            .read(move |conn| {
                let written = write(conn, &mut sink);
                if let Err(e) = &written {
                    sink.fail(e);
                }
                written
            })
            .await;
        match written {
            Ok(rows) => tracing::info!(rows, what, "download written"),
            // A client that stops reading ends it too.
            Err(e) => tracing::warn!(error = %e, what, "download cut short"),
        }
    });
    chunks
}
