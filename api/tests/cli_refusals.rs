//! The command line says no in one plain sentence and exits 1: never a database message, a
//! stack trace, or a code only a developer could read. On SQLite and on PostgreSQL.

use std::path::PathBuf;

use diesel::{Connection, RunQueryDsl, SqliteConnection};

mod support;
use support::{PostgresDatabase, anfang};

struct Installation {
    data: PathBuf,
    database: Option<PostgresDatabase>,
}

impl Installation {
    fn new(backend: &str, name: &str) -> Self {
        let data = std::env::temp_dir().join(format!(
            "anfang-cli-{name}-{backend}-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&data);
        let database = (backend == "postgres").then(|| PostgresDatabase::create("anfang_cli_no"));
        Self { data, database }
    }

    /// What the operator sees: the exit code, and standard error.
    fn run(&self, args: &[&str], stdin: &str) -> (Option<i32>, String) {
        let url = self.database.as_ref().map(PostgresDatabase::url);
        let output = anfang(&self.data, url.as_deref(), args, stdin);
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    }

    fn create_user(&self, username: &str, extra: &[&str]) -> (Option<i32>, String) {
        let mut args = vec![
            "user",
            "create",
            "--username",
            username,
            "--display-name",
            "王五",
        ];
        args.extend_from_slice(extra);
        self.run(&args, "a-long-enough-secret-9\n")
    }
}

impl Drop for Installation {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.data);
    }
}

/// The last line of standard error: the one the operator reads.
fn said(stderr: &str) -> &str {
    stderr.lines().last().unwrap_or_default()
}

fn refuses_a_taken_username_and_an_unknown_unit(backend: &str) {
    let install = Installation::new(backend, "users");
    let (code, stderr) = install.create_user("wangwu", &["--role", "supervisor"]);
    assert_eq!(code, Some(0), "{stderr}");

    let (code, stderr) = install.create_user("wangwu", &["--role", "supervisor"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(said(&stderr), "anfang: The username is taken");

    let unknown = "5b1f2c1e-0000-4000-8000-000000000001";
    let (code, stderr) =
        install.create_user("zhaoliu", &["--role", "unit_manager", "--unit-id", unknown]);
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(
        said(&stderr),
        "anfang: --unit-id: refers to something that does not exist"
    );
    for raw in [
        "FOREIGN KEY",
        "violates",
        "constraint",
        "panicked",
        "DbError",
    ] {
        assert!(!stderr.contains(raw), "{raw} shown: {stderr}");
    }
}

#[test]
fn user_create_refuses_a_taken_username_and_an_unknown_unit_in_plain_words_on_sqlite() {
    refuses_a_taken_username_and_an_unknown_unit("sqlite");
}

#[test]
fn user_create_refuses_a_taken_username_and_an_unknown_unit_in_plain_words_on_postgres() {
    refuses_a_taken_username_and_an_unknown_unit("postgres");
}

#[test]
fn notice_generate_refuses_a_month_not_begun_and_a_month_already_published() {
    let install = Installation::new("sqlite", "notices");
    let next_month = (chrono::Utc::now() + chrono::Duration::days(40)).format("%Y-%m");
    let next_month = next_month.to_string();
    let (code, stderr) = install.run(&["notice", "generate", "--period", &next_month], "");
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(
        said(&stderr),
        format!("anfang: notice {next_month}: --period: that month has not begun")
    );

    let (code, stderr) = install.run(&["notice", "generate", "--period", "2026-09"], "");
    assert_eq!(code, Some(0), "{stderr}");
    // As a supervisor publishing it would leave it.
    let mut db = SqliteConnection::establish(install.data.join("anfang.db").to_str().unwrap())
        .expect("the installation's database");
    diesel::sql_query(
        "UPDATE notices SET status = 'published', published_at = CURRENT_TIMESTAMP \
         WHERE period = '2026-09'",
    )
    .execute(&mut db)
    .expect("publish the notice");

    let (code, stderr) = install.run(&["notice", "generate", "--period", "2026-09"], "");
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(
        said(&stderr),
        "anfang: notice 2026-09: The notice is published; it never changes"
    );
}
