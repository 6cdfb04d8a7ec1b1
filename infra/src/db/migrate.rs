//! Embedded migrations, applied at start. On PostgreSQL several replicas may start at once,
//! so the work happens under an advisory lock; when nothing is pending, no lock is taken.

use diesel::RunQueryDsl;
use diesel::connection::SimpleConnection;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};
use tracing::info;

use super::{DbConnection, DbError};

const POSTGRES: EmbeddedMigrations = embed_migrations!("../migrations/postgres");
const SQLITE: EmbeddedMigrations = embed_migrations!("../migrations/sqlite");

/// An arbitrary constant naming anfang's migration lock among the server's advisory locks.
const MIGRATION_LOCK: i64 = 0x616e_6661_6e67; // "anfang"

fn migration_error(e: impl std::fmt::Display) -> DbError {
    DbError::Migration(e.to_string())
}

pub fn run_pending(conn: &mut DbConnection) -> Result<(), DbError> {
    match conn {
        DbConnection::Pg(pg) => {
            if !pg
                .has_pending_migration(POSTGRES)
                .map_err(migration_error)?
            {
                return Ok(());
            }
            diesel::sql_query(format!("SELECT pg_advisory_lock({MIGRATION_LOCK})")).execute(pg)?;
            let applied = pg.run_pending_migrations(POSTGRES).map(|v| v.len());
            // Unlock whatever happened; a failed unlock only matters if the session lives on.
            let _ = pg.batch_execute(&format!("SELECT pg_advisory_unlock({MIGRATION_LOCK})"));
            let applied = applied.map_err(migration_error)?;
            info!(applied, backend = "postgres", "database migrations applied");
        }
        DbConnection::Sqlite(sqlite) => {
            let applied = sqlite
                .run_pending_migrations(SQLITE)
                .map_err(migration_error)?
                .len();
            if applied > 0 {
                info!(applied, backend = "sqlite", "database migrations applied");
            }
        }
    }
    Ok(())
}
