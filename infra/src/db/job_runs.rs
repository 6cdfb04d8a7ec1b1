//! Scheduled work done once however many replicas run: the one whose insert of (job, period)
//! commits runs the job. On PostgreSQL a second replica's insert waits for the first's
//! transaction and then finds the row; if the first rolled back, the second gets the claim.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use super::schema::job_runs;
use super::{DbConnection, DbError, to_db_time};

/// Claims `job` for `period` inside the caller's transaction; `false` if it is already taken.
pub fn claim(
    conn: &mut DbConnection,
    job: &str,
    period: &str,
    now: DateTime<Utc>,
) -> Result<bool, DbError> {
    let row = (
        job_runs::job.eq(job),
        job_runs::period.eq(period),
        job_runs::started_at.eq(to_db_time(now)),
    );
    // ON CONFLICT is written per backend: diesel's multi-backend builder does not carry it.
    let inserted = match conn {
        DbConnection::Pg(c) => diesel::insert_into(job_runs::table)
            .values(row)
            .on_conflict_do_nothing()
            .execute(c),
        DbConnection::Sqlite(c) => diesel::insert_into(job_runs::table)
            .values(row)
            .on_conflict_do_nothing()
            .execute(c),
    }?;
    Ok(inserted == 1)
}
