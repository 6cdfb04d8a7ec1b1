//! The relational store: PostgreSQL in production, SQLite embedded; one code path.
//!
//! Repositories are plain functions taking `&mut DbConnection`, one module per aggregate.
//! Use cases run them through [`Db::read`] or [`Db::write`], which move the work to a blocking
//! thread (diesel is synchronous) and, for writes, wrap it in a transaction.

mod column;
mod connection;
mod error;
mod migrate;
pub mod page;
pub mod schema;
mod time;

pub mod aggregates;
pub mod assignments;
pub mod audit;
pub mod campaigns;
pub mod checklists;
pub mod districts;
pub mod evidence_manifest;
pub mod finding_context;
pub mod findings;
pub mod idempotency;
pub mod job_runs;
pub mod ledger;
pub mod lock;
pub mod names;
pub mod notices;
pub mod orders;
pub mod photos;
pub mod published_checklists;
pub mod recordings;
pub mod rectification_photos;
pub mod report_events;
pub mod reports;
pub mod sessions;
pub mod settings;
pub mod throttle;
pub mod unit_types;
pub mod units;
pub mod uploads;
pub mod users;

use std::sync::Arc;

use diesel::Connection;

pub use column::Text;
pub use connection::DbConnection;
pub use error::{DbError, WriteError};
pub use time::{from_db_time, now, to_db_time};

use crate::config::DatabaseUrl;

/// A handle on the database: a pool, and for SQLite the lock that serializes writers.
#[derive(Clone)]
pub struct Db {
    pool: connection::Pool,
    /// SQLite allows one writer at a time; a transaction that reads and then writes can fail
    /// with SQLITE_BUSY when another writer got in between, whatever the busy timeout. Taking
    /// this lock around every write transaction makes writers queue here instead.
    sqlite_writer: Option<Arc<std::sync::Mutex<()>>>,
}

impl Db {
    /// Opens the pool and brings the schema up to date.
    pub fn open(url: &DatabaseUrl, pool_size: u32) -> Result<Self, DbError> {
        if let DatabaseUrl::Sqlite(path) = url
            && let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        {
            std::fs::create_dir_all(dir).map_err(|e| DbError::Setup(e.to_string()))?;
        }
        let pool = connection::build_pool(url, pool_size)?;
        let mut conn = pool.get()?;
        migrate::run_pending(&mut conn.conn)?;
        Ok(Self {
            pool,
            sqlite_writer: matches!(url, DatabaseUrl::Sqlite(_))
                .then(|| Arc::new(std::sync::Mutex::new(()))),
        })
    }

    /// Runs `f` on a pooled connection on a blocking thread.
    pub async fn read<T, E, F>(&self, f: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
        F: FnOnce(&mut DbConnection) -> Result<T, E> + Send + 'static,
    {
        let pool = self.pool.clone();
        // The blocking thread works inside the caller's span: its log lines keep the request id.
        let span = tracing::Span::current();
        tokio::task::spawn_blocking(move || {
            let _entered = span.enter();
            let mut pooled = pool.get().map_err(DbError::from)?;
            let result = f(&mut pooled.conn);
            if result.is_err() {
                pooled.check_after_failure();
            }
            result
        })
        .await
        .map_err(|e| DbError::Task(e.to_string()))?
    }

    /// Runs `f` in one transaction on a blocking thread: all of it is committed, or none.
    pub async fn write<T, E, F>(&self, f: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
        F: FnOnce(&mut DbConnection) -> Result<T, E> + Send + 'static,
    {
        let db = self.clone();
        let span = tracing::Span::current();
        tokio::task::spawn_blocking(move || span.in_scope(|| db.write_blocking(f)))
            .await
            .map_err(|e| DbError::Task(e.to_string()))?
    }

    /// [`Db::write`] for callers already on a blocking thread (the command line).
    pub fn write_blocking<T, E, F>(&self, f: F) -> Result<T, E>
    where
        E: From<DbError>,
        F: FnOnce(&mut DbConnection) -> Result<T, E>,
    {
        let _writer = self.sqlite_writer.as_ref().map(|lock| {
            lock.lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        });
        let mut pooled = self.pool.get().map_err(DbError::from)?;
        let result = pooled
            .conn
            .transaction(|tx| f(tx).map_err(TxError::App))
            .map_err(|e| match e {
                TxError::App(app) => app,
                TxError::Db(db) => E::from(DbError::from(db)),
            });
        if result.is_err() {
            pooled.check_after_failure();
        }
        result
    }

    /// Is the database answering? For `/readyz`.
    pub async fn ping(&self) -> Result<(), DbError> {
        self.read(|conn| {
            diesel::connection::SimpleConnection::batch_execute(conn, "SELECT 1")
                .map_err(DbError::from)
        })
        .await
    }

    pub fn backend_name(&self) -> &'static str {
        if self.sqlite_writer.is_some() {
            "sqlite"
        } else {
            "postgres"
        }
    }
}

/// Carries the use case's own error through diesel's transaction, which needs an error type
/// that diesel's errors convert into.
enum TxError<E> {
    App(E),
    Db(diesel::result::Error),
}

impl<E> From<diesel::result::Error> for TxError<E> {
    fn from(e: diesel::result::Error) -> Self {
        TxError::Db(e)
    }
}
