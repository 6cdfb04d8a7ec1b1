//! Forged and tampered access tokens. Each is made with the server's real key and differs from
//! a good token in exactly one way; the control case shows the good one is accepted.

use anfang_tests::{Backend, JWT_SECRET, TestApp, both_backends};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

both_backends!(
    a_well_formed_token_made_with_the_key_is_accepted,
    tampered_tokens_are_refused,
    tokens_with_wrong_claims_are_refused,
    a_token_missing_any_required_claim_is_refused,
    tokens_and_refresh_tokens_cannot_stand_in_for_each_other,
);

fn part(token: &str, index: usize) -> Value {
    let segment = token.split('.').nth(index).unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(segment).unwrap()).unwrap()
}

/// A token like the server's own, with `claims` changed by `edit` and signed with `alg`.
fn forge(
    real: &str,
    alg: Algorithm,
    edit: impl FnOnce(&mut serde_json::Map<String, Value>),
) -> String {
    let mut claims = part(real, 1).as_object().unwrap().clone();
    edit(&mut claims);
    let mut header = Header::new(alg);
    header.kid = part(real, 0)["kid"].as_str().map(str::to_owned);
    jsonwebtoken::encode(
        &header,
        &claims,
        &EncodingKey::from_secret(JWT_SECRET.as_bytes()),
    )
    .unwrap()
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

async fn status_with(app: &TestApp, token: &str) -> StatusCode {
    app.get("/api/v1/me", token).await.status
}

async fn a_well_formed_token_made_with_the_key_is_accepted(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let session = app.admin().await;
    let token = forge(&session.access_token, Algorithm::HS256, |c| {
        c.insert("iat".into(), json!(now()));
        c.insert("nbf".into(), json!(now()));
        c.insert("exp".into(), json!(now() + 60));
    });
    assert_eq!(status_with(&app, &token).await, StatusCode::OK);
}

async fn tampered_tokens_are_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin().await;
    let real = admin.access_token.clone();
    let (header, rest) = real.split_once('.').unwrap();
    let (payload, signature) = rest.split_once('.').unwrap();

    let none_header = URL_SAFE_NO_PAD
        .encode(json!({ "alg": "none", "typ": "JWT", "kid": part(&real, 0)["kid"] }).to_string());
    let mut flipped = signature.to_owned().into_bytes();
    flipped[3] = if flipped[3] == b'A' { b'B' } else { b'A' };
    let other = app.user_with_role(&admin, "leader").await;
    let mut claims = part(&real, 1);
    claims["sub"] = json!(other.user_id);
    let swapped_payload = URL_SAFE_NO_PAD.encode(claims.to_string());
    let mut unknown_kid = part(&real, 0);
    unknown_kid["kid"] = json!("000000000000");

    let cases = [
        (
            "alg none, no signature",
            format!("{none_header}.{payload}."),
        ),
        (
            "alg none, old signature",
            format!("{none_header}.{payload}.{signature}"),
        ),
        ("signature stripped", format!("{header}.{payload}.")),
        (
            "signature altered",
            format!("{header}.{payload}.{}", String::from_utf8(flipped).unwrap()),
        ),
        (
            "payload altered",
            format!("{header}.{swapped_payload}.{signature}"),
        ),
        (
            "unknown key id",
            format!(
                "{}.{payload}.{signature}",
                URL_SAFE_NO_PAD.encode(unknown_kid.to_string())
            ),
        ),
        (
            "another algorithm with the same key",
            forge(&real, Algorithm::HS512, |_| {}),
        ),
        ("garbage", "not.a.token".to_owned()),
    ];
    for (what, token) in cases {
        assert_eq!(
            status_with(&app, &token).await,
            StatusCode::UNAUTHORIZED,
            "{what}"
        );
    }
    assert_eq!(
        status_with(&app, &real).await,
        StatusCode::OK,
        "the real token still works"
    );
}

async fn tokens_with_wrong_claims_are_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let real = app.admin().await.access_token;
    type Edit = Box<dyn FnOnce(&mut serde_json::Map<String, Value>)>;
    let cases: Vec<(&str, Edit)> = vec![
        (
            "wrong audience",
            Box::new(|c| {
                c.insert("aud".into(), json!("another-api"));
            }),
        ),
        (
            "wrong issuer",
            Box::new(|c| {
                c.insert("iss".into(), json!("someone-else"));
            }),
        ),
        (
            "expired",
            Box::new(|c| {
                c.insert("exp".into(), json!(now() - 120));
            }),
        ),
        (
            "not valid yet",
            Box::new(|c| {
                c.insert("nbf".into(), json!(now() + 3600));
            }),
        ),
        (
            "not an access token",
            Box::new(|c| {
                c.insert("typ".into(), json!("refresh"));
            }),
        ),
        (
            "unknown session",
            Box::new(|c| {
                c.insert("sid".into(), json!(uuid::Uuid::new_v4().to_string()));
            }),
        ),
        (
            "unknown user",
            Box::new(|c| {
                c.insert("sub".into(), json!(uuid::Uuid::new_v4().to_string()));
            }),
        ),
    ];
    for (what, edit) in cases {
        let token = forge(&real, Algorithm::HS256, edit);
        assert_eq!(
            status_with(&app, &token).await,
            StatusCode::UNAUTHORIZED,
            "{what}"
        );
    }
}

async fn a_token_missing_any_required_claim_is_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let real = app.admin().await.access_token;
    for claim in ["exp", "nbf", "iss", "aud", "sub"] {
        let token = forge(&real, Algorithm::HS256, |c| {
            c.remove(claim);
        });
        assert_eq!(
            status_with(&app, &token).await,
            StatusCode::UNAUTHORIZED,
            "without {claim}"
        );
    }
}

async fn tokens_and_refresh_tokens_cannot_stand_in_for_each_other(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let session = app.admin().await;
    assert_eq!(
        status_with(&app, &session.refresh_token).await,
        StatusCode::UNAUTHORIZED
    );
    let answer = app
        .call(
            Method::POST,
            "/api/v1/auth/refresh",
            None,
            Some(json!({ "refresh_token": session.access_token })),
        )
        .await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        app.call(Method::GET, "/api/v1/me", None, None).await.status,
        StatusCode::UNAUTHORIZED
    );
}
