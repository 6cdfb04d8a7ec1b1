//! Every admin-only endpoint, tried by every other role and by nobody at all: refused, and
//! nothing changed.

use anfang_tests::{Backend, TestApp, both_backends};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

both_backends!(
    no_other_role_can_use_an_admin_endpoint,
    nothing_but_ops_endpoints_answers_without_a_token,
    drafts_are_hidden_from_everyone_but_admins,
);

async fn snapshot(app: &TestApp, token: &str) -> Vec<Value> {
    let mut state = Vec::new();
    for path in [
        "/api/v1/users?limit=100",
        "/api/v1/units?limit=100",
        "/api/v1/unit-types",
        "/api/v1/districts?limit=100",
        "/api/v1/checklists",
        "/api/v1/settings/letterhead",
    ] {
        state.push(app.get(path, token).await.body);
    }
    state
}

async fn no_other_role_can_use_an_admin_endpoint(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin().await;
    let unit = app.create_unit(&admin, "TARGET-1", "EMP", "330102").await;
    let draft = admin
        .post("/api/v1/checklists", json!({ "items": [item("ATT-01")] }))
        .await;
    let draft = draft.body["id"].as_str().unwrap().to_owned();
    let others = [
        app.user_with_role(&admin, "supervisor").await,
        app.user_with_role(&admin, "inspector").await,
        app.user_with_role(&admin, "unit_manager").await,
        app.user_with_role(&admin, "leader").await,
    ];
    let before = snapshot(&app, &admin.access_token).await;

    let user = &others[1].user_id;
    let attempts: Vec<(Method, String, Option<Value>)> = vec![
        (Method::GET, "/api/v1/users".into(), None),
        (
            Method::POST,
            "/api/v1/users".into(),
            Some(
                json!({ "username": "intruder", "password": "pass-word-2026", "display_name": "x", "role": "admin" }),
            ),
        ),
        (Method::GET, format!("/api/v1/users/{user}"), None),
        (
            Method::PATCH,
            format!("/api/v1/users/{user}"),
            Some(json!({ "role": "admin" })),
        ),
        (
            Method::POST,
            format!("/api/v1/users/{user}/password"),
            Some(json!({ "password": "taken-over-2026" })),
        ),
        (
            Method::POST,
            "/api/v1/units".into(),
            Some(
                json!({ "code": "NEW-1", "name": "新单位", "type_code": "EMP", "district": "330102" }),
            ),
        ),
        (
            Method::PATCH,
            format!("/api/v1/units/{unit}"),
            Some(json!({ "active": false })),
        ),
        (
            Method::PATCH,
            "/api/v1/unit-types/EMP".into(),
            Some(json!({ "name": "改名" })),
        ),
        (
            Method::POST,
            "/api/v1/districts".into(),
            Some(json!({ "code": "330108", "name": "滨江区" })),
        ),
        (
            Method::PATCH,
            "/api/v1/districts/330102".into(),
            Some(json!({ "name": "改名" })),
        ),
        (
            Method::POST,
            "/api/v1/checklists".into(),
            Some(json!({ "items": [item("ATT-02")] })),
        ),
        (
            Method::PUT,
            format!("/api/v1/checklists/{draft}"),
            Some(json!({ "items": [item("ATT-03")] })),
        ),
        (
            Method::POST,
            format!("/api/v1/checklists/{draft}/publish"),
            None,
        ),
        (
            Method::PUT,
            "/api/v1/settings/letterhead".into(),
            Some(json!({
                "issuing_body": "冒名机关", "number_prefix": "冒", "addressees": ["各单位"],
                "copy_to": [], "printing_office": "冒名办公室", "signature_required": false,
            })),
        ),
        (Method::GET, "/api/v1/audit".into(), None),
        (Method::GET, format!("/api/v1/audit?actor_id={user}"), None),
        (Method::GET, "/api/v1/audit/export?format=csv".into(), None),
    ];
    for session in &others {
        let role = session.get("/api/v1/me").await.body["role"].clone();
        for (method, path, body) in &attempts {
            let answer = app
                .call(
                    method.clone(),
                    path,
                    Some(&session.access_token),
                    body.clone(),
                )
                .await;
            assert!(
                answer.status == StatusCode::FORBIDDEN || answer.status == StatusCode::NOT_FOUND,
                "{role} {method} {path}: {} {}",
                answer.status,
                answer.text
            );
        }
    }
    assert_eq!(
        snapshot(&app, &admin.access_token).await,
        before,
        "nothing changed"
    );
}

async fn nothing_but_ops_endpoints_answers_without_a_token(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let id = uuid::Uuid::new_v4();
    for (method, path) in [
        (Method::GET, "/api/v1/me".to_owned()),
        (Method::GET, "/api/v1/users".to_owned()),
        (Method::GET, format!("/api/v1/users/{id}")),
        (Method::GET, "/api/v1/unit-types".to_owned()),
        (Method::GET, "/api/v1/districts".to_owned()),
        (Method::POST, "/api/v1/districts".to_owned()),
        (Method::PATCH, "/api/v1/districts/330102".to_owned()),
        (Method::GET, "/api/v1/units".to_owned()),
        (Method::GET, format!("/api/v1/units/{id}")),
        (Method::GET, "/api/v1/checklists".to_owned()),
        (Method::GET, "/api/v1/checklists/current".to_owned()),
        (Method::GET, format!("/api/v1/checklists/{id}")),
        (Method::POST, "/api/v1/me/password".to_owned()),
        (Method::GET, "/api/v1/audit".to_owned()),
        (Method::GET, "/api/v1/audit/export".to_owned()),
        (Method::GET, "/api/v1/inspectors".to_owned()),
        (Method::GET, "/api/v1/findings/summary".to_owned()),
        (Method::GET, "/api/v1/findings/export".to_owned()),
        (Method::GET, "/api/v1/findings?status=open".to_owned()),
        (Method::DELETE, format!("/api/v1/reports/{id}")),
        (Method::GET, "/api/v1/settings/letterhead".to_owned()),
        (Method::PUT, "/api/v1/settings/letterhead".to_owned()),
        (Method::POST, format!("/api/v1/notices/{id}/submit")),
        (Method::POST, format!("/api/v1/notices/{id}/return")),
        (Method::POST, format!("/api/v1/notices/{id}/sign")),
        (Method::GET, format!("/api/v1/notices/{id}/orders")),
        (
            Method::GET,
            format!("/api/v1/notices/{id}/orders/{id}?format=pdf"),
        ),
        (Method::POST, "/api/v1/uploads".to_owned()),
        (Method::HEAD, format!("/api/v1/uploads/{id}")),
        (Method::GET, format!("/api/v1/reports/{id}/recordings")),
        (Method::GET, format!("/api/v1/findings/{id}/recordings")),
        (Method::GET, format!("/api/v1/recordings/{id}")),
        (Method::GET, "/api/v1/me/sessions".to_owned()),
        (Method::DELETE, format!("/api/v1/me/sessions/{id}")),
        (Method::DELETE, format!("/api/v1/users/{id}/sessions")),
    ] {
        let answer = app.call(method.clone(), &path, None, Some(json!({}))).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{method} {path}");
        if method != Method::HEAD {
            assert_eq!(answer.code(), "unauthorized", "{method} {path}");
        }
        assert_eq!(answer.headers["www-authenticate"], "Bearer");
    }
    assert_eq!(
        app.call(Method::GET, "/healthz", None, None).await.status,
        StatusCode::OK
    );
}

async fn drafts_are_hidden_from_everyone_but_admins(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin().await;
    let draft = admin
        .post("/api/v1/checklists", json!({ "items": [item("ATT-01")] }))
        .await;
    let path = format!("/api/v1/checklists/{}", draft.body["id"].as_str().unwrap());
    for role in ["supervisor", "inspector", "unit_manager", "leader"] {
        let session = app.user_with_role(&admin, role).await;
        assert_eq!(
            session.get(&path).await.status,
            StatusCode::NOT_FOUND,
            "{role}"
        );
        let list = session.get("/api/v1/checklists").await;
        assert_eq!(
            list.body["items"].as_array().unwrap().len(),
            1,
            "{role} sees only v1"
        );
    }
    assert_eq!(admin.get(&path).await.status, StatusCode::OK);
}

pub fn item(code: &str) -> Value {
    json!({
        "code": code,
        "title": "测试要点",
        "title_en": "test item",
        "kind": "judgement",
        "weight": 5,
        "applies_to": ["EMP", "HOT"],
    })
}
