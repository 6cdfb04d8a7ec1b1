//! Durability across `kill -9`: phones write and submit reports while the server is killed in
//! the middle; after a restart every acknowledged report is there, none twice, and every
//! request that was cut off completes when the phone retries it, exactly once.

use std::collections::{HashMap, HashSet};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};

mod support;
use support::PostgresDatabase;

const ADMIN_PASSWORD: &str = "crash-admin-2026";
const PHONES: usize = 8;

struct Server {
    child: Child,
}

impl Server {
    fn start(data: &std::path::Path, database_url: Option<&str>, port: u16) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_anfang"));
        command
            .arg("serve")
            .env("ANFANG_DATA_DIR", data)
            .env("ANFANG_BIND", format!("127.0.0.1:{port}"))
            .env("ANFANG_ADMIN_PASSWORD", ADMIN_PASSWORD)
            .env("ANFANG_NOTICE_SCHEDULE", "off")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        if let Some(url) = database_url {
            command.env("ANFANG_DATABASE_URL", url);
        }
        Server {
            child: command.spawn().expect("the server starts"),
        }
    }

    /// SIGKILL: no shutdown, no flush, no goodbye.
    fn kill_9(mut self) {
        self.child.kill().expect("killed");
        self.child.wait().expect("reaped");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Client {
    http: reqwest::Client,
    base: String,
}

impl Client {
    async fn ready(&self) {
        for _ in 0..600 {
            let up = self.http.get(format!("{}/readyz", self.base)).send().await;
            if up.is_ok_and(|r| r.status().is_success()) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the server did not come up");
    }

    async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
        body: Option<&Value>,
        key: Option<&str>,
    ) -> Result<(u16, Value), reqwest::Error> {
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(token);
        if let Some(body) = body {
            request = request.json(body);
        }
        if let Some(key) = key {
            request = request.header("idempotency-key", key);
        }
        let answer = request.send().await?;
        let status = answer.status().as_u16();
        let body = answer.json().await.unwrap_or(Value::Null);
        Ok((status, body))
    }

    async fn ok(&self, method: reqwest::Method, path: &str, token: &str, body: Value) -> Value {
        let (status, answer) = self
            .call(method, path, token, Some(&body), None)
            .await
            .expect("answered");
        assert!((200..300).contains(&status), "{path}: {status} {answer}");
        answer
    }

    async fn login(&self, username: &str, password: &str) -> String {
        let body = json!({ "username": username, "password": password });
        let answer = self
            .ok(reqwest::Method::POST, "/api/v1/auth/login", "", body)
            .await;
        answer["access_token"].as_str().unwrap().to_owned()
    }
}

/// A clean report on `unit`, as the phone would write it.
fn report_body(checklist: &Value, unit: &str) -> Value {
    let ratings: Vec<Value> = checklist["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["applies_to"].as_array().unwrap().contains(&json!("EMP")))
        .filter(|i| {
            !i["optional_for"]
                .as_array()
                .unwrap()
                .contains(&json!("EMP"))
        })
        .map(|i| match i["kind"].as_str().unwrap() {
            "measurement" => json!({ "item_code": i["code"], "value": 0 }),
            _ => json!({ "item_code": i["code"], "outcome": "ok" }),
        })
        .collect();
    let ended = chrono::Utc::now() - chrono::Duration::hours(1);
    json!({
        "unit_id": unit, "checklist_id": checklist["id"], "channel": "on_site",
        "scenario": "咨询失业保险金申领条件",
        "visit_started_at": (ended - chrono::Duration::minutes(25)).to_rfc3339(),
        "visit_ended_at": ended.to_rfc3339(), "ratings": ratings,
    })
}

/// What the phones saw of each report: whether the write and the submit were acknowledged,
/// and the submit's answer.
#[derive(Default, Clone)]
struct Seen {
    written: bool,
    submit_answer: Option<Value>,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

async fn survives_kill_9(database_url: Option<String>) {
    let data = std::env::temp_dir().join(format!("anfang-crash-{}", uuid::Uuid::new_v4()));
    let port = free_port();
    let client = Client {
        http: reqwest::Client::new(),
        base: format!("http://127.0.0.1:{port}"),
    };
    let server = Server::start(&data, database_url.as_deref(), port);
    client.ready().await;
    let admin = client.login("admin", ADMIN_PASSWORD).await;
    for (code, name) in [("330102", "上城区"), ("330106", "西湖区")] {
        client
            .ok(
                reqwest::Method::POST,
                "/api/v1/districts",
                &admin,
                json!({ "code": code, "name": name }),
            )
            .await;
    }
    let unit = client
        .ok(
            reqwest::Method::POST,
            "/api/v1/units",
            &admin,
            json!({ "code": "EMP-1", "name": "就业服务中心", "type_code": "EMP", "district": "330102" }),
        )
        .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let user = json!({ "username": "phone", "password": "pass-word-2026", "display_name": "暗访员",
                       "role": "inspector", "district": "330106" });
    client
        .ok(reqwest::Method::POST, "/api/v1/users", &admin, user)
        .await;
    let token = client.login("phone", "pass-word-2026").await;
    let checklist = client
        .call(
            reqwest::Method::GET,
            "/api/v1/checklists/current",
            &token,
            None,
            None,
        )
        .await
        .unwrap()
        .1;
    let body = report_body(&checklist, &unit);

    // Phones write and submit until the server dies under them.
    let seen: Arc<Mutex<HashMap<String, Seen>>> = Arc::default();
    let client = Arc::new(client);
    let phones: Vec<_> = (0..PHONES)
        .map(|_| {
            let (client, seen, token, body) =
                (client.clone(), seen.clone(), token.clone(), body.clone());
            tokio::spawn(async move {
                loop {
                    let id = uuid::Uuid::new_v4().to_string();
                    seen.lock().unwrap().insert(id.clone(), Seen::default());
                    let path = format!("/api/v1/reports/{id}");
                    let Ok((status, _)) = client
                        .call(reqwest::Method::PUT, &path, &token, Some(&body), None)
                        .await
                    else {
                        return;
                    };
                    assert_eq!(status, 201);
                    seen.lock().unwrap().get_mut(&id).unwrap().written = true;
                    let submit = format!("{path}/submit");
                    let key = format!("submit-{id}");
                    let Ok((status, answer)) = client
                        .call(reqwest::Method::POST, &submit, &token, None, Some(&key))
                        .await
                    else {
                        return;
                    };
                    assert_eq!(status, 200, "{answer}");
                    seen.lock().unwrap().get_mut(&id).unwrap().submit_answer = Some(answer);
                }
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    server.kill_9();
    for phone in phones {
        phone.await.expect("a phone");
    }
    let seen = seen.lock().unwrap().clone();
    let acknowledged = seen.values().filter(|s| s.submit_answer.is_some()).count();
    assert!(
        acknowledged > 0,
        "the server was killed before any submit went through"
    );

    let _server = Server::start(&data, database_url.as_deref(), port);
    client.ready().await;
    let token = client.login("phone", "pass-word-2026").await;

    // Every acknowledged write is there, and every acknowledged submit, as answered.
    for (id, s) in &seen {
        let (status, report) = client
            .call(
                reqwest::Method::GET,
                &format!("/api/v1/reports/{id}"),
                &token,
                None,
                None,
            )
            .await
            .unwrap();
        if s.written {
            assert_eq!(status, 200, "an acknowledged report is lost");
        }
        if let Some(answer) = &s.submit_answer {
            assert_eq!(report["status"], "submitted");
            assert_eq!(report["version"], answer["version"]);
        }
    }
    // Nothing is there that no phone sent, and nothing twice.
    let mut listed = HashSet::new();
    let mut cursor: Option<String> = None;
    loop {
        let page = match &cursor {
            Some(c) => format!("/api/v1/reports?limit=100&cursor={c}"),
            None => "/api/v1/reports?limit=100".to_owned(),
        };
        let (_, list) = client
            .call(reqwest::Method::GET, &page, &token, None, None)
            .await
            .unwrap();
        for item in list["items"].as_array().unwrap() {
            let id = item["id"].as_str().unwrap().to_owned();
            assert!(seen.contains_key(&id), "a report no phone sent");
            assert!(listed.insert(id), "a report listed twice");
        }
        match list["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    // Every phone retries what it has no answer for, and what it has: each completes once.
    for (id, s) in &seen {
        let path = format!("/api/v1/reports/{id}");
        let (status, _) = client
            .call(reqwest::Method::PUT, &path, &token, Some(&body), None)
            .await
            .unwrap();
        assert!(status == 200 || status == 201, "rewrite of {id}: {status}");
        let key = format!("submit-{id}");
        let (status, answer) = client
            .call(
                reqwest::Method::POST,
                &format!("{path}/submit"),
                &token,
                None,
                Some(&key),
            )
            .await
            .unwrap();
        assert_eq!(
            status, 200,
            "the retried submit of {id} completes: {answer}"
        );
        assert_eq!(answer["status"], "submitted");
        if let Some(first) = &s.submit_answer {
            assert_eq!(&answer, first, "a retry gets the first answer");
        }
        let (_, history) = client
            .call(
                reqwest::Method::GET,
                &format!("{path}/history"),
                &token,
                None,
                None,
            )
            .await
            .unwrap();
        let submits = history["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["action"] == "submit")
            .count();
        assert_eq!(submits, 1, "{id} submitted exactly once");
    }
    let _ = std::fs::remove_dir_all(data);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_reports_survive_kill_9_on_sqlite() {
    survives_kill_9(None).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_reports_survive_kill_9_on_postgres() {
    let database = PostgresDatabase::create("anfang_crash");
    survives_kill_9(Some(database.url())).await;
}
