//! Malformed, oversize and over-eager requests: a clear 4xx in problem+json, and no change.

use anfang_tests::{Backend, TestApp, both_backends, read};
use reqwest::StatusCode;
use serde_json::json;

both_backends!(
    unknown_fields_are_refused_not_ignored,
    malformed_json_is_a_bad_request,
    an_oversize_body_is_refused,
    a_body_that_is_not_json_is_refused,
    messages_are_chinese_unless_english_is_asked_for,
    an_unknown_path_is_a_problem_too,
    a_malformed_id_in_the_path_is_not_found,
    a_method_a_path_does_not_serve_is_405_with_allow,
);

fn is_problem(answer: &anfang_tests::Answer) -> bool {
    answer.headers["content-type"] == "application/problem+json"
        && answer.body["status"] == answer.status.as_u16()
        && answer.body["type"]
            .as_str()
            .is_some_and(|t| t.starts_with("urn:anfang:problem:"))
}

async fn unknown_fields_are_refused_not_ignored(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin().await;
    let sneaky = json!({ "username": "sneaky", "password": "pass-word-2026", "display_name": "x", "role": "leader", "active": false, "id": "1" });
    let answer = admin.post("/api/v1/users", sneaky).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(answer.code(), "unknown_field");
    assert!(is_problem(&answer));
    let answer = app
        .post(
            "/api/v1/auth/login",
            "",
            json!({ "username": "admin", "password": "x", "role": "admin" }),
        )
        .await;
    assert_eq!(answer.code(), "unknown_field");
    let list = admin.get("/api/v1/users").await;
    assert_eq!(
        list.body["items"].as_array().unwrap().len(),
        1,
        "nothing was created"
    );
}

async fn malformed_json_is_a_bad_request(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin().await;
    for body in ["{", "{\"username\": }", "{\"username\": \"x\",", ""] {
        let response = app
            .client
            .post(app.url("/api/v1/users"))
            .bearer_auth(&admin.access_token)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        let answer = read(response).await;
        assert_eq!(
            answer.status,
            StatusCode::BAD_REQUEST,
            "{body:?}: {}",
            answer.text
        );
        assert_eq!(answer.code(), "malformed_body");
        assert!(is_problem(&answer));
    }
    // Well-formed JSON of the wrong shape is a validation failure, not a syntax error.
    for body in [json!({ "username": 7 }), json!([1, 2])] {
        let answer = admin.post("/api/v1/users", body).await;
        assert_eq!(
            answer.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            answer.text
        );
    }
}

async fn an_oversize_body_is_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin().await;
    let huge = json!({ "username": "x".repeat(100_000), "password": "p", "display_name": "d", "role": "leader" });
    let answer = admin.post("/api/v1/users", huge).await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(answer.code(), "payload_too_large");
    assert!(is_problem(&answer));
}

async fn a_body_that_is_not_json_is_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let response = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("content-type", "text/plain")
        .body("username=admin")
        .send()
        .await
        .unwrap();
    let answer = read(response).await;
    assert_eq!(answer.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(answer.code(), "unsupported_media_type");
}

async fn messages_are_chinese_unless_english_is_asked_for(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let chinese = app.login_answer("admin", "wrong-password-1").await;
    assert_eq!(chinese.body["title"], "用户名或密码错误");
    assert_eq!(chinese.headers["content-language"], "zh-CN");
    let response = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("accept-language", "en-GB,en;q=0.9")
        .json(&json!({ "username": "admin", "password": "wrong-password-1" }))
        .send()
        .await
        .unwrap();
    let english = read(response).await;
    assert_eq!(english.body["title"], "Wrong username or password");
    assert_eq!(english.headers["content-language"], "en");
    assert_eq!(
        english.code(),
        chinese.code(),
        "the code does not depend on the language"
    );
}

async fn an_unknown_path_is_a_problem_too(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let answer = app
        .call(reqwest::Method::GET, "/api/v1/nothing-here", None, None)
        .await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert!(is_problem(&answer));
}

async fn a_method_a_path_does_not_serve_is_405_with_allow(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let answer = app
        .call(reqwest::Method::DELETE, "/api/v1/users", None, None)
        .await;
    assert_eq!(answer.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(answer.headers["allow"], "GET, POST");
    assert_eq!(answer.code(), "method_not_allowed");
    assert!(is_problem(&answer));
}

async fn a_malformed_id_in_the_path_is_not_found(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin().await;
    let answer = admin.get("/api/v1/units/not-a-uuid").await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert!(is_problem(&answer));
}
