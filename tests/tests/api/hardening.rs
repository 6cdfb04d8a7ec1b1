//! What an attacker or a bad network can make of a request: bodies the server will not
//! inflate, uploads refused before they are read, images whose decoding would cost too much,
//! bodies where none belongs, addresses and request ids a client cannot forge, and answers
//! when the database or the object store is gone.

use std::time::Duration;

use anfang_tests::photos::{empty_scan_jpeg, gif_flood, jpeg, rgba16_flood, upload};
use anfang_tests::reports::Fixture;
use anfang_tests::{Backend, TestApp, at_once, both_backends, read};
use reqwest::StatusCode;
use serde_json::json;
use sha2::Digest;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

both_backends!(
    a_compressed_body_is_refused_before_it_is_inflated,
    an_upload_is_refused_before_its_body_is_read,
    a_photo_form_takes_each_field_once,
    images_that_would_cost_too_much_memory_are_refused_before_decoding,
    a_jpeg_scan_without_data_is_not_a_photo,
    an_action_that_takes_no_body_refuses_one,
    authorization_comes_before_the_body,
    behind_a_proxy_the_address_and_request_id_are_the_proxys,
    without_a_proxy_a_client_cannot_choose_its_address_or_request_id,
    readiness_names_the_dependency_that_is_missing,
    a_key_whose_answer_was_never_stored_does_the_work_on_retry,
    retries_sent_while_the_first_runs_all_get_its_answer,
);

mod postgres_only {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_database_outage_answers_503_and_the_server_recovers() {
        super::a_database_outage_answers_503_and_the_server_recovers().await
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

async fn a_compressed_body_is_refused_before_it_is_inflated(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin().await;
    let login = json!({ "username": "admin", "password": anfang_tests::ADMIN_PASSWORD });
    let create = json!({ "username": "zipped", "password": "pass-word-2026",
                         "display_name": "压缩", "role": "leader" });
    for (path, token, body) in [
        ("/api/v1/auth/login", None, login),
        ("/api/v1/users", Some(&admin.access_token), create),
    ] {
        let mut request = app
            .client
            .post(app.url(path))
            .header("content-type", "application/json")
            .header("content-encoding", "gzip")
            .body(gzip(body.to_string().as_bytes()));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let answer = read(request.send().await.unwrap()).await;
        assert_eq!(answer.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{path}");
        assert_eq!(answer.code(), "unsupported_media_type");
        assert_eq!(answer.body["errors"][0]["field"], "Content-Encoding");
    }
    let users = admin.get("/api/v1/users").await;
    assert_eq!(
        users.body["items"].as_array().unwrap().len(),
        1,
        "nothing made"
    );
}

/// Sends only the head of a request that announces a large body, and reads the answer: a
/// server that waits for the body to arrive never answers.
async fn answer_to_head_only(app: &TestApp, path: &str, token: &str, length: u64) -> String {
    let address = app.address.trim_start_matches("http://").to_owned();
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: multipart/form-data; boundary=XyZ\r\nContent-Length: {length}\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut answer = vec![0u8; 4096];
    let read = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut answer))
        .await
        .expect("answered without the body")
        .unwrap();
    String::from_utf8_lossy(&answer[..read]).into_owned()
}

async fn an_upload_is_refused_before_its_body_is_read(backend: Backend) {
    let f = Fixture::new(backend).await;
    let made_up = uuid::Uuid::new_v4();
    let path = format!("/api/v1/reports/{made_up}/photos");
    // A leader may upload nowhere, and there is no such report: known before any byte.
    let answer = answer_to_head_only(&f.app, &path, &f.leader.access_token, 20 << 20).await;
    assert!(answer.starts_with("HTTP/1.1 404"), "{answer}");
    // The author's own draft, with a body larger than any photo form may be.
    let report = f.draft(f.body()).await;
    let path = format!("/api/v1/reports/{report}/photos");
    let answer = answer_to_head_only(&f.app, &path, &f.inspector.access_token, 64 << 20).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    let finding = uuid::Uuid::new_v4();
    let path = format!("/api/v1/findings/{finding}/photos");
    let answer = answer_to_head_only(&f.app, &path, &f.unit_manager.access_token, 20 << 20).await;
    assert!(answer.starts_with("HTTP/1.1 404"), "{answer}");
    assert_eq!(f.app.stored_objects(), 0);
}

async fn a_photo_form_takes_each_field_once(backend: Backend) {
    let f = Fixture::new(backend).await;
    let report = f.draft(f.body()).await;
    let url = f.app.url(&format!("/api/v1/reports/{report}/photos"));
    let file = || {
        reqwest::multipart::Part::bytes(jpeg(64, 48, 1, 85))
            .file_name("a.jpg")
            .mime_str("image/jpeg")
            .unwrap()
    };
    let forms = [
        (
            "a second file",
            reqwest::multipart::Form::new()
                .part("file", file())
                .part("file", file()),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "a photo id twice",
            reqwest::multipart::Form::new()
                .part("file", file())
                .text("photo_id", uuid::Uuid::new_v4().to_string())
                .text("photo_id", uuid::Uuid::new_v4().to_string()),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "a caption twice",
            reqwest::multipart::Form::new()
                .text("caption", "门口")
                .text("caption", "窗口")
                .part("file", file()),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "a part of its own",
            reqwest::multipart::Form::new()
                .part("file", file())
                .text("status", "approved"),
            StatusCode::BAD_REQUEST,
        ),
    ];
    for (what, form, status) in forms {
        let answer = read(
            f.app
                .client
                .post(&url)
                .bearer_auth(&f.inspector.access_token)
                .multipart(form)
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(answer.status, status, "{what}: {}", answer.text);
    }
    assert_eq!(f.app.stored_objects(), 0, "nothing stored");
}

async fn images_that_would_cost_too_much_memory_are_refused_before_decoding(backend: Backend) {
    let f = Fixture::new(backend).await;
    let report = f.draft(f.body()).await;
    for (what, bytes, mime) in [
        // 50 megapixels in 16-bit RGBA: 400 MB decoded, from a few hundred bytes.
        ("16-bit RGBA", rgba16_flood(7071, 7071), "image/png"),
        // One pixel on a 48-megapixel screen: a 192 MB canvas from 40 bytes.
        ("GIF screen", gif_flood(8000, 6000), "image/gif"),
    ] {
        let answer = upload(&f.app, &f.inspector, &report, bytes, mime, &[]).await;
        assert_eq!(
            (answer.status, answer.code()),
            (StatusCode::UNPROCESSABLE_ENTITY, "invalid_image"),
            "{what}: {}",
            answer.text
        );
        assert!(
            answer.body["errors"][0]["message"]
                .as_str()
                .is_some_and(|m| m.contains("内存")),
            "{what}: refused for its memory: {}",
            answer.text
        );
    }
    assert_eq!(f.app.stored_objects(), 0);
}

async fn a_jpeg_scan_without_data_is_not_a_photo(backend: Backend) {
    let f = Fixture::new(backend).await;
    let report = f.draft(f.body()).await;
    let answer = upload(
        &f.app,
        &f.inspector,
        &report,
        empty_scan_jpeg(),
        "image/jpeg",
        &[],
    )
    .await;
    assert_eq!(
        (answer.status, answer.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_image"),
        "{}",
        answer.text
    );
    assert_eq!(f.app.stored_objects(), 0);
}

async fn an_action_that_takes_no_body_refuses_one(backend: Backend) {
    let f = Fixture::new(backend).await;
    let report = f.draft(f.body()).await;
    let sneaky = f
        .action(
            &f.inspector,
            &report,
            "submit",
            Some(json!({ "status": "approved" })),
        )
        .await;
    assert_eq!(
        (sneaky.status, sneaky.code()),
        (StatusCode::BAD_REQUEST, "unknown_field")
    );
    assert_eq!(sneaky.body["errors"][0]["field"], "status");
    assert_eq!(
        f.as_author(&report).await.body["status"],
        "draft",
        "unchanged"
    );
    // Nothing, or an empty object, is what such an action takes.
    let submitted = f.action(&f.inspector, &report, "submit", None).await;
    assert_eq!(submitted.status, StatusCode::OK, "{}", submitted.text);
    let bare = read(
        f.app
            .client
            .post(f.app.url(&format!("/api/v1/reports/{report}/claim")))
            .bearer_auth(&f.supervisor.access_token)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(bare.status, StatusCode::OK, "{}", bare.text);
}

async fn authorization_comes_before_the_body(backend: Backend) {
    let f = Fixture::new(backend).await;
    for (session, path, method, body) in [
        (
            &f.inspector,
            "/api/v1/settings",
            reqwest::Method::PATCH,
            json!({ "review_lease_minutes": "soon" }),
        ),
        (
            &f.inspector,
            "/api/v1/campaigns",
            reqwest::Method::POST,
            json!({ "name": 7 }),
        ),
        (
            &f.supervisor,
            "/api/v1/users",
            reqwest::Method::POST,
            json!({ "username": [] }),
        ),
        (
            &f.leader,
            "/api/v1/notices",
            reqwest::Method::POST,
            json!({ "period": "soon", "extra": true }),
        ),
        (
            &f.inspector,
            "/api/v1/units",
            reqwest::Method::POST,
            json!({ "code": null }),
        ),
    ] {
        let answer = f
            .app
            .call(method, path, Some(&session.access_token), Some(body))
            .await;
        assert_eq!(
            answer.status,
            StatusCode::FORBIDDEN,
            "{path}: {}",
            answer.text
        );
    }
}

fn audited_login(app: &TestApp) -> (String, String) {
    let row = |column: &str| {
        app.sql_query_one(&format!(
            "SELECT {column} AS id FROM audit_log WHERE action = 'auth.login' ORDER BY id DESC LIMIT 1"
        ))
        .unwrap_or_default()
    };
    (row("client_ip"), row("request_id"))
}

/// The admin signs in with these forwarding headers.
async fn login_forwarded(
    app: &TestApp,
    forwarded_for: &str,
    request_id: &str,
) -> anfang_tests::Answer {
    read(
        app.client
            .post(app.url("/api/v1/auth/login"))
            .header("x-forwarded-for", forwarded_for)
            .header("x-request-id", request_id)
            .json(&json!({ "username": "admin", "password": anfang_tests::ADMIN_PASSWORD }))
            .send()
            .await
            .unwrap(),
    )
    .await
}

async fn behind_a_proxy_the_address_and_request_id_are_the_proxys(backend: Backend) {
    let app = TestApp::spawn_with(backend, &[("PROXY_HOPS", "1")]).await;
    let answer = login_forwarded(&app, "6.6.6.6, 203.0.113.9", "edge-7f3a").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.headers["x-request-id"], "edge-7f3a");
    assert_eq!(
        audited_login(&app),
        ("203.0.113.9".to_owned(), "edge-7f3a".to_owned()),
        "the address the proxy appended, not the one the client wrote"
    );
}

async fn without_a_proxy_a_client_cannot_choose_its_address_or_request_id(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let answer = login_forwarded(&app, "6.6.6.6", "chosen-by-client").await;
    assert_eq!(answer.status, StatusCode::OK);
    let id = answer.headers["x-request-id"].to_str().unwrap().to_owned();
    assert!(uuid::Uuid::parse_str(&id).is_ok(), "a fresh id: {id}");
    assert_eq!(audited_login(&app), ("127.0.0.1".to_owned(), id));
    // Every answer carries its id, errors too.
    let missing = app.get("/api/v1/nothing-here", "").await;
    assert!(missing.headers.contains_key("x-request-id"));
}

async fn readiness_names_the_dependency_that_is_missing(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ready = read(app.client.get(app.url("/readyz")).send().await.unwrap()).await;
    assert_eq!(ready.status, StatusCode::OK);
    assert_eq!(
        ready.body,
        json!({ "status": "ready", "database": "ok", "storage": "ok" })
    );
    std::fs::remove_dir_all(app.objects_dir()).unwrap();
    let gone = read(app.client.get(app.url("/readyz")).send().await.unwrap()).await;
    assert_eq!(gone.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        gone.body,
        json!({ "status": "unavailable", "database": "ok", "storage": "unreachable" })
    );
}

async fn a_database_outage_answers_503_and_the_server_recovers() {
    let app = TestApp::spawn(Backend::Postgres).await;
    let admin = app.admin().await;
    app.set_database_reachable(false);
    for _ in 0..6 {
        let answer = admin.get("/api/v1/me").await;
        assert_eq!(
            (answer.status, answer.code()),
            (StatusCode::SERVICE_UNAVAILABLE, "service_unavailable"),
            "{}",
            answer.text
        );
        assert!(answer.headers.contains_key("retry-after"));
    }
    let ready = read(app.client.get(app.url("/readyz")).send().await.unwrap()).await;
    assert_eq!(ready.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(ready.body["database"], "unreachable");
    app.set_database_reachable(true);
    // Connections cut by the outage are noticed and replaced, not handed out again.
    let answer = admin.get("/api/v1/me").await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    for _ in 0..6 {
        assert_eq!(admin.get("/api/v1/me").await.status, StatusCode::OK);
    }
}

/// The hash the server keeps for "the same request" to `submit` a report.
fn submit_hash(report: &str) -> String {
    let mut hasher = sha2::Sha256::new();
    hasher.update(format!("submit {report}").as_bytes());
    hasher.update([0]);
    anfang_infra::secrets::hex(&hasher.finalize())
}

async fn submit_with_key(f: &Fixture, report: &str, key: &str) -> anfang_tests::Answer {
    read(
        f.app
            .client
            .post(f.app.url(&format!("/api/v1/reports/{report}/submit")))
            .bearer_auth(&f.inspector.access_token)
            .header("idempotency-key", key)
            .send()
            .await
            .unwrap(),
    )
    .await
}

async fn a_key_whose_answer_was_never_stored_does_the_work_on_retry(backend: Backend) {
    let f = Fixture::new(backend).await;
    let report = f.draft(f.body()).await;
    // What an earlier version left when it crashed between reserving a key and answering.
    f.app
        .sql(&format!(
            "INSERT INTO idempotency_keys (user_id, key, route, request_hash, created_at) \
             VALUES ('{}', 'phone-retry-1', 'submit', '{}', CURRENT_TIMESTAMP)",
            f.inspector.user_id,
            submit_hash(&report)
        ))
        .unwrap();
    let retried = submit_with_key(&f, &report, "phone-retry-1").await;
    assert_eq!(retried.status, StatusCode::OK, "{}", retried.text);
    assert_eq!(retried.body["status"], "submitted");
    let again = submit_with_key(&f, &report, "phone-retry-1").await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.headers["idempotent-replayed"], "true");
    assert_eq!(again.body, retried.body, "the first answer");
}

async fn retries_sent_while_the_first_runs_all_get_its_answer(backend: Backend) {
    let f = Fixture::new(backend).await;
    let report = f.draft(f.body()).await;
    f.app.open_connections(4).await;
    let answers = at_once(4, |_| submit_with_key(&f, &report, "phone-retry-2")).await;
    for answer in &answers {
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
        assert_eq!(answer.body, answers[0].body);
    }
    let history = f
        .inspector
        .get(&format!("/api/v1/reports/{report}/history"))
        .await;
    let submits = history.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "submit")
        .count();
    assert_eq!(submits, 1, "submitted once");
}
