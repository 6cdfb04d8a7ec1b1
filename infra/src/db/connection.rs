//! One connection type over both backends, and the pool that hands them out.

use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::r2d2::{self, ManageConnection};
use diesel::{Connection, PgConnection, SqliteConnection};

use crate::config::DatabaseUrl;

/// A connection to either backend. Queries written against it run on both; what one backend
/// lacks is done in a `match` on the variant, in a clearly named per-backend branch.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Pg(PgConnection),
    Sqlite(SqliteConnection),
}

/// Settings every SQLite connection gets: WAL for concurrent readers, `synchronous=FULL`
/// because NORMAL can lose a committed transaction on power loss, foreign keys on (off by
/// default in SQLite), and a busy timeout so a reader waits instead of failing.
const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL;
PRAGMA synchronous = FULL;
PRAGMA foreign_keys = ON;
PRAGMA busy_timeout = 5000;";

/// A pooled connection, and whether it has shown itself broken. libpq never reconnects: a
/// connection cut by a database restart fails every query after, and diesel's own check only
/// looks at its transaction state. So after a failed use the connection is probed once, and a
/// dead one is dropped by the pool instead of being handed out again.
pub struct Pooled {
    pub(super) conn: DbConnection,
    pub(super) broken: bool,
}

impl Pooled {
    /// After `f` failed on this connection: is it still alive? (One round trip, on errors only.)
    pub(super) fn check_after_failure(&mut self) {
        self.broken = self.conn.batch_execute("SELECT 1").is_err();
    }
}

/// Opens connections for the pool, choosing the backend from the URL scheme (the derived
/// `establish` tries each backend in turn, and SQLite accepts any string as a file name).
#[derive(Debug, Clone)]
pub struct Manager {
    url: DatabaseUrl,
}

impl Manager {
    pub fn new(url: DatabaseUrl) -> Self {
        Self { url }
    }
}

impl ManageConnection for Manager {
    type Connection = Pooled;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<Pooled, r2d2::Error> {
        self.open().map(|conn| Pooled {
            conn,
            broken: false,
        })
    }

    fn is_valid(&self, pooled: &mut Pooled) -> Result<(), r2d2::Error> {
        pooled
            .conn
            .batch_execute("SELECT 1")
            .map_err(r2d2::Error::QueryError)
    }

    fn has_broken(&self, pooled: &mut Pooled) -> bool {
        pooled.broken
            || match &mut pooled.conn {
                DbConnection::Pg(c) => r2d2::R2D2Connection::is_broken(c),
                DbConnection::Sqlite(c) => r2d2::R2D2Connection::is_broken(c),
            }
    }
}

impl Manager {
    fn open(&self) -> Result<DbConnection, r2d2::Error> {
        match &self.url {
            DatabaseUrl::Postgres(url) => PgConnection::establish(url)
                .map(DbConnection::Pg)
                .map_err(r2d2::Error::ConnectionError),
            DatabaseUrl::Sqlite(path) => {
                let mut conn = SqliteConnection::establish(&path.to_string_lossy())
                    .map_err(r2d2::Error::ConnectionError)?;
                conn.batch_execute(SQLITE_PRAGMAS)
                    .map_err(r2d2::Error::QueryError)?;
                Ok(DbConnection::Sqlite(conn))
            }
        }
    }
}

pub type Pool = r2d2::Pool<Manager>;

pub fn build_pool(url: &DatabaseUrl, size: u32) -> Result<Pool, r2d2::PoolError> {
    r2d2::Pool::builder()
        .max_size(size)
        .min_idle(Some(1))
        // While the database is down a request waits this long for a connection, then gets
        // 503; long enough to ride out a restart's first seconds, short enough to answer.
        .connection_timeout(Duration::from_secs(3))
        // No `SELECT 1` on every checkout: a broken connection shows in `has_broken` and as
        // an error on use, and the ping would add a round trip to every request.
        .test_on_check_out(false)
        .build(Manager::new(url.clone()))
}
