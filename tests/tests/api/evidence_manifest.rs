//! The manifest of a report's evidence: the phone declares the files it holds; each shows as
//! expected, received or withdrawn; the report cannot be submitted while any is expected; a
//! file that arrives under a declared id must be the one declared; a supervisor sees "3 of 3
//! received". Nobody else may declare, and those who may not see the report see no manifest.

use anfang_tests::photos::{jpeg, upload};
use anfang_tests::reports::Fixture;
use anfang_tests::{Backend, both_backends};
use reqwest::StatusCode;
use serde_json::{Value, json};

both_backends!(
    a_report_waits_for_the_evidence_its_phone_declared,
    only_the_author_declares_and_only_readers_of_the_report_see_the_manifest,
);

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn declared(id: &str, bytes: &[u8]) -> Value {
    json!({ "id": id, "kind": "photo", "bytes": bytes.len(), "sha256": sha256_hex(bytes) })
}

fn states(manifest: &Value) -> Vec<(String, String)> {
    manifest["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|i| {
                    (
                        i["id"].as_str().unwrap_or_default().to_owned(),
                        i["state"].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

async fn a_report_waits_for_the_evidence_its_phone_declared(backend: Backend) {
    let f = Fixture::new(backend).await;
    let report = f.draft(f.body()).await;
    let path = format!("/api/v1/reports/{report}/manifest");
    let photos: Vec<(String, Vec<u8>)> = (0..3)
        .map(|seed| {
            (
                uuid::Uuid::new_v4().to_string(),
                jpeg(320, 240, 40 + seed, 90),
            )
        })
        .collect();
    let body = json!({ "items": photos.iter().map(|(id, b)| declared(id, b)).collect::<Vec<_>>() });
    let manifest = f.inspector.put(&path, body).await;
    assert_eq!(manifest.status, StatusCode::OK, "{}", manifest.text);
    assert_eq!(
        (
            manifest.body["declared"].as_u64(),
            manifest.body["expected"].as_u64()
        ),
        (Some(3), Some(3))
    );

    // One arrives; another arrives as something else and is refused, nothing stored.
    let sent = |id: &str, bytes: Vec<u8>| {
        let (app, inspector, report) = (&f.app, &f.inspector, report.clone());
        let id = id.to_owned();
        async move {
            upload(
                app,
                inspector,
                &report,
                bytes,
                "image/jpeg",
                &[("photo_id", &id)],
            )
            .await
        }
    };
    let first = sent(&photos[0].0, photos[0].1.clone()).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text);
    let objects = f.app.stored_objects();
    let other = sent(&photos[1].0, jpeg(320, 240, 99, 90)).await;
    assert_eq!(
        other.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        other.text
    );
    assert!(
        other.text.contains("evidence_not_as_declared"),
        "{}",
        other.text
    );
    assert_eq!(f.app.stored_objects(), objects, "nothing stored");

    // Submitting now names what has not arrived.
    let early = f.action(&f.inspector, &report, "submit", None).await;
    assert_eq!(
        early.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        early.text
    );
    for (id, _) in &photos[1..] {
        assert!(
            early.text.contains(&format!("evidence.{id}")),
            "{}",
            early.text
        );
    }
    assert!(early.text.contains("evidence_not_received"));
    assert!(!early.text.contains(&format!("evidence.{}", photos[0].0)));

    // A received file's declaration cannot be changed; the second arrives; the third is lost
    // and withdrawn.
    let changed = f
        .inspector
        .put(
            &path,
            json!({ "items": [declared(&photos[0].0, b"other bytes")] }),
        )
        .await;
    assert_eq!(
        changed.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        changed.text
    );
    assert!(changed.text.contains("evidence_already_received"));
    let second = sent(&photos[1].0, photos[1].1.clone()).await;
    assert_eq!(second.status, StatusCode::CREATED, "{}", second.text);
    let withdrawn = f
        .inspector
        .post(&format!("{path}/{}/withdraw", photos[2].0), json!({}))
        .await;
    assert_eq!(withdrawn.status, StatusCode::OK, "{}", withdrawn.text);
    let mut expected = vec![
        (photos[0].0.clone(), "received".to_owned()),
        (photos[1].0.clone(), "received".to_owned()),
        (photos[2].0.clone(), "withdrawn".to_owned()),
    ];
    expected.sort();
    let mut shown = states(&withdrawn.body);
    shown.sort();
    assert_eq!(shown, expected);
    let submitted = f.action(&f.inspector, &report, "submit", None).await;
    assert_eq!(submitted.status, StatusCode::OK, "{}", submitted.text);

    let seen = f.supervisor.get(&path).await;
    assert_eq!(
        (
            seen.body["declared"].as_u64(),
            seen.body["received"].as_u64()
        ),
        (Some(3), Some(2)),
        "2 of 3 received, one withdrawn"
    );
    let console = anfang_tests::console::Browser::sign_in(
        &f.app.address,
        &f.supervisor.username,
        &f.supervisor.password,
    )
    .await;
    let page = console.get(&format!("/console/reports/{report}")).await;
    assert!(
        page.body.contains("已收到 2 / 3（撤回 1）"),
        "{}",
        page.body
    );
    // Once submitted, nothing more is declared.
    let late = f
        .inspector
        .put(
            &path,
            json!({ "items": [declared(&uuid::Uuid::new_v4().to_string(), b"x")] }),
        )
        .await;
    assert_eq!(late.status, StatusCode::CONFLICT, "{}", late.text);
}

async fn only_the_author_declares_and_only_readers_of_the_report_see_the_manifest(
    backend: Backend,
) {
    let f = Fixture::new(backend).await;
    let report = f.draft(f.body()).await;
    let path = format!("/api/v1/reports/{report}/manifest");
    let body = json!({ "items": [declared(&uuid::Uuid::new_v4().to_string(), b"photo")] });
    let manager = f.manager_of_unit().await;
    for who in [&f.other_inspector, &f.supervisor, &f.leader, &manager] {
        let answer = who.put(&path, body.clone()).await;
        assert!(
            answer.status.is_client_error(),
            "{}: {}",
            answer.status,
            answer.text
        );
        assert_ne!(answer.status, StatusCode::OK);
    }
    for (who, expected) in [
        (&manager, StatusCode::NOT_FOUND),
        (&f.other_inspector, StatusCode::NOT_FOUND),
        (&f.leader, StatusCode::NOT_FOUND),
    ] {
        assert_eq!(who.get(&path).await.status, expected);
    }
    assert_eq!(
        f.inspector.get(&path).await.body["declared"],
        0,
        "nothing declared"
    );

    // Malformed declarations are refused by field, and change nothing.
    for (bad, field) in [
        (
            json!({ "items": [{ "id": uuid::Uuid::new_v4(), "kind": "photo", "bytes": 1, "sha256": "ABC" }] }),
            "items[0].sha256",
        ),
        (
            json!({ "items": [{ "id": uuid::Uuid::new_v4(), "kind": "fax", "bytes": 1, "sha256": "0".repeat(64) }] }),
            "items[0].kind",
        ),
        (json!({ "items": [] }), "items"),
        (
            json!({ "items": [{ "id": uuid::Uuid::new_v4(), "kind": "photo", "bytes": u64::MAX, "sha256": "0".repeat(64) }] }),
            "items[0].bytes",
        ),
    ] {
        let answer = f.inspector.put(&path, bad).await;
        assert_eq!(
            answer.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            answer.text
        );
        assert!(answer.text.contains(field), "{field}: {}", answer.text);
    }
    assert_eq!(f.inspector.get(&path).await.body["declared"], 0);
}
