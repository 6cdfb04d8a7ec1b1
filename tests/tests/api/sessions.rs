//! Refresh rotation, reuse detection, logout, and revocation when an account changes.

use anfang_tests::{Backend, TestApp, both_backends};
use reqwest::{Method, StatusCode};
use serde_json::json;

both_backends!(
    a_refresh_token_is_exchanged_once_for_a_new_pair,
    reusing_a_spent_refresh_token_revokes_the_whole_session,
    logout_ends_the_session_at_once,
    changing_ones_password_ends_every_session,
    an_admin_resetting_a_password_ends_that_users_sessions,
    disabling_an_account_ends_its_sessions_at_once,
    changing_a_users_role_ends_their_sessions,
);

async fn refresh(app: &TestApp, token: &str) -> anfang_tests::Answer {
    app.call(
        Method::POST,
        "/api/v1/auth/refresh",
        None,
        Some(json!({ "refresh_token": token })),
    )
    .await
}

async fn a_refresh_token_is_exchanged_once_for_a_new_pair(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let session = app.admin().await;
    let answer = refresh(&app, &session.refresh_token).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    let new_refresh = answer.body["refresh_token"].as_str().unwrap();
    let new_access = answer.body["access_token"].as_str().unwrap();
    assert_ne!(new_refresh, session.refresh_token);
    assert_eq!(answer.body["user"]["username"], "admin");
    assert_eq!(
        app.get("/api/v1/me", new_access).await.status,
        StatusCode::OK
    );
    // The new refresh token works in turn.
    assert_eq!(refresh(&app, new_refresh).await.status, StatusCode::OK);
}

async fn reusing_a_spent_refresh_token_revokes_the_whole_session(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let session = app.admin().await;
    let rotated = refresh(&app, &session.refresh_token).await;
    let new_refresh = rotated.body["refresh_token"].as_str().unwrap().to_owned();
    let new_access = rotated.body["access_token"].as_str().unwrap().to_owned();

    // Someone presents the old token again: a stolen copy.
    let reuse = refresh(&app, &session.refresh_token).await;
    assert_eq!(reuse.status, StatusCode::UNAUTHORIZED);
    // Everything of that session is dead now, including the legitimate new pair.
    assert_eq!(
        refresh(&app, &new_refresh).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.get("/api/v1/me", &new_access).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        session.get("/api/v1/me").await.status,
        StatusCode::UNAUTHORIZED
    );
    // Other sessions of the same user are unaffected.
    let other = app.admin().await;
    assert_eq!(other.get("/api/v1/me").await.status, StatusCode::OK);
}

async fn logout_ends_the_session_at_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let session = app.admin().await;
    let other = app.admin().await;
    let answer = app
        .call(
            Method::POST,
            "/api/v1/auth/logout",
            None,
            Some(json!({ "refresh_token": session.refresh_token })),
        )
        .await;
    assert_eq!(answer.status, StatusCode::NO_CONTENT);
    assert_eq!(
        session.get("/api/v1/me").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        refresh(&app, &session.refresh_token).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        other.get("/api/v1/me").await.status,
        StatusCode::OK,
        "other sessions live on"
    );
    // Logging out again, or with a made-up token, is harmless.
    let again = app
        .call(
            Method::POST,
            "/api/v1/auth/logout",
            None,
            Some(json!({ "refresh_token": "made-up" })),
        )
        .await;
    assert_eq!(again.status, StatusCode::NO_CONTENT);
}

async fn changing_ones_password_ends_every_session(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin().await;
    let user = app.user_with_role(&admin, "supervisor").await;
    let second = app.login(&user.username, &user.password).await;

    let wrong = user
        .post(
            "/api/v1/me/password",
            json!({ "current_password": "not-it-123", "new_password": "brand-new-pass-1" }),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        user.get("/api/v1/me").await.status,
        StatusCode::OK,
        "a refused change changes nothing"
    );

    let changed = user
        .post(
            "/api/v1/me/password",
            json!({ "current_password": user.password, "new_password": "brand-new-pass-1" }),
        )
        .await;
    assert_eq!(changed.status, StatusCode::NO_CONTENT, "{}", changed.text);
    for token in [&user.access_token, &second.access_token] {
        assert_eq!(
            app.get("/api/v1/me", token).await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        refresh(&app, &second.refresh_token).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.login_answer(&user.username, &user.password)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    app.login(&user.username, "brand-new-pass-1").await;
}

async fn an_admin_resetting_a_password_ends_that_users_sessions(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin().await;
    let user = app.user_with_role(&admin, "inspector").await;
    let answer = admin
        .post(
            &format!("/api/v1/users/{}/password", user.user_id),
            json!({ "password": "reset-pass-2026" }),
        )
        .await;
    assert_eq!(answer.status, StatusCode::NO_CONTENT, "{}", answer.text);
    assert_eq!(
        user.get("/api/v1/me").await.status,
        StatusCode::UNAUTHORIZED
    );
    app.login(&user.username, "reset-pass-2026").await;

    // Not one's own, though: that needs the current password, at /me/password.
    let own = admin
        .post(
            &format!("/api/v1/users/{}/password", admin.user_id),
            json!({ "password": "taken-over-2026" }),
        )
        .await;
    assert_eq!(own.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(admin.get("/api/v1/me").await.status, StatusCode::OK);
}

async fn disabling_an_account_ends_its_sessions_at_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin().await;
    let user = app.user_with_role(&admin, "inspector").await;
    assert_eq!(user.get("/api/v1/me").await.status, StatusCode::OK);
    admin
        .patch(
            &format!("/api/v1/users/{}", user.user_id),
            json!({ "active": false }),
        )
        .await;
    assert_eq!(
        user.get("/api/v1/me").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        refresh(&app, &user.refresh_token).await.status,
        StatusCode::UNAUTHORIZED
    );
}

async fn changing_a_users_role_ends_their_sessions(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin().await;
    let user = app.user_with_role(&admin, "leader").await;
    let answer = admin
        .patch(
            &format!("/api/v1/users/{}", user.user_id),
            json!({ "role": "supervisor" }),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    assert_eq!(
        user.get("/api/v1/me").await.status,
        StatusCode::UNAUTHORIZED
    );
    let renamed = admin
        .patch(
            &format!("/api/v1/users/{}", admin.user_id),
            json!({ "display_name": "管理员" }),
        )
        .await;
    assert_eq!(renamed.status, StatusCode::OK);
    assert_eq!(
        admin.get("/api/v1/me").await.status,
        StatusCode::OK,
        "a rename keeps sessions"
    );
}
