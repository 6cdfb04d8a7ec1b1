//! Admins manage accounts: the five roles and what each must be bound to.

use anfang_tests::{Backend, TestApp, both_backends};
use reqwest::StatusCode;
use serde_json::json;

both_backends!(
    an_admin_creates_an_account_of_each_role,
    a_unit_manager_needs_a_unit_and_an_inspector_a_district,
    usernames_are_unique,
    every_bad_field_is_named_at_once,
    an_admin_cannot_disable_or_demote_themself,
    accounts_are_listed_page_by_page,
);

async fn an_admin_creates_an_account_of_each_role(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin().await;
    for role in ["admin", "supervisor", "inspector", "unit_manager", "leader"] {
        let session = app.user_with_role(&admin, role).await;
        let me = session.get("/api/v1/me").await;
        assert_eq!(me.body["role"], role);
    }
    let inspector = app.user_with_role(&admin, "inspector").await;
    let shown = admin
        .get(&format!("/api/v1/users/{}", inspector.user_id))
        .await;
    assert_eq!(shown.status, StatusCode::OK);
    assert_eq!(shown.body["district"], "330106");
    assert_eq!(shown.body["active"], true);
    assert!(shown.body.get("password_hash").is_none() && !shown.text.contains("argon2"));
}

async fn a_unit_manager_needs_a_unit_and_an_inspector_a_district(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin().await;
    let base = |role: &str| json!({ "username": "someone", "password": "pass-word-2026", "display_name": "某人", "role": role });

    let answer = admin.post("/api/v1/users", base("unit_manager")).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(answer.body["errors"][0]["field"], "unit_id");

    let answer = admin.post("/api/v1/users", base("inspector")).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(answer.body["errors"][0]["field"], "district");

    let mut body = base("unit_manager");
    body["unit_id"] = json!(uuid::Uuid::new_v4());
    let answer = admin.post("/api/v1/users", body).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(answer.body["errors"][0]["code"], "unknown_reference");

    let list = admin.get("/api/v1/users").await;
    assert_eq!(
        list.body["items"].as_array().unwrap().len(),
        1,
        "nothing was created"
    );
}

async fn usernames_are_unique(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin().await;
    let body = json!({ "username": "zhangsan", "password": "pass-word-2026", "display_name": "张三", "role": "leader" });
    assert_eq!(
        admin.post("/api/v1/users", body.clone()).await.status,
        StatusCode::CREATED
    );
    let again = admin.post("/api/v1/users", body).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.code(), "username_taken");
}

async fn every_bad_field_is_named_at_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin().await;
    let answer = admin.post("/api/v1/users", json!({ "username": "Bad Name", "password": "short", "display_name": " ", "role": "inspector", "district": "12" }))
        .await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(answer.code(), "validation_failed");
    let fields: Vec<&str> = answer.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["username", "password", "display_name", "district"]);
}

async fn an_admin_cannot_disable_or_demote_themself(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin().await;
    let path = format!("/api/v1/users/{}", admin.user_id);
    for body in [json!({ "active": false }), json!({ "role": "leader" })] {
        let answer = admin.patch(&path, body).await;
        assert_eq!(
            answer.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            answer.text
        );
    }
    let me = admin.get("/api/v1/me").await;
    assert_eq!(
        (me.body["role"].as_str(), me.body["active"].as_bool()),
        (Some("admin"), Some(true))
    );
}

async fn accounts_are_listed_page_by_page(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin().await;
    for _ in 0..4 {
        app.user_with_role(&admin, "leader").await;
    }
    let mut seen = Vec::new();
    let mut path = "/api/v1/users?limit=2".to_owned();
    loop {
        let page = admin.get(&path).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.text);
        let items = page.body["items"].as_array().unwrap();
        assert!(items.len() <= 2);
        seen.extend(items.iter().map(|u| u["id"].as_str().unwrap().to_owned()));
        match page.body["next_cursor"].as_str() {
            Some(cursor) => path = format!("/api/v1/users?limit=2&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(seen.len(), 5);
    let mut unique = seen.clone();
    unique.dedup();
    assert_eq!(unique.len(), 5, "no account twice");
    assert_eq!(
        admin.get("/api/v1/users?limit=101").await.status,
        StatusCode::BAD_REQUEST
    );
    let forged = admin.get("/api/v1/users?cursor=nonsense").await;
    assert_eq!(forged.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(forged.code(), "invalid_cursor");
}
