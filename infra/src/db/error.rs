use diesel::result::{DatabaseErrorKind, Error as DieselError};
use thiserror::Error;

/// What can go wrong talking to the database. None of it is the client's fault, except a
/// unique violation, which use cases check for with [`DbError::is_unique_violation`] and turn
/// into their own "already exists" error.
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

impl DbError {
    pub fn is_unique_violation(&self) -> bool {
        matches!(
            self,
            DbError::Query(DieselError::DatabaseError(
                DatabaseErrorKind::UniqueViolation,
                _
            ))
        )
    }

    pub fn corrupt(what: impl std::fmt::Display) -> Self {
        DbError::Corrupt(what.to_string())
    }
}
