//! Row locks for read-modify-write steps. A use case that reads an aggregate, decides by the
//! rules, and writes it back must not interleave with another doing the same: two supervisors
//! deciding one appeal, two appeals filed at once. On PostgreSQL the step first takes the row's
//! lock (`SELECT … FOR UPDATE`), so a concurrent step waits and then reads what the first one
//! wrote; the rules refuse it as they would refuse it later. On SQLite writers are serialized
//! already ([`super::Db::write`]), so the lock is a no-op there.

use diesel::RunQueryDsl;
use diesel::sql_types::Text;

use super::{DbConnection, DbError};

/// The aggregates whose rows are locked; the table names are ours, never a caller's string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aggregate {
    Assignment,
    Campaign,
    Checklist,
    Finding,
    Notice,
    Report,
    Unit,
    User,
}

impl Aggregate {
    fn statement(self) -> &'static str {
        match self {
            Aggregate::Assignment => "SELECT 1 FROM assignments WHERE id = $1 FOR UPDATE",
            Aggregate::Campaign => "SELECT 1 FROM campaigns WHERE id = $1 FOR UPDATE",
            Aggregate::Checklist => "SELECT 1 FROM checklists WHERE id = $1 FOR UPDATE",
            Aggregate::Finding => "SELECT 1 FROM findings WHERE id = $1 FOR UPDATE",
            Aggregate::Notice => "SELECT 1 FROM notices WHERE id = $1 FOR UPDATE",
            Aggregate::Report => "SELECT 1 FROM reports WHERE id = $1 FOR UPDATE",
            Aggregate::Unit => "SELECT 1 FROM units WHERE id = $1 FOR UPDATE",
            Aggregate::User => "SELECT 1 FROM users WHERE id = $1 FOR UPDATE",
        }
    }
}

/// Locks every row of the settings, which change together (their rules relate them).
pub fn settings(conn: &mut DbConnection) -> Result<(), DbError> {
    if let DbConnection::Pg(c) = conn {
        diesel::sql_query("SELECT 1 FROM settings FOR UPDATE").execute(c)?;
    }
    Ok(())
}

/// Locks the row of `what` with id `id` until the transaction ends (PostgreSQL); a row that
/// does not exist locks nothing, and the caller's read then finds nothing.
pub fn row(conn: &mut DbConnection, what: Aggregate, id: &str) -> Result<(), DbError> {
    if let DbConnection::Pg(c) = conn {
        diesel::sql_query(what.statement())
            .bind::<Text, _>(id)
            .execute(c)?;
    }
    Ok(())
}

/// An arbitrary constant naming the document-number lock among the server's advisory locks.
const DOCUMENT_NUMBER_LOCK: i64 = 0x616e_6661_6e6f; // "anfano"

/// Serializes the giving of document numbers until the transaction ends (PostgreSQL): two
/// notices published at once on two replicas read the year's last number one after the other.
pub fn document_numbers(conn: &mut DbConnection) -> Result<(), DbError> {
    if let DbConnection::Pg(c) = conn {
        diesel::sql_query(format!(
            "SELECT pg_advisory_xact_lock({DOCUMENT_NUMBER_LOCK})"
        ))
        .execute(c)?;
    }
    Ok(())
}
