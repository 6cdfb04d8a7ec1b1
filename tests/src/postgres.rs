//! A PostgreSQL database of a test's own, dropped when the test ends.

use diesel::{Connection, PgConnection, RunQueryDsl};

pub struct TestDatabase {
    pub url: String,
    name: String,
    server: String,
}

fn server_url() -> String {
    std::env::var("ANFANG_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

fn connect(url: &str) -> PgConnection {
    PgConnection::establish(url).unwrap_or_else(|e| {
        panic!(
            "PostgreSQL is needed for the tests, at {url} (ANFANG_TEST_POSTGRES_URL): {e}. \
             Start it, e.g. `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` \
             or `docker compose up -d postgres`."
        )
    })
}

impl TestDatabase {
    pub async fn create() -> TestDatabase {
        let server = server_url();
        let name = format!("anfang_test_{}", uuid::Uuid::new_v4().simple());
        let (server_for_task, name_for_task) = (server.clone(), name.clone());
        tokio::task::spawn_blocking(move || {
            let mut conn = connect(&server_for_task);
            diesel::sql_query(format!("CREATE DATABASE {name_for_task}"))
                .execute(&mut conn)
                .expect("create the test database");
        })
        .await
        .expect("create task");
        let base = server.rsplit_once('/').map_or(server.as_str(), |(b, _)| b);
        TestDatabase {
            url: format!("{base}/{name}"),
            name,
            server,
        }
    }

    /// Takes the database away (every connection cut, new ones refused) or gives it back:
    /// an outage as the server sees one.
    pub fn set_reachable(&self, reachable: bool) {
        let mut conn = connect(&self.server);
        diesel::sql_query(format!(
            "ALTER DATABASE {} ALLOW_CONNECTIONS {reachable}",
            self.name
        ))
        .execute(&mut conn)
        .expect("alter the test database");
        if !reachable {
            diesel::sql_query(format!(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{}'",
                self.name
            ))
            .execute(&mut conn)
            .expect("cut the connections");
        }
    }

    /// A direct connection, for checking what the server stored.
    pub fn connect(&self) -> PgConnection {
        connect(&self.url)
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let mut conn = connect(&self.server);
        let _ = diesel::sql_query(format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.name
        ))
        .execute(&mut conn);
    }
}
