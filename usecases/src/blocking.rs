//! CPU-heavy work (password hashing, image decoding) off the async threads, inside the span
//! of the request that asked for it, so its log lines still carry the request's id.

use crate::error::{Error, Result};

pub async fn run<T, F>(work: F) -> Result<T>
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    let span = tracing::Span::current();
    tokio::task::spawn_blocking(move || span.in_scope(work))
        .await
        .map_err(Error::internal)
}
