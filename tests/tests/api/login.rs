//! Signing in: the answer's shape, and what a wrong guess may and may not tell.

use anfang_tests::{ADMIN_PASSWORD, Backend, TestApp, both_backends};
use reqwest::StatusCode;

both_backends!(
    a_user_signs_in_and_gets_a_bearer_pair,
    an_unknown_user_and_a_wrong_password_get_the_same_answer,
    a_disabled_account_cannot_sign_in,
    repeated_wrong_passwords_lock_the_account_for_a_while,
    many_failures_from_one_address_are_throttled,
);

async fn a_user_signs_in_and_gets_a_bearer_pair(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let answer = app.login_answer("admin", ADMIN_PASSWORD).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.body["token_type"], "Bearer");
    assert_eq!(answer.body["expires_in"], 900);
    assert_eq!(answer.body["user"]["username"], "admin");
    assert_eq!(answer.body["user"]["role"], "admin");
    let access = answer.body["access_token"].as_str().unwrap();
    let me = app.get("/api/v1/me", access).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.body["username"], "admin");
}

async fn an_unknown_user_and_a_wrong_password_get_the_same_answer(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let wrong_password = app.login_answer("admin", "not-the-password-1").await;
    let unknown_user = app.login_answer("nobody", "not-the-password-1").await;
    assert_eq!(wrong_password.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong_password.code(), "invalid_credentials");
    assert_eq!(wrong_password.text, unknown_user.text);
    assert_eq!(wrong_password.status, unknown_user.status);
}

async fn a_disabled_account_cannot_sign_in(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin().await;
    let leader = app.user_with_role(&admin, "leader").await;
    let disabled = admin
        .patch(
            &format!("/api/v1/users/{}", leader.user_id),
            serde_json::json!({ "active": false }),
        )
        .await;
    assert_eq!(disabled.status, StatusCode::OK, "{}", disabled.text);
    let answer = app.login_answer(&leader.username, &leader.password).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        answer.code(),
        "invalid_credentials",
        "the same answer as a wrong password"
    );
}

async fn repeated_wrong_passwords_lock_the_account_for_a_while(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    for _ in 0..5 {
        let answer = app.login_answer("admin", "wrong-password-1").await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    }
    // Now even the right password is refused until the window ends.
    let answer = app.login_answer("admin", ADMIN_PASSWORD).await;
    assert_eq!(
        answer.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        answer.text
    );
    assert_eq!(answer.code(), "too_many_requests");
    let retry_after: u64 = answer.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=900).contains(&retry_after), "{retry_after}");
}

async fn many_failures_from_one_address_are_throttled(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    // Different accounts each time, so that only the per-address counter can trip.
    for i in 0..30 {
        let answer = app
            .login_answer(&format!("guess{i}"), "wrong-password-1")
            .await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    let answer = app.login_answer("admin", ADMIN_PASSWORD).await;
    assert_eq!(answer.status, StatusCode::TOO_MANY_REQUESTS);
}
