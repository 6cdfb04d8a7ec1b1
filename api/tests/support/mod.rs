//! What the binary's tests share: a PostgreSQL database of a test's own.

use diesel::{Connection, PgConnection, RunQueryDsl};

/// A PostgreSQL database of this test's own, dropped at the end (as in `anfang-tests`).
pub struct PostgresDatabase {
    server: String,
    name: String,
}

impl PostgresDatabase {
    pub fn create(prefix: &str) -> PostgresDatabase {
        let server = std::env::var("ANFANG_TEST_POSTGRES_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned());
        let name = format!("{prefix}_{}", std::process::id());
        let mut conn = PgConnection::establish(&server).expect("PostgreSQL for the tests");
        diesel::sql_query(format!("CREATE DATABASE {name}"))
            .execute(&mut conn)
            .expect("create the test database");
        PostgresDatabase { server, name }
    }

    pub fn url(&self) -> String {
        let base = self.server.rsplit_once('/').map_or("", |(b, _)| b);
        format!("{base}/{}", self.name)
    }
}

impl Drop for PostgresDatabase {
    fn drop(&mut self) {
        if let Ok(mut conn) = PgConnection::establish(&self.server) {
            let drop = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
            let _ = diesel::sql_query(drop).execute(&mut conn);
        }
    }
}

/// Runs the built `anfang` binary on the data directory `data` (and, when given, the database
/// at `database_url`), with `stdin` as its standard input.
#[allow(dead_code, reason = "not every test binary runs a command")]
pub fn anfang(
    data: &std::path::Path,
    database_url: Option<&str>,
    args: &[&str],
    stdin: &str,
) -> std::process::Output {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut command = Command::new(env!("CARGO_BIN_EXE_anfang"));
    command
        .args(args)
        .env("ANFANG_DATA_DIR", data)
        .env("ANFANG_ADMIN_PASSWORD", "cli-tests-admin-2026")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(url) = database_url {
        command.env("ANFANG_DATABASE_URL", url);
    }
    let mut child = command.spawn().expect("the binary runs");
    if let Some(mut input) = child.stdin.take() {
        input.write_all(stdin.as_bytes()).expect("stdin");
    }
    child.wait_with_output().expect("the binary ends")
}
