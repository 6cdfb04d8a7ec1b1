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
