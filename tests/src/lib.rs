//! The test harness: a real anfang server on a random port, on a database of its own.
//!
//! Each test gets a fresh SQLite file or a fresh PostgreSQL database (created from the server
//! at `ANFANG_TEST_POSTGRES_URL`, default `postgres://postgres@127.0.0.1:5432/postgres`) that
//! is dropped when the test ends. [`both_backends!`] runs a test once on each.

pub mod archives;
pub mod campaigns;
pub mod chrome;
pub mod console;
pub mod documents;
pub mod media;
pub mod memory;
pub mod photos;
mod postgres;
pub mod reports;
pub mod s3;
pub mod uploads;

use std::net::TcpListener;
use std::path::PathBuf;

use anfang_infra::config::Config;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

pub use postgres::TestDatabase;

/// The signing secret the test servers use, so tests can forge tokens with it.
pub const JWT_SECRET: &str = "test-secret-that-is-long-enough-for-hs256-0123456789";
pub const ADMIN_PASSWORD: &str = "admin-password-1";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// How files a test writes (screenshots) are told apart.
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// Where the app keeps objects: a local directory, or a real S3-protocol server (s3s-fs,
/// in-process, on a port of its own).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Store {
    Local,
    S3,
}

/// Like [`both_backends!`], over both databases and both object stores.
#[macro_export]
macro_rules! all_stores {
    ($($name:ident),* $(,)?) => {
        mod sqlite_local {
            $( #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
               async fn $name() { super::$name($crate::Backend::Sqlite, $crate::Store::Local).await } )*
        }
        mod sqlite_s3 {
            $( #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
               async fn $name() { super::$name($crate::Backend::Sqlite, $crate::Store::S3).await } )*
        }
        mod postgres_local {
            $( #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
               async fn $name() { super::$name($crate::Backend::Postgres, $crate::Store::Local).await } )*
        }
        mod postgres_s3 {
            $( #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
               async fn $name() { super::$name($crate::Backend::Postgres, $crate::Store::S3).await } )*
        }
    };
}

/// Declares, for each named `async fn name(backend: Backend)`, one test per backend:
/// `sqlite::name` and `postgres::name`.
#[macro_export]
macro_rules! both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::Backend::Sqlite).await
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::Backend::Postgres).await
                }
            )*
        }
    };
}

/// A running server and what is needed to talk to it.
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub backend: Backend,
    pub state: actix_web::web::Data<anfang_api::state::AppState>,
    server: actix_web::dev::ServerHandle,
    data_dir: PathBuf,
    database: Option<TestDatabase>,
    s3: Option<s3::S3Server>,
}

/// A signed-in user, who can send requests to the app they signed in to:
/// `supervisor.post(path, body).await` (as crates.io's tests speak as a user).
#[derive(Debug, Clone)]
pub struct Session {
    pub user_id: String,
    pub username: String,
    pub password: String,
    pub access_token: String,
    pub refresh_token: String,
    address: String,
    client: reqwest::Client,
}

impl Session {
    /// A request of one's own, signed in: for headers and bodies the helpers do not cover.
    pub fn request(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.client
            .request(method, format!("{}{}", self.address, path))
            .bearer_auth(&self.access_token)
    }

    /// The server's address, `127.0.0.1:port`.
    pub fn host(&self) -> &str {
        self.address.trim_start_matches("http://")
    }

    async fn send(&self, method: Method, path: &str, body: Option<Value>) -> Answer {
        let mut request = self
            .client
            .request(method, format!("{}{}", self.address, path))
            .bearer_auth(&self.access_token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        read(request.send().await.expect("request sent")).await
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.send(Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Answer {
        self.send(Method::POST, path, Some(body)).await
    }

    pub async fn put(&self, path: &str, body: Value) -> Answer {
        self.send(Method::PUT, path, Some(body)).await
    }

    pub async fn patch(&self, path: &str, body: Value) -> Answer {
        self.send(Method::PATCH, path, Some(body)).await
    }

    pub async fn delete(&self, path: &str) -> Answer {
        self.send(Method::DELETE, path, None).await
    }
}

/// An answer, read whole.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
    pub text: String,
}

impl Answer {
    /// The problem+json `code`, if this is an error.
    pub fn code(&self) -> &str {
        self.body["code"].as_str().unwrap_or("")
    }
}

/// The districts every test bureau has listed before it adds units (an admin does it through
/// `/districts` on a real install; the district tests do it that way).
const LISTED_DISTRICTS: &str = "INSERT INTO districts (code, name, created_at, updated_at) VALUES
    ('330102', '上城区', '2026-01-01 00:00:00', '2026-01-01 00:00:00'),
    ('330103', '下城区', '2026-01-01 00:00:01', '2026-01-01 00:00:01'),
    ('330105', '拱墅区', '2026-01-01 00:00:02', '2026-01-01 00:00:02'),
    ('330106', '西湖区', '2026-01-01 00:00:03', '2026-01-01 00:00:03')
    ON CONFLICT (code) DO NOTHING";

impl TestApp {
    pub async fn spawn(backend: Backend) -> TestApp {
        Self::spawn_with(backend, &[]).await
    }

    /// Starts a server with extra `ANFANG_*` settings.
    pub async fn spawn_with(backend: Backend, extra: &[(&str, &str)]) -> TestApp {
        Self::spawn_full(backend, Store::Local, extra).await
    }

    pub async fn spawn_with_store(backend: Backend, store: Store) -> TestApp {
        Self::spawn_full(backend, store, &[]).await
    }

    pub async fn spawn_full(backend: Backend, store: Store, extra: &[(&str, &str)]) -> TestApp {
        let data_dir = std::env::temp_dir().join(format!("anfang-test-{}", uuid::Uuid::new_v4()));
        let database = match backend {
            Backend::Postgres => Some(TestDatabase::create().await),
            Backend::Sqlite => None,
        };
        let database_url = match &database {
            Some(db) => db.url.clone(),
            None => format!("sqlite://{}", data_dir.join("anfang.db").display()),
        };
        let mut env: std::collections::HashMap<String, String> = [
            ("ANFANG_DATA_DIR", data_dir.display().to_string()),
            ("ANFANG_DATABASE_URL", database_url),
            ("ANFANG_JWT_SECRET", JWT_SECRET.to_owned()),
            ("ANFANG_ADMIN_PASSWORD", ADMIN_PASSWORD.to_owned()),
            ("ANFANG_DATABASE_POOL_SIZE", "4".to_owned()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        // Tests that want the scheduler turn it on; others must not find a notice drafted.
        env.insert("ANFANG_NOTICE_SCHEDULE".into(), "off".into());
        for (k, v) in extra {
            env.insert(format!("ANFANG_{k}"), (*v).to_owned());
        }
        let s3 = match store {
            Store::Local => None,
            Store::S3 => {
                let server = s3::S3Server::start().await;
                env.insert("ANFANG_STORAGE_URL".into(), format!("s3://{}", s3::BUCKET));
                env.insert("ANFANG_S3_ENDPOINT".into(), server.endpoint.clone());
                env.insert("AWS_ACCESS_KEY_ID".into(), s3::ACCESS_KEY.into());
                env.insert("AWS_SECRET_ACCESS_KEY".into(), s3::SECRET_KEY.into());
                env.insert("AWS_REGION".into(), "us-east-1".into());
                Some(server)
            }
        };
        let config = Config::from_map(env).expect("test configuration");
        let background = config.clone();
        let (state, _) = tokio::task::spawn_blocking(move || anfang_api::app::prepare(&config))
            .await
            .expect("prepare task")
            .expect("the app prepares");
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a random port");
        let port = listener.local_addr().expect("local address").port();
        let state = actix_web::web::Data::new(state);
        let server = anfang_api::app::server(state.clone(), listener, 1).expect("server starts");
        let handle = server.handle();
        tokio::spawn(server);
        anfang_api::app::spawn_background(state.clone(), &background);
        let app = TestApp {
            address: format!("http://127.0.0.1:{port}"),
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("http client"),
            backend,
            state,
            server: handle,
            data_dir,
            database,
            s3,
        };
        // A replica given another app's database finds the list there.
        if !extra.iter().any(|(k, _)| *k == "DATABASE_URL") {
            app.sql(LISTED_DISTRICTS)
                .expect("the bureau's districts are listed");
        }
        app
    }

    /// Runs SQL on the server's database behind its back: for what no endpoint may do (age a
    /// lease, try to rewrite the audit log). Returns the rows affected or the database's error.
    pub fn sql(&self, statement: &str) -> Result<usize, String> {
        use diesel::RunQueryDsl;
        let result = match &self.database {
            Some(db) => diesel::sql_query(statement).execute(&mut db.connect()),
            None => diesel::sql_query(statement).execute(&mut self.sqlite()?),
        };
        result.map_err(|e| e.to_string())
    }

    /// A direct connection to this app's SQLite file.
    fn sqlite(&self) -> Result<diesel::SqliteConnection, String> {
        use diesel::Connection;
        let path = self.data_dir.join("anfang.db");
        diesel::SqliteConnection::establish(&path.to_string_lossy()).map_err(|e| e.to_string())
    }

    /// The first column of the first row of a query, which must name it `id` and give it
    /// as text (`CAST(… AS TEXT) AS id` reads the same on both databases).
    pub fn sql_query_one(&self, query: &str) -> Option<String> {
        use diesel::RunQueryDsl;
        #[derive(diesel::QueryableByName)]
        struct One {
            #[diesel(sql_type = diesel::sql_types::Text)]
            id: String,
        }
        let rows: Vec<One> = match &self.database {
            Some(db) => diesel::sql_query(query).load(&mut db.connect()).ok()?,
            None => diesel::sql_query(query)
                .load(&mut self.sqlite().ok()?)
                .ok()?,
        };
        rows.into_iter().next().map(|r| r.id)
    }

    /// PostgreSQL only: takes the app's database away, or gives it back.
    pub fn set_database_reachable(&self, reachable: bool) {
        self.database
            .as_ref()
            .expect("an outage is a PostgreSQL test")
            .set_reachable(reachable);
    }

    /// The PostgreSQL URL of this app's database.
    pub fn database_url(&self) -> Option<String> {
        self.database.as_ref().map(|db| db.url.clone())
    }

    /// The S3-protocol server's endpoint, when the app stores its objects there.
    pub fn s3_endpoint(&self) -> Option<&str> {
        self.s3.as_ref().map(|s3| s3.endpoint.as_str())
    }

    /// The local object store's directory.
    pub fn objects_dir(&self) -> PathBuf {
        self.data_dir.join("objects")
    }

    /// How many objects the app's store holds under `photos/`.
    pub fn stored_objects(&self) -> usize {
        self.stored_under("photos")
    }

    /// What unfinished uploads hold in the store: objects under `uploads/`, and on S3 the
    /// parts of multipart uploads not yet joined or aborted.
    pub fn upload_leftovers(&self) -> usize {
        let parts = self.s3.as_ref().map_or(0, |s3| {
            std::fs::read_dir(&s3.root)
                .map(|entries| {
                    entries
                        .flatten()
                        .filter(|e| e.file_name().to_string_lossy().starts_with(".upload_id-"))
                        .count()
                })
                .unwrap_or(0)
        });
        parts + self.stored_under("uploads")
    }

    /// How many objects the app's store holds under `prefix/`.
    pub fn stored_under(&self, prefix: &str) -> usize {
        let root = match &self.s3 {
            Some(s3) => s3.root.join(s3::BUCKET).join(prefix),
            None => self.data_dir.join("objects").join(prefix),
        };
        fn count(dir: &std::path::Path) -> usize {
            std::fs::read_dir(dir)
                .map(|entries| {
                    entries
                        .flatten()
                        .map(|e| {
                            if e.path().is_dir() {
                                count(&e.path())
                            } else {
                                usize::from(!e.file_name().to_string_lossy().starts_with('.'))
                            }
                        })
                        .sum()
                })
                .unwrap_or(0)
        }
        count(&root)
    }

    /// Opens `n` keep-alive connections to the server, so that `n` requests sent at once
    /// start at once instead of one after another's handshake.
    pub async fn open_connections(&self, n: usize) {
        at_once(n, |_| async {
            let answer = self.client.get(self.url("/healthz")).send().await;
            assert!(answer.is_ok_and(|a| a.status().is_success()));
        })
        .await;
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    /// Sends a request with an optional bearer token and JSON body, and reads the answer.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Answer {
        let mut request = self.client.request(method, self.url(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        read(request.send().await.expect("request sent")).await
    }

    pub async fn get(&self, path: &str, token: &str) -> Answer {
        self.call(Method::GET, path, Some(token), None).await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> Answer {
        self.call(Method::POST, path, Some(token), Some(body)).await
    }

    pub async fn patch(&self, path: &str, token: &str, body: Value) -> Answer {
        self.call(Method::PATCH, path, Some(token), Some(body))
            .await
    }

    pub async fn put(&self, path: &str, token: &str, body: Value) -> Answer {
        self.call(Method::PUT, path, Some(token), Some(body)).await
    }

    pub async fn login_answer(&self, username: &str, password: &str) -> Answer {
        self.call(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(json!({ "username": username, "password": password })),
        )
        .await
    }

    pub async fn login(&self, username: &str, password: &str) -> Session {
        let answer = self.login_answer(username, password).await;
        self.session_of(answer, username, password)
    }

    /// Signs in as a phone that names itself, as the app does (and says what it is).
    pub async fn login_as_device(&self, username: &str, password: &str, device: &str) -> Session {
        let body = json!({ "username": username, "password": password, "device_name": device });
        let request = self
            .client
            .post(self.url("/api/v1/auth/login"))
            .header("User-Agent", "AnfangApp/2.4 (Android 14)")
            .json(&body);
        let answer = read(request.send().await.expect("request sent")).await;
        self.session_of(answer, username, password)
    }

    fn session_of(&self, answer: Answer, username: &str, password: &str) -> Session {
        assert_eq!(
            answer.status,
            StatusCode::OK,
            "login of {username}: {}",
            answer.text
        );
        Session {
            user_id: answer.body["user"]["id"]
                .as_str()
                .expect("user id")
                .to_owned(),
            username: username.to_owned(),
            password: password.to_owned(),
            access_token: answer.body["access_token"]
                .as_str()
                .expect("access token")
                .to_owned(),
            refresh_token: answer.body["refresh_token"]
                .as_str()
                .expect("refresh token")
                .to_owned(),
            address: self.address.clone(),
            client: self.client.clone(),
        }
    }

    pub async fn admin(&self) -> Session {
        self.login("admin", ADMIN_PASSWORD).await
    }

    /// Creates a unit of the given type in the given district; returns its id.
    pub async fn create_unit(
        &self,
        admin: &Session,
        code: &str,
        type_code: &str,
        district: &str,
    ) -> String {
        let answer = self
            .post(
                "/api/v1/units",
                &admin.access_token,
                json!({
                    "code": code,
                    "name": format!("{code} 窗口"),
                    "type_code": type_code,
                    "district": district,
                    "latitude": 30.25,
                    "longitude": 120.17,
                }),
            )
            .await;
        assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
        answer.body["id"].as_str().expect("unit id").to_owned()
    }

    /// Creates an account with the role's required bindings and signs it in.
    pub async fn user_with_role(&self, admin: &Session, role: &str) -> Session {
        let username = format!(
            "{}-{}",
            role.replace('_', "-"),
            &uuid::Uuid::new_v4().simple().to_string()[..8]
        );
        let password = "pass-word-2026";
        let mut body = json!({
            "username": username,
            "password": password,
            "display_name": "测试用户",
            "role": role,
        });
        match role {
            "unit_manager" => {
                let code = format!("U-{}", &uuid::Uuid::new_v4().simple().to_string()[..8]);
                body["unit_id"] = json!(self.create_unit(admin, &code, "EMP", "330102").await);
            }
            "inspector" => body["district"] = json!("330106"),
            _ => {}
        }
        let answer = self.post("/api/v1/users", &admin.access_token, body).await;
        assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
        self.login(&username, password).await
    }
}

/// Runs `n` requests so that they really overlap: each is made ready, then all wait at one
/// barrier and are sent together. Answers in the order of `i`. (Call
/// [`TestApp::open_connections`] first, so that no request waits for its connection.)
pub async fn at_once<F, Fut, T>(n: usize, make: F) -> Vec<T>
where
    F: Fn(usize) -> Fut,
    Fut: std::future::Future<Output = T>,
{
    let barrier = tokio::sync::Barrier::new(n);
    let barrier = &barrier;
    futures::future::join_all((0..n).map(|i| {
        let request = make(i);
        async move {
            barrier.wait().await;
            request.await
        }
    }))
    .await
}

/// How many of `answers` have each status.
pub fn statuses(answers: &[Answer]) -> Vec<u16> {
    let mut statuses: Vec<u16> = answers.iter().map(|a| a.status.as_u16()).collect();
    statuses.sort_unstable();
    statuses
}

pub async fn read(response: reqwest::Response) -> Answer {
    let status = response.status();
    let headers = response.headers().clone();
    let text = response.text().await.expect("body read");
    let body = serde_json::from_str(&text).unwrap_or(Value::Null);
    Answer {
        status,
        headers,
        body,
        text,
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        // Sends the stop command; the database guard then drops the database.
        drop(self.server.stop(false));
        let _ = std::fs::remove_dir_all(&self.data_dir);
    }
}
