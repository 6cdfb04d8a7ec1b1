//! Signed-in devices: a user sees theirs by the names their phones gave, ends one that is lost
//! (its tokens stop at once), and nobody ends anyone else's; an admin cuts off every device
//! of a user in one call; an app older than the bureau serves is told to update.

use anfang_tests::{Backend, Session, TestApp, both_backends};
use reqwest::{Method, StatusCode};
use serde_json::json;

both_backends!(
    a_user_sees_their_devices_and_ends_a_lost_one,
    nobody_ends_a_session_that_is_not_their_own,
    an_admin_cuts_off_every_device_of_a_user_at_once,
    an_app_older_than_the_minimum_is_told_to_update,
);

const PASSWORD: &str = "pass-word-2026";

/// An inspector signed in on two phones.
async fn on_two_phones(app: &TestApp) -> (Session, Session) {
    let admin = app.admin().await;
    let first = app.user_with_role(&admin, "inspector").await;
    let second = app
        .login_as_device(&first.username, PASSWORD, "备用机 小米 14")
        .await;
    let first = app
        .login_as_device(&first.username, PASSWORD, "王伟的华为 Mate 60")
        .await;
    (first, second)
}

async fn devices(session: &Session) -> Vec<serde_json::Value> {
    let listed = session.get("/api/v1/me/sessions").await;
    assert_eq!(listed.status, StatusCode::OK, "{}", listed.text);
    listed.body["items"].as_array().unwrap().clone()
}

async fn a_user_sees_their_devices_and_ends_a_lost_one(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (phone, lost) = on_two_phones(&app).await;
    let listed = devices(&phone).await;
    // The account's first session (made when it was created) and the two phones.
    assert_eq!(listed.len(), 3, "{listed:?}");
    let current: Vec<_> = listed.iter().filter(|d| d["current"] == true).collect();
    assert_eq!(current.len(), 1);
    assert_eq!(current[0]["device_name"], "王伟的华为 Mate 60");
    assert_eq!(listed[0], *current[0], "the one used last comes first");
    let other = listed
        .iter()
        .find(|d| d["device_name"] == "备用机 小米 14")
        .expect("the spare phone");
    for field in ["id", "created_at", "last_used_at", "user_agent"] {
        assert!(!other[field].is_null(), "{field}");
    }

    let id = other["id"].as_str().unwrap();
    let ended = phone.delete(&format!("/api/v1/me/sessions/{id}")).await;
    assert_eq!(ended.status, StatusCode::NO_CONTENT, "{}", ended.text);
    assert_eq!(
        lost.get("/api/v1/me").await.status,
        StatusCode::UNAUTHORIZED,
        "the lost phone's access token stops at once"
    );
    let refreshed = app
        .call(
            Method::POST,
            "/api/v1/auth/refresh",
            None,
            Some(json!({ "refresh_token": lost.refresh_token })),
        )
        .await;
    assert_eq!(refreshed.status, StatusCode::UNAUTHORIZED);
    assert_eq!(devices(&phone).await.len(), 2);
    let again = phone.delete(&format!("/api/v1/me/sessions/{id}")).await;
    assert_eq!(
        again.status,
        StatusCode::NOT_FOUND,
        "an ended session is gone"
    );

    // Renewing tokens counts as using the device.
    let before = devices(&phone).await[0]["last_used_at"].clone();
    let renewed = app
        .call(
            Method::POST,
            "/api/v1/auth/refresh",
            None,
            Some(json!({ "refresh_token": phone.refresh_token })),
        )
        .await;
    assert_eq!(renewed.status, StatusCode::OK);
    let token = renewed.body["access_token"].as_str().unwrap();
    let after = app.get("/api/v1/me/sessions", token).await;
    let after = after.body["items"][0]["last_used_at"].clone();
    assert!(after.as_str() >= before.as_str(), "{before} then {after}");

    let named_badly = app
        .call(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(
                json!({ "username": phone.username, "password": PASSWORD, "device_name": "a\nb" }),
            ),
        )
        .await;
    assert_eq!(named_badly.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(named_badly.body["errors"][0]["field"], "device_name");
}

async fn nobody_ends_a_session_that_is_not_their_own(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (phone, _) = on_two_phones(&app).await;
    let id = devices(&phone).await[0]["id"].as_str().unwrap().to_owned();
    let admin = app.admin().await;
    let mut others = vec![admin.clone()];
    for role in ["inspector", "supervisor", "leader", "unit_manager"] {
        others.push(app.user_with_role(&admin, role).await);
    }
    for someone in &others {
        let answer = someone.delete(&format!("/api/v1/me/sessions/{id}")).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{}", someone.username);
        let theirs = devices(someone).await;
        assert!(
            theirs.iter().all(|d| d["id"] != id.as_str()),
            "{} sees only their own",
            someone.username
        );
    }
    let made_up = format!("/api/v1/me/sessions/{}", uuid::Uuid::new_v4());
    assert_eq!(phone.delete(&made_up).await.status, StatusCode::NOT_FOUND);
    assert_eq!(phone.get("/api/v1/me").await.status, StatusCode::OK);
}

async fn an_admin_cuts_off_every_device_of_a_user_at_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (phone, spare) = on_two_phones(&app).await;
    let admin = app.admin().await;
    let path = format!("/api/v1/users/{}/sessions", phone.user_id);
    for role in ["inspector", "supervisor", "leader", "unit_manager"] {
        let someone = app.user_with_role(&admin, role).await;
        let refused = someone.delete(&path).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{role}");
    }
    assert_eq!(phone.get("/api/v1/me").await.status, StatusCode::OK);
    // Nor may a user cut off an admin that way.
    let own = phone
        .delete(&format!("/api/v1/users/{}/sessions", admin.user_id))
        .await;
    assert_eq!(own.status, StatusCode::FORBIDDEN);

    let ended = admin.delete(&path).await;
    assert_eq!(ended.status, StatusCode::OK, "{}", ended.text);
    assert_eq!(ended.body["ended"], 3);
    for device in [&phone, &spare] {
        assert_eq!(
            device.get("/api/v1/me").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    let audited = admin
        .get(&format!(
            "/api/v1/audit?action=user.sessions_end&target_id={}",
            phone.user_id
        ))
        .await;
    assert_eq!(audited.body["items"][0]["details"]["sessions"], 3);
    let nobody = format!("/api/v1/users/{}/sessions", uuid::Uuid::new_v4());
    assert_eq!(admin.delete(&nobody).await.status, StatusCode::NOT_FOUND);
    // The user signs in again as before: the password was never touched.
    let back = app.login(&phone.username, PASSWORD).await;
    assert_eq!(back.get("/api/v1/me").await.status, StatusCode::OK);
}

async fn an_app_older_than_the_minimum_is_told_to_update(backend: Backend) {
    let app = TestApp::spawn_with(backend, &[("MIN_CLIENT_VERSION", "2.4")]).await;
    let admin = app.admin().await;
    let said = |version: &'static str| {
        admin
            .request(Method::GET, "/api/v1/me")
            .header("Anfang-Client-Version", version)
            .header("Accept-Language", "en")
            .send()
    };
    let old = said("2.3.9").await.unwrap();
    assert_eq!(old.status(), StatusCode::UPGRADE_REQUIRED);
    assert_eq!(old.headers()["content-type"], "application/problem+json");
    let problem: serde_json::Value = old.json().await.unwrap();
    assert_eq!(problem["code"], "client_update_required");
    assert!(problem["title"].as_str().unwrap().contains("update"));
    for served in ["2.4", "2.4.0", "2.10"] {
        assert_eq!(
            said(served).await.unwrap().status(),
            StatusCode::OK,
            "{served}"
        );
    }
    let garbled = said("latest").await.unwrap();
    assert_eq!(garbled.status(), StatusCode::BAD_REQUEST);
    // Not saying is being served (the console, scripts), and an old app cannot sign in.
    assert_eq!(admin.get("/api/v1/me").await.status, StatusCode::OK);
    let login = app
        .client
        .post(format!("{}/api/v1/auth/login", app.address))
        .header("Anfang-Client-Version", "1.0")
        .json(&json!({ "username": "admin", "password": "x" }))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), StatusCode::UPGRADE_REQUIRED);
}
