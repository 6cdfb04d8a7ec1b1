//! A unit proves its rectification the way inspectors prove a problem: photos and recordings
//! sent by resumable upload against the finding, kept beside the finding (never among the
//! report's own evidence), heard by supervisors and admins only, and sent by nobody but the
//! finding's own unit while it waits for the rectification.

use anfang_tests::media::{self, Movie};
use anfang_tests::reports::Fixture;
use anfang_tests::uploads::{self, create, location, offset, patch};
use anfang_tests::{Backend, Store, all_stores, both_backends};
use reqwest::{Method, StatusCode};
use serde_json::json;

all_stores!(a_unit_sends_its_rectification_recording_and_photo_by_upload,);

both_backends!(only_the_findings_own_unit_sends_rectification_evidence_while_it_is_awaited,);

fn rectification_meta<'a>(
    finding: &'a str,
    kind: &'a str,
    evidence: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("finding_id", finding),
        ("kind", kind),
        ("evidence_id", evidence),
    ]
}

async fn a_unit_sends_its_rectification_recording_and_photo_by_upload(
    backend: Backend,
    store: Store,
) {
    let f = Fixture::with_store(backend, store).await;
    let finding = f.published_findings().await.remove(0);
    let manager = f.manager_of_unit().await;
    let report = manager.get(&format!("/api/v1/findings/{finding}")).await;
    let report = report.body["report_id"].as_str().unwrap().to_owned();

    // A recording of the new queue, sent in two requests.
    let file = media::movie(&Movie::default());
    let recording = uuid::Uuid::new_v4().to_string();
    let created = create(
        &manager,
        file.len() as u64,
        &rectification_meta(&finding, "recording", &recording),
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    assert_eq!(created.body["finding_id"], finding.as_str());
    let upload = location(&created);
    let half = file.len() / 2;
    let first = patch(&manager, &upload, 0, file[..half].to_vec(), None).await;
    assert_eq!(offset(&first), Some(half as u64), "{}", first.text);
    let last = patch(&manager, &upload, half as u64, file[half..].to_vec(), None).await;
    assert_eq!(last.status, StatusCode::NO_CONTENT, "{}", last.text);

    // And a photo of the rectified counter, the same way.
    let photo = anfang_tests::photos::jpeg(640, 480, 21, 90);
    let photo_id = uuid::Uuid::new_v4().to_string();
    let mut meta = rectification_meta(&finding, "photo", &photo_id);
    meta.push(("caption", "整改后的窗口"));
    let upload = location(&create(&manager, photo.len() as u64, &meta).await);
    let sent = patch(&manager, &upload, 0, photo.clone(), None).await;
    assert_eq!(sent.status, StatusCode::NO_CONTENT, "{}", sent.text);
    let photos = manager
        .get(&format!("/api/v1/findings/{finding}/photos"))
        .await;
    assert_eq!(
        photos.body["items"][0]["id"],
        photo_id.as_str(),
        "{}",
        photos.text
    );
    assert_eq!(photos.body["items"][0]["caption"], "整改后的窗口");

    let listed = format!("/api/v1/findings/{finding}/recordings");
    for who in [&manager, &f.supervisor, &f.admin] {
        let list = who.get(&listed).await;
        assert_eq!(list.status, StatusCode::OK, "{}", list.text);
        let item = &list.body["items"][0];
        assert_eq!(item["id"], recording.as_str());
        assert_eq!(item["finding_id"], finding.as_str());
        assert_eq!(item["sha256"], uploads::sha256_hex(&file));
        assert_eq!(item["duration_ms"], 61_500);
    }
    let of_report = f
        .supervisor
        .get(&format!("/api/v1/reports/{report}/recordings"))
        .await;
    assert_eq!(
        of_report.body["items"],
        json!([]),
        "a rectification's recording is not the report's evidence"
    );

    let path = format!("/api/v1/recordings/{recording}");
    let heard = f
        .supervisor
        .request(Method::GET, &path)
        .send()
        .await
        .unwrap();
    assert_eq!(heard.status(), StatusCode::OK);
    assert_eq!(heard.bytes().await.unwrap().as_ref(), file.as_slice());
    let sought = f
        .supervisor
        .request(Method::GET, &path)
        .header("Range", "bytes=100-199")
        .send()
        .await
        .unwrap();
    assert_eq!(sought.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(sought.bytes().await.unwrap().as_ref(), &file[100..200]);
    assert_eq!(
        manager.get(&path).await.status,
        StatusCode::FORBIDDEN,
        "the original is the bureau's evidence, as for photos"
    );
    let audited = f
        .admin
        .get(&format!(
            "/api/v1/audit?action=recording.upload&target_id={recording}"
        ))
        .await;
    assert_eq!(
        audited.body["items"][0]["details"]["finding"],
        finding.as_str(),
        "{}",
        audited.text
    );

    // On the console's finding page: a player for the supervisor, only a line for the unit.
    use anfang_tests::console::Browser;
    let player = format!("src=\"/console/recordings/{recording}\"");
    let supervisor = Browser::sign_in(
        &f.app.address,
        &f.supervisor.username,
        &f.supervisor.password,
    )
    .await;
    let page = supervisor
        .get(&format!("/console/findings/{finding}"))
        .await;
    assert!(page.body.contains("整改录音录像"), "{}", page.body);
    assert!(page.body.contains(&player), "{}", page.body);
    let unit = Browser::sign_in(&f.app.address, &manager.username, &manager.password).await;
    let page = unit.get(&format!("/console/findings/{finding}")).await;
    assert!(page.body.contains("录像 MP4 00:01:01"), "{}", page.body);
    assert!(!page.body.contains(&player), "{}", page.body);

    // Once the rectification is reported, the finding takes nothing more.
    let rectified = manager
        .post(
            &format!("/api/v1/findings/{finding}/rectification"),
            json!({ "text": "已调整叫号规则并张贴告示" }),
        )
        .await;
    assert_eq!(rectified.status, StatusCode::OK, "{}", rectified.text);
    let late_id = uuid::Uuid::new_v4().to_string();
    let late = create(
        &manager,
        file.len() as u64,
        &rectification_meta(&finding, "recording", &late_id),
    )
    .await;
    assert_eq!(late.status, StatusCode::CONFLICT, "{}", late.text);
}

async fn only_the_findings_own_unit_sends_rectification_evidence_while_it_is_awaited(
    backend: Backend,
) {
    let f = Fixture::new(backend).await;
    let finding = f.published_findings().await.remove(0);
    let manager = f.manager_of_unit().await;
    let file = media::movie(&Movie::default());
    let evidence = uuid::Uuid::new_v4().to_string();
    let meta = rectification_meta(&finding, "recording", &evidence);

    // Another unit's manager and the inspectors are told there is no such finding; the
    // bureau's own people may see it but do not rectify it.
    for (someone, refused) in [
        (&f.unit_manager, StatusCode::NOT_FOUND),
        (&f.inspector, StatusCode::NOT_FOUND),
        (&f.other_inspector, StatusCode::NOT_FOUND),
        (&f.supervisor, StatusCode::FORBIDDEN),
        (&f.leader, StatusCode::FORBIDDEN),
        (&f.admin, StatusCode::FORBIDDEN),
    ] {
        let answer = create(someone, file.len() as u64, &meta).await;
        assert_eq!(
            answer.status, refused,
            "{}: {}",
            someone.username, answer.text
        );
    }
    let made_up = uuid::Uuid::new_v4().to_string();
    let unknown = create(
        &manager,
        file.len() as u64,
        &rectification_meta(&made_up, "recording", &evidence),
    )
    .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);

    // A finding not yet published is as unknown to its unit as one that does not exist.
    let report = f
        .approve(Fixture::with_rating(
            f.body(),
            "ENV-01",
            json!({ "item_code": "ENV-01", "outcome": "minor" }),
        ))
        .await;
    let all = f.supervisor.get("/api/v1/findings?limit=100").await;
    let unpublished = all.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["report_id"] == report.as_str())
        .expect("the new finding")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let early = create(
        &manager,
        file.len() as u64,
        &rectification_meta(&unpublished, "recording", &evidence),
    )
    .await;
    assert_eq!((early.status, early.text), (unknown.status, unknown.text));

    // What the upload says it is must make sense for a rectification.
    let mut with_item = meta.clone();
    with_item.push(("item_code", "ATT-01"));
    let answer = create(&manager, file.len() as u64, &with_item).await;
    assert_eq!(
        answer.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        answer.text
    );
    assert_eq!(
        answer.body["errors"][0]["field"],
        "Upload-Metadata.item_code"
    );
    let mut both = meta.clone();
    both.push(("report_id", report.as_str()));
    let answer = create(&manager, file.len() as u64, &both).await;
    assert_eq!(
        answer.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        answer.text
    );
    assert_eq!(
        answer.body["errors"][0]["field"],
        "Upload-Metadata.finding_id"
    );

    // The unit's own upload is its own: nobody else sees, continues or ends it.
    let created = create(&manager, file.len() as u64, &meta).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let upload = location(&created);
    for someone in [&f.unit_manager, &f.inspector, &f.supervisor, &f.admin] {
        let sent = patch(someone, &upload, 0, file.clone(), None).await;
        assert_eq!(sent.status, StatusCode::NOT_FOUND, "{}", someone.username);
    }
    let done = patch(&manager, &upload, 0, file.clone(), None).await;
    assert_eq!(done.status, StatusCode::NO_CONTENT, "{}", done.text);

    let listed = format!("/api/v1/findings/{finding}/recordings");
    let path = format!("/api/v1/recordings/{evidence}");
    for someone in [&f.unit_manager, &f.inspector, &f.other_inspector] {
        assert_eq!(
            someone.get(&listed).await.status,
            StatusCode::NOT_FOUND,
            "{}",
            someone.username
        );
        assert_eq!(
            someone.get(&path).await.status,
            StatusCode::NOT_FOUND,
            "{}",
            someone.username
        );
    }
    assert_eq!(f.leader.get(&listed).await.status, StatusCode::OK);
    assert_eq!(f.leader.get(&path).await.status, StatusCode::FORBIDDEN);
    let elsewhere = format!("/api/v1/findings/{made_up}/recordings");
    assert_eq!(
        f.supervisor.get(&elsewhere).await.status,
        StatusCode::NOT_FOUND
    );
}
