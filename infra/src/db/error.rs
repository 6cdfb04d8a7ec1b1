use diesel::result::{DatabaseErrorKind, Error as DieselError};
use thiserror::Error;

/// What can go wrong talking to the database. None of it is the client's fault: what is (a
/// key already taken, a reference to nothing) comes back from the writes that can meet it as a
/// [`WriteError`] of its own.
#[derive(Debug, Error)]
pub enum DbError {
    #[error("database query failed: {0}")]
    Query(#[from] DieselError),
    #[error("no database connection available: {0}")]
    Pool(#[from] diesel::r2d2::PoolError),
    #[error("database migration failed: {0}")]
    Migration(String),
    #[error("database setup failed: {0}")]
    Setup(String),
    #[error("a stored row does not make sense: {0}")]
    Corrupt(String),
    #[error("blocking task failed: {0}")]
    Task(String),
}

/// How libpq and the server word a lost or refused connection (diesel reports these as
/// unknown errors; SQLSTATE is not passed on).
const CONNECTION_LOST: [&str; 9] = [
    "server closed the connection",
    "terminating connection",
    "no connection to the server",
    "could not connect",
    "connection to server",
    "the database system is",
    "could not send data",
    "could not receive data",
    "SSL SYSCALL error",
];

impl DbError {
    fn is_unique_violation(&self) -> bool {
        matches!(
            self,
            DbError::Query(DieselError::DatabaseError(
                DatabaseErrorKind::UniqueViolation,
                _
            ))
        )
    }

    /// The database cannot be reached (down, restarting, the connection cut): nobody's fault,
    /// and worth a retry, unlike a query the database refused.
    pub fn is_unavailable(&self) -> bool {
        match self {
            DbError::Pool(_) => true,
            DbError::Query(DieselError::BrokenTransactionManager) => true,
            DbError::Query(DieselError::DatabaseError(DatabaseErrorKind::ClosedConnection, _)) => {
                true
            }
            DbError::Query(DieselError::DatabaseError(DatabaseErrorKind::Unknown, info)) => {
                let message = info.message();
                CONNECTION_LOST.iter().any(|sign| message.contains(sign))
            }
            _ => false,
        }
    }

    /// A row names another that does not exist (or no longer does). SQLite's triggers that
    /// stand in for foreign keys it cannot add raise the same message as a foreign key.
    fn is_missing_reference(&self) -> bool {
        match self {
            DbError::Query(DieselError::DatabaseError(
                DatabaseErrorKind::ForeignKeyViolation,
                _,
            )) => true,
            DbError::Query(DieselError::DatabaseError(_, info)) => {
                info.message().contains("FOREIGN KEY constraint failed")
            }
            _ => false,
        }
    }

    pub fn corrupt(what: impl std::fmt::Display) -> Self {
        DbError::Corrupt(what.to_string())
    }
}

/// Why the database refused a write, said as what it means to the caller. Repositories whose
/// writes can meet a taken key or a vanished reference answer with this, so that no use case
/// ever inspects a database's error kinds.
#[derive(Debug, Error)]
pub enum WriteError {
    /// A row with this key (an id, a username, a unit code) exists already.
    #[error("already taken")]
    Taken,
    /// A row this one refers to does not exist (or no longer does).
    #[error("no such reference")]
    NoSuchReference,
    #[error(transparent)]
    Db(DbError),
}

impl From<DbError> for WriteError {
    fn from(e: DbError) -> Self {
        if e.is_unique_violation() {
            WriteError::Taken
        } else if e.is_missing_reference() {
            WriteError::NoSuchReference
        } else {
            WriteError::Db(e)
        }
    }
}

impl From<DieselError> for WriteError {
    fn from(e: DieselError) -> Self {
        DbError::from(e).into()
    }
}
