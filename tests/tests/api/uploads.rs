//! Evidence from phones on weak networks: photos and recordings sent with tus 1.0, cut at any
//! byte and resumed, checked against what the phone declared, identified from their bytes,
//! refused clearly when hostile, swept when abandoned; recordings served in the ranges a
//! player seeks, to supervisors and admins only. On both databases and both object stores.

use anfang_tests::media::{self, Movie};
use anfang_tests::reports::Fixture;
use anfang_tests::uploads::{self, create, cut_patch, head, location, offset, patch, resume};
use anfang_tests::{Backend, Store, all_stores, both_backends};
use reqwest::{Method, StatusCode};
use serde_json::json;

all_stores!(
    a_recording_arrives_across_cuts_and_is_read_from_its_own_bytes,
    a_request_ending_on_a_parts_boundary_leaves_nothing_behind,
    a_photo_arrives_by_upload_and_a_retry_of_the_finished_upload_changes_nothing,
    hostile_recordings_are_refused_and_leave_nothing_behind,
    an_abandoned_upload_expires_and_its_parts_are_swept,
);

both_backends!(
    a_part_whose_checksum_does_not_hold_is_not_kept,
    the_protocol_is_held_to,
    only_the_author_uploads_and_only_reviewers_download_recordings,
    a_declared_recording_must_arrive_as_declared,
    several_uploads_of_one_report_arrive_at_once,
    a_major_is_evidenced_by_a_cited_segment_of_a_recording,
    a_supervisor_plays_a_recording_from_the_console_and_nobody_else_does,
    voice_recordings_carry_their_length_where_their_container_gives_it,
);

fn recording_meta<'a>(report: &'a str, evidence: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("report_id", report),
        ("kind", "recording"),
        ("evidence_id", evidence),
        ("filename", "录音.mp4"),
    ]
}

async fn a_recording_arrives_across_cuts_and_is_read_from_its_own_bytes(
    backend: Backend,
    store: Store,
) {
    let f = Fixture::with_store(backend, store).await;
    let report = f.draft(f.body()).await;
    // Twenty megabytes: parts of 8 MiB, with the index at the end, as recorders write it.
    let file = media::movie(&Movie {
        media_bytes: 20 << 20,
        ..Movie::default()
    });
    let evidence = uuid::Uuid::new_v4().to_string();
    let declared = json!({ "items": [{
        "id": evidence, "kind": "recording", "bytes": file.len(),
        "sha256": uploads::sha256_hex(&file),
    }]});
    let manifest = format!("/api/v1/reports/{report}/manifest");
    assert_eq!(
        f.inspector.put(&manifest, declared).await.status,
        StatusCode::OK
    );

    let created = create(
        &f.inspector,
        file.len() as u64,
        &recording_meta(&report, &evidence),
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    assert_eq!(offset(&created), Some(0));
    assert!(created.headers.contains_key("upload-expires"));
    assert_eq!(created.headers["tus-resumable"], "1.0.0");
    let upload = location(&created);

    // The network goes three times, at odd bytes; each time the phone asks and goes on.
    let mut at = 0usize;
    for cut in [3_000_001usize, 9_437_185, 17_000_003] {
        cut_patch(&f.inspector, &upload, at as u64, &file[at..], cut - at).await;
        let resumed = resume(&f.inspector, &upload, &file[..cut], 1 << 20).await;
        let now = offset(&resumed).expect("an offset") as usize;
        assert!(
            now <= cut && now >= at,
            "the offset {now} lies in what was sent"
        );
        at = now;
        let state = f.inspector.get(&manifest).await;
        assert_eq!(
            state.body["items"][0]["state"], "receiving",
            "{}",
            state.text
        );
        assert_eq!(state.body["items"][0]["offset"], now as u64);
        let early = f
            .inspector
            .post(&format!("/api/v1/reports/{report}/submit"), json!({}))
            .await;
        assert_eq!(
            early.code(),
            "report_incomplete",
            "a half-sent recording holds the report"
        );
    }
    let done = resume(&f.inspector, &upload, &file, 5 << 20).await;
    assert_eq!(done.status, StatusCode::NO_CONTENT, "{}", done.text);
    assert_eq!(offset(&done), Some(file.len() as u64));
    let state = f.inspector.get(&manifest).await;
    assert_eq!(
        (
            state.body["received"].as_u64(),
            state.body["expected"].as_u64()
        ),
        (Some(1), Some(0))
    );
    let submitted = f.action(&f.inspector, &report, "submit", None).await;
    assert_eq!(submitted.status, StatusCode::OK, "{}", submitted.text);

    let listed = f
        .supervisor
        .get(&format!("/api/v1/reports/{report}/recordings"))
        .await;
    let recording = &listed.body["items"][0];
    assert_eq!(recording["id"], evidence.as_str());
    assert_eq!(
        (recording["media"].as_str(), recording["format"].as_str()),
        (Some("video"), Some("mp4"))
    );
    assert_eq!(recording["duration_ms"], 61_500);
    assert_eq!(recording["recorded_at"], "2026-11-30T00:53:20Z");
    assert_eq!(recording["location"]["latitude"], 30.2741);
    assert_eq!(recording["sha256"], uploads::sha256_hex(&file));
    assert_eq!(recording["bytes"], file.len() as u64);

    // A player jumps into it; the whole of it reads back as sent.
    let path = format!("/api/v1/recordings/{evidence}");
    let part = f
        .supervisor
        .request(Method::GET, &path)
        .header("Range", "bytes=10000000-10000099")
        .send()
        .await
        .unwrap();
    assert_eq!(part.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(
        part.headers()["content-range"],
        format!("bytes 10000000-10000099/{}", file.len()).as_str()
    );
    assert_eq!(part.bytes().await.unwrap(), &file[10_000_000..10_000_100]);
    let whole = f
        .supervisor
        .request(Method::GET, &path)
        .send()
        .await
        .unwrap();
    assert_eq!(whole.headers()["content-type"], "video/mp4");
    assert_eq!(whole.headers()["accept-ranges"], "bytes");
    assert_eq!(
        uploads::sha256_hex(&whole.bytes().await.unwrap()),
        uploads::sha256_hex(&file)
    );
    let past = f
        .supervisor
        .request(Method::GET, &path)
        .header("Range", format!("bytes={}-", file.len() + 1))
        .send()
        .await
        .unwrap();
    assert_eq!(past.status(), StatusCode::RANGE_NOT_SATISFIABLE);
    let headers = f
        .supervisor
        .request(Method::HEAD, &path)
        .send()
        .await
        .unwrap();
    assert_eq!(
        headers.headers()["content-length"],
        file.len().to_string().as_str()
    );

    let audit = f
        .admin
        .get(&format!(
            "/api/v1/audit?action=recording.download&target_type=recording&target_id={evidence}"
        ))
        .await;
    assert_eq!(
        audit.body["items"].as_array().map(Vec::len),
        Some(2),
        "{}",
        audit.text
    );
    assert_eq!(
        f.app.upload_leftovers(),
        0,
        "nothing of the upload is left over"
    );
}

async fn a_photo_arrives_by_upload_and_a_retry_of_the_finished_upload_changes_nothing(
    backend: Backend,
    store: Store,
) {
    let f = Fixture::with_store(backend, store).await;
    let report = f.draft(f.body()).await;
    let photo = anfang_tests::photos::jpeg(640, 480, 5, 90);
    let id = uuid::Uuid::new_v4().to_string();
    let meta = [
        ("report_id", report.as_str()),
        ("kind", "photo"),
        ("evidence_id", id.as_str()),
        ("caption", "排队叫号机"),
    ];
    let created = create(&f.inspector, photo.len() as u64, &meta).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let upload = location(&created);
    let half = photo.len() / 2;
    let first = patch(&f.inspector, &upload, 0, photo[..half].to_vec(), None).await;
    assert_eq!(
        (first.status, offset(&first)),
        (StatusCode::NO_CONTENT, Some(half as u64))
    );
    let last = patch(
        &f.inspector,
        &upload,
        half as u64,
        photo[half..].to_vec(),
        None,
    )
    .await;
    assert_eq!(last.status, StatusCode::NO_CONTENT, "{}", last.text);

    let photos = f
        .inspector
        .get(&format!("/api/v1/reports/{report}/photos"))
        .await;
    assert_eq!(photos.body["items"][0]["id"], id.as_str());
    assert_eq!(photos.body["items"][0]["caption"], "排队叫号机");
    let stored = f.app.stored_objects();

    // The phone never heard the answer and tries again, twice over: nothing is redone.
    let again = patch(&f.inspector, &upload, photo.len() as u64, Vec::new(), None).await;
    assert_eq!(
        (again.status, offset(&again)),
        (StatusCode::NO_CONTENT, Some(photo.len() as u64))
    );
    let recreated = create(&f.inspector, photo.len() as u64, &meta).await;
    assert_eq!(location(&recreated), upload, "the same upload, complete");
    assert_eq!(recreated.body["complete"], true);
    assert_eq!(f.app.stored_objects(), stored);
    let photos = f
        .inspector
        .get(&format!("/api/v1/reports/{report}/photos"))
        .await;
    assert_eq!(photos.body["items"].as_array().map(Vec::len), Some(1));
    let deleting = f
        .inspector
        .request(Method::DELETE, &upload)
        .header("Tus-Resumable", "1.0.0")
        .send()
        .await
        .unwrap();
    assert_eq!(
        deleting.status(),
        StatusCode::CONFLICT,
        "a finished upload is evidence now"
    );
    assert_eq!(f.app.upload_leftovers(), 0);
}

async fn hostile_recordings_are_refused_and_leave_nothing_behind(backend: Backend, store: Store) {
    let f = Fixture::with_store(backend, store).await;
    let report = f.draft(f.body()).await;
    let movie = media::movie(&Movie::default());
    let mut claims_gigabytes = media::movie(&Movie {
        index_first: true,
        ..Movie::default()
    });
    // The index's size field (after the 20-byte ftyp) says 3 GiB.
    claims_gigabytes[20..24].copy_from_slice(&0xC000_0000u32.to_be_bytes());
    let mut zip = b"PK\x03\x04".to_vec();
    zip.extend(media::noise(4000, 1));
    let cases: Vec<(&str, Vec<u8>, StatusCode, &str)> = vec![
        (
            "a web page",
            b"<!DOCTYPE html><html><script>alert(1)</script></html>".to_vec(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "recording_unsupported",
        ),
        (
            "an archive",
            zip,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "recording_unsupported",
        ),
        (
            "a movie cut before its index",
            movie[..movie.len() - 40].to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "recording_truncated",
        ),
        (
            "an index claiming gigabytes",
            claims_gigabytes,
            StatusCode::UNPROCESSABLE_ENTITY,
            "recording_truncated",
        ),
        (
            "a web page behind a WAV header",
            {
                let mut fake = b"RIFF\x00\x10\x00\x00WAVE".to_vec();
                fake.extend_from_slice(b"<html><script>alert(1)</script></html>");
                fake
            },
            StatusCode::UNPROCESSABLE_ENTITY,
            "recording_corrupt",
        ),
        (
            "a movie without its index",
            media::movie(&Movie::default())[..20 + 8 + (64 << 10)].to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "recording_truncated",
        ),
    ];
    for (what, bytes, status, rule) in cases {
        let evidence = uuid::Uuid::new_v4().to_string();
        let created = create(
            &f.inspector,
            bytes.len() as u64,
            &recording_meta(&report, &evidence),
        )
        .await;
        let upload = location(&created);
        let sent = patch(&f.inspector, &upload, 0, bytes, None).await;
        assert_eq!(sent.status, status, "{what}: {}", sent.text);
        assert_eq!(sent.body["errors"][0]["code"], rule, "{what}");
        assert_eq!(
            head(&f.inspector, &upload).await.status,
            StatusCode::NOT_FOUND,
            "{what}"
        );
    }
    let listed = f
        .inspector
        .get(&format!("/api/v1/reports/{report}/recordings"))
        .await;
    assert_eq!(listed.body["items"], json!([]));
    assert_eq!(f.app.stored_under("recordings"), 0);
    assert_eq!(f.app.upload_leftovers(), 0);
}

async fn an_abandoned_upload_expires_and_its_parts_are_swept(backend: Backend, store: Store) {
    let f =
        Fixture::with_store_and_settings(backend, store, &[("UPLOAD_EXPIRY_SECONDS", "1")]).await;
    let report = f.draft(f.body()).await;
    let file = media::movie(&Movie {
        media_bytes: 9 << 20,
        ..Movie::default()
    });
    let evidence = uuid::Uuid::new_v4().to_string();
    let upload = location(
        &create(
            &f.inspector,
            file.len() as u64,
            &recording_meta(&report, &evidence),
        )
        .await,
    );
    // One whole part and a tail, then the phone is never heard of again.
    let sent = patch(
        &f.inspector,
        &upload,
        0,
        file[..(8 << 20) + 1000].to_vec(),
        None,
    )
    .await;
    assert_eq!(sent.status, StatusCode::NO_CONTENT, "{}", sent.text);
    assert!(
        f.app.upload_leftovers() > 0,
        "the part and the tail wait in the store"
    );
    let mut gone = false;
    for _ in 0..100 {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        if head(&f.inspector, &upload).await.status == StatusCode::NOT_FOUND
            && f.app.upload_leftovers() == 0
        {
            gone = true;
            break;
        }
    }
    assert!(gone, "the expired upload and its parts were swept");
    let late = patch(&f.inspector, &upload, 0, file[..10].to_vec(), None).await;
    assert_eq!(late.status, StatusCode::NOT_FOUND);
    let audit = f.admin.get("/api/v1/audit?action=upload.terminate").await;
    assert_eq!(
        audit.body["items"].as_array().map(Vec::len),
        Some(1),
        "{}",
        audit.text
    );
}

async fn a_part_whose_checksum_does_not_hold_is_not_kept(backend: Backend) {
    let f = Fixture::new(backend).await;
    let report = f.draft(f.body()).await;
    let file = media::movie(&Movie::default());
    let evidence = uuid::Uuid::new_v4().to_string();
    let upload = location(
        &create(
            &f.inspector,
            file.len() as u64,
            &recording_meta(&report, &evidence),
        )
        .await,
    );
    let half = file.len() / 2;
    let wrong = uploads::sha256(b"something else");
    let refused = patch(&f.inspector, &upload, 0, file[..half].to_vec(), Some(wrong)).await;
    assert_eq!(refused.status.as_u16(), 460, "{}", refused.text);
    assert_eq!(refused.code(), "checksum_mismatch");
    assert_eq!(
        offset(&head(&f.inspector, &upload).await),
        Some(0),
        "nothing was kept"
    );
    let right = uploads::sha256(&file[..half]);
    let kept = patch(&f.inspector, &upload, 0, file[..half].to_vec(), Some(right)).await;
    assert_eq!(offset(&kept), Some(half as u64));
    let rest = uploads::sha256(&file[half..]);
    let done = patch(
        &f.inspector,
        &upload,
        half as u64,
        file[half..].to_vec(),
        Some(rest),
    )
    .await;
    assert_eq!(done.status, StatusCode::NO_CONTENT, "{}", done.text);
    let listed = f
        .inspector
        .get(&format!("/api/v1/reports/{report}/recordings"))
        .await;
    assert_eq!(
        listed.body["items"][0]["sha256"],
        uploads::sha256_hex(&file)
    );
}

async fn the_protocol_is_held_to(backend: Backend) {
    let f = Fixture::new(backend).await;
    let report = f.draft(f.body()).await;
    let options = f
        .app
        .client
        .request(Method::OPTIONS, f.app.url("/api/v1/uploads"))
        .send()
        .await
        .unwrap();
    assert_eq!(options.status(), StatusCode::NO_CONTENT);
    assert_eq!(options.headers()["tus-version"], "1.0.0");
    assert_eq!(
        options.headers()["tus-extension"],
        "creation,checksum,termination,expiration"
    );
    assert_eq!(
        options.headers()["tus-max-size"],
        (2u64 << 30).to_string().as_str()
    );

    let without_version = f
        .inspector
        .request(Method::POST, "/api/v1/uploads")
        .header("Upload-Length", "10")
        .send()
        .await
        .unwrap();
    assert_eq!(without_version.status(), StatusCode::PRECONDITION_FAILED);
    assert_eq!(without_version.headers()["tus-version"], "1.0.0");

    let evidence = uuid::Uuid::new_v4().to_string();
    let meta = recording_meta(&report, &evidence);
    for (length, pairs, code) in [
        ("ten", meta.clone(), "invalid_header"),
        ("0", meta.clone(), "validation_failed"),
        ("3000000000", meta.clone(), "payload_too_large"),
        ("10", vec![("kind", "recording")], "validation_failed"),
        (
            "10",
            vec![("report_id", report.as_str()), ("kind", "pdf")],
            "validation_failed",
        ),
        (
            "10",
            vec![
                ("report_id", report.as_str()),
                ("kind", "photo"),
                ("path", "../x"),
            ],
            "validation_failed",
        ),
    ] {
        let answer = f
            .inspector
            .request(Method::POST, "/api/v1/uploads")
            .header("Tus-Resumable", "1.0.0")
            .header("Upload-Length", length)
            .header("Upload-Metadata", uploads::metadata(&pairs))
            .send()
            .await
            .unwrap();
        let answer = anfang_tests::read(answer).await;
        assert_eq!(answer.code(), code, "{length} {pairs:?}: {}", answer.text);
    }

    let file = media::movie(&Movie::default());
    let upload = location(&create(&f.inspector, file.len() as u64, &meta).await);
    let wrong_offset = patch(&f.inspector, &upload, 5, file[5..100].to_vec(), None).await;
    assert_eq!(wrong_offset.code(), "upload_offset_mismatch");
    let too_much = patch(
        &f.inspector,
        &upload,
        0,
        [file.clone(), vec![0; 9]].concat(),
        None,
    )
    .await;
    assert_eq!(too_much.status, StatusCode::PAYLOAD_TOO_LARGE);
    let as_json = f
        .inspector
        .request(Method::PATCH, &upload)
        .header("Tus-Resumable", "1.0.0")
        .header("Upload-Offset", "0")
        .header("Content-Type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(as_json.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(
        offset(&head(&f.inspector, &upload).await),
        Some(0),
        "none of that was kept"
    );
    let ended = f
        .inspector
        .request(Method::DELETE, &upload)
        .header("Tus-Resumable", "1.0.0")
        .send()
        .await
        .unwrap();
    assert_eq!(ended.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        head(&f.inspector, &upload).await.status,
        StatusCode::NOT_FOUND
    );
}

async fn only_the_author_uploads_and_only_reviewers_download_recordings(backend: Backend) {
    let f = Fixture::new(backend).await;
    let report = f.draft(f.body()).await;
    let file = media::movie(&Movie::default());
    let evidence = uuid::Uuid::new_v4().to_string();
    let meta = recording_meta(&report, &evidence);
    for someone in [
        &f.other_inspector,
        &f.unit_manager,
        &f.supervisor,
        &f.leader,
        &f.admin,
    ] {
        let refused = create(someone, file.len() as u64, &meta).await;
        assert!(
            matches!(
                refused.status,
                StatusCode::NOT_FOUND | StatusCode::FORBIDDEN
            ),
            "{}: {}",
            someone.username,
            refused.text
        );
    }
    let upload = location(&create(&f.inspector, file.len() as u64, &meta).await);
    for someone in [&f.other_inspector, &f.unit_manager, &f.supervisor, &f.admin] {
        assert_eq!(head(someone, &upload).await.status, StatusCode::NOT_FOUND);
        let sent = patch(someone, &upload, 0, file.clone(), None).await;
        assert_eq!(sent.status, StatusCode::NOT_FOUND, "{}", someone.username);
        let ended = someone
            .request(Method::DELETE, &upload)
            .header("Tus-Resumable", "1.0.0")
            .send()
            .await
            .unwrap();
        assert_eq!(
            ended.status(),
            StatusCode::NOT_FOUND,
            "{}",
            someone.username
        );
    }
    let done = patch(&f.inspector, &upload, 0, file.clone(), None).await;
    assert_eq!(done.status, StatusCode::NO_CONTENT, "{}", done.text);
    let submitted = f.action(&f.inspector, &report, "submit", None).await;
    assert_eq!(submitted.status, StatusCode::OK, "{}", submitted.text);

    let path = format!("/api/v1/recordings/{evidence}");
    let list = format!("/api/v1/reports/{report}/recordings");
    for someone in [&f.other_inspector, &f.unit_manager] {
        assert_eq!(someone.get(&list).await.status, StatusCode::NOT_FOUND);
        assert_eq!(someone.get(&path).await.status, StatusCode::NOT_FOUND);
    }
    assert_eq!(
        f.inspector.get(&list).await.body["items"][0]["location"],
        json!(null)
    );
    assert_eq!(f.inspector.get(&path).await.status, StatusCode::FORBIDDEN);
    assert_eq!(f.supervisor.get(&path).await.status, StatusCode::OK);
    assert_eq!(f.admin.get(&path).await.status, StatusCode::OK);
    let made_up = format!("/api/v1/recordings/{}", uuid::Uuid::new_v4());
    assert_eq!(
        f.supervisor.get(&made_up).await.status,
        StatusCode::NOT_FOUND
    );
}

async fn a_declared_recording_must_arrive_as_declared(backend: Backend) {
    let f = Fixture::new(backend).await;
    let report = f.draft(f.body()).await;
    let file = media::movie(&Movie::default());
    let evidence = uuid::Uuid::new_v4().to_string();
    let declared = json!({ "items": [{
        "id": evidence, "kind": "recording", "bytes": file.len(),
        "sha256": uploads::sha256_hex(&file),
    }]});
    let manifest = format!("/api/v1/reports/{report}/manifest");
    assert_eq!(
        f.inspector.put(&manifest, declared).await.status,
        StatusCode::OK
    );
    let meta = recording_meta(&report, &evidence);

    let other_length = create(&f.inspector, file.len() as u64 + 1, &meta).await;
    assert_eq!(other_length.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        other_length.body["errors"][0]["code"],
        "evidence_not_as_declared"
    );

    // The same length, other bytes: found out when the last byte arrives.
    let mut other = file.clone();
    let last = other.len() - 1;
    other[last] ^= 0xff;
    let upload = location(&create(&f.inspector, file.len() as u64, &meta).await);
    let refused = patch(&f.inspector, &upload, 0, other, None).await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.text
    );
    assert_eq!(
        refused.body["errors"][0]["code"],
        "evidence_not_as_declared"
    );
    let state = f.inspector.get(&manifest).await;
    assert_eq!(state.body["items"][0]["state"], "expected");

    let upload = location(&create(&f.inspector, file.len() as u64, &meta).await);
    let done = patch(&f.inspector, &upload, 0, file, None).await;
    assert_eq!(done.status, StatusCode::NO_CONTENT, "{}", done.text);
    let state = f.inspector.get(&manifest).await;
    assert_eq!(state.body["items"][0]["state"], "received");
}

async fn several_uploads_of_one_report_arrive_at_once(backend: Backend) {
    let f = Fixture::new(backend).await;
    let report = f.draft(f.body()).await;
    let files: Vec<Vec<u8>> = (0..4)
        .map(|i| {
            media::movie(&Movie {
                duration_ms: 10_000 + i,
                media_bytes: 300_000 + i as usize * 7,
                ..Movie::default()
            })
        })
        .collect();
    let sent = anfang_tests::at_once(files.len(), |i| {
        let (f, report, file) = (&f, &report, files[i].clone());
        async move {
            let evidence = uuid::Uuid::new_v4().to_string();
            let upload = location(
                &create(
                    &f.inspector,
                    file.len() as u64,
                    &recording_meta(report, &evidence),
                )
                .await,
            );
            resume(&f.inspector, &upload, &file, 64 << 10).await.status
        }
    })
    .await;
    assert!(
        sent.iter().all(|s| *s == StatusCode::NO_CONTENT),
        "{sent:?}"
    );
    let listed = f
        .inspector
        .get(&format!("/api/v1/reports/{report}/recordings"))
        .await;
    let mut hashes: Vec<String> = listed.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["sha256"].as_str().unwrap().to_owned())
        .collect();
    let mut expected: Vec<String> = files.iter().map(|f| uploads::sha256_hex(f)).collect();
    hashes.sort();
    expected.sort();
    assert_eq!(hashes, expected);
}

async fn a_major_is_evidenced_by_a_cited_segment_of_a_recording(backend: Backend) {
    let f = Fixture::new(backend).await;
    let evidence = uuid::Uuid::new_v4().to_string();
    let cited = |start: u32, end: u32| {
        Fixture::with_rating(
            f.body(),
            "ATT-01",
            json!({ "item_code": "ATT-01", "outcome": "major",
                    "citation": { "recording_id": evidence, "start_s": start, "end_s": end } }),
        )
    };
    let reversed = f
        .put(
            &f.inspector,
            &uuid::Uuid::new_v4().to_string(),
            cited(40, 12),
            None,
        )
        .await;
    assert_eq!(reversed.status, StatusCode::UNPROCESSABLE_ENTITY);
    let error = &reversed.body["errors"][0];
    assert!(
        error["field"].as_str().unwrap().ends_with("].citation"),
        "{}",
        reversed.text
    );
    assert_eq!(error["code"], "citation_reversed");

    // The recording is 61.5 s long: a segment past its end shows nothing.
    let report = f.draft(cited(50, 70)).await;
    let file = media::movie(&Movie::default());
    let upload = location(
        &create(
            &f.inspector,
            file.len() as u64,
            &recording_meta(&report, &evidence),
        )
        .await,
    );
    assert_eq!(
        patch(&f.inspector, &upload, 0, file, None).await.status,
        StatusCode::NO_CONTENT
    );
    let early = f.action(&f.inspector, &report, "submit", None).await;
    assert_eq!(early.code(), "report_incomplete", "{}", early.text);
    let codes: Vec<(&str, &str)> = early.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["field"].as_str().unwrap(), e["code"].as_str().unwrap()))
        .collect();
    assert!(
        codes.contains(&("ratings.ATT-01.citation", "citation_not_in_recording")),
        "{codes:?}"
    );
    assert!(
        codes.contains(&("ratings.ATT-01.note", "major_without_evidence")),
        "{codes:?}"
    );

    // Cited within it, the major needs neither a photo nor a note.
    let version = f.as_author(&report).await.headers["etag"]
        .to_str()
        .unwrap()
        .to_owned();
    let fixed = f
        .put(&f.inspector, &report, cited(12, 40), Some(&version))
        .await;
    assert_eq!(fixed.status, StatusCode::OK, "{}", fixed.text);
    let att = fixed.body["ratings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["item_code"] == "ATT-01")
        .unwrap()
        .clone();
    assert_eq!(att["citation"]["start_s"], 12);
    for (session, action, body) in [
        (&f.inspector, "submit", None),
        (&f.supervisor, "claim", None),
        (
            &f.supervisor,
            "review",
            Some(json!({ "decision": "approve" })),
        ),
        (&f.supervisor, "findings/publish", None),
    ] {
        let answer = f.action(session, &report, action, body).await;
        assert_eq!(answer.status, StatusCode::OK, "{action}: {}", answer.text);
    }
    let manager = f.manager_of_unit().await;
    let findings = manager.get("/api/v1/findings").await;
    let finding = findings.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["item_code"] == "ATT-01")
        .expect("the finding, published to its unit")
        .clone();
    assert_eq!(finding["citation"]["label"], "00:00:12–00:00:40");
    assert_eq!(finding["citation"]["recording_id"], evidence.as_str());
    let recording = manager.get(&format!("/api/v1/recordings/{evidence}")).await;
    assert_eq!(
        recording.status,
        StatusCode::NOT_FOUND,
        "the recording itself stays the bureau's"
    );
}

async fn a_supervisor_plays_a_recording_from_the_console_and_nobody_else_does(backend: Backend) {
    use anfang_tests::console::Browser;
    let f = Fixture::new(backend).await;
    let report = f.draft(f.body()).await;
    let file = media::movie(&Movie::default());
    let evidence = uuid::Uuid::new_v4().to_string();
    let upload = location(
        &create(
            &f.inspector,
            file.len() as u64,
            &recording_meta(&report, &evidence),
        )
        .await,
    );
    assert_eq!(
        patch(&f.inspector, &upload, 0, file.clone(), None)
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    let submitted = f.action(&f.inspector, &report, "submit", None).await;
    assert_eq!(submitted.status, StatusCode::OK, "{}", submitted.text);

    let supervisor = Browser::sign_in(
        &f.app.address,
        &f.supervisor.username,
        &f.supervisor.password,
    )
    .await;
    let page = supervisor.get(&format!("/console/reports/{report}")).await;
    let player =
        format!("<video controls preload=\"none\" src=\"/console/recordings/{evidence}\">");
    assert!(page.body.contains("录像 MP4 00:01:01"), "{}", page.body);
    assert!(page.body.contains(&player), "{}", page.body);
    let played = supervisor
        .get(&format!("/console/recordings/{evidence}"))
        .await;
    assert_eq!(played.status, StatusCode::OK);
    assert_eq!(played.headers["content-type"], "video/mp4");
    assert_eq!(played.headers["accept-ranges"], "bytes");
    let audit = f
        .admin
        .get(&format!(
            "/api/v1/audit?action=recording.download&target_type=recording&target_id={evidence}"
        ))
        .await;
    assert_eq!(
        audit.body["items"].as_array().map(Vec::len),
        Some(1),
        "{}",
        audit.text
    );

    let leader = Browser::sign_in(&f.app.address, &f.leader.username, &f.leader.password).await;
    let manager = f.manager_of_unit().await;
    let unit = Browser::sign_in(&f.app.address, &manager.username, &manager.password).await;
    for (who, browser) in [("leader", &leader), ("unit manager", &unit)] {
        let refused = browser
            .get(&format!("/console/recordings/{evidence}"))
            .await;
        assert_ne!(refused.status, StatusCode::OK, "{who}");
        assert!(
            !refused.body.as_bytes().starts_with(&file[..12]),
            "{who} got the bytes"
        );
    }
}

async fn voice_recordings_carry_their_length_where_their_container_gives_it(backend: Backend) {
    let f = Fixture::new(backend).await;
    let report = f.draft(f.body()).await;
    // (file, format, length in ms): a WAV's data chunk, an MP3's bitrate, an Ogg stream's
    // last granule give it; an AMR stream has no header that says it.
    let cases = [
        (media::wav(7), "wav", json!(7000)),
        (media::mp3(383), "mp3", json!(10_004)),
        (media::ogg_opus(5), "ogg", json!(5000)),
        (media::amr(250), "amr", json!(null)),
    ];
    for (file, format, length) in cases {
        let evidence = uuid::Uuid::new_v4().to_string();
        let mut meta = recording_meta(&report, &evidence);
        meta.retain(|(k, _)| *k != "filename");
        let upload = location(&create(&f.inspector, file.len() as u64, &meta).await);
        let sent = patch(&f.inspector, &upload, 0, file.clone(), None).await;
        assert_eq!(
            sent.status,
            StatusCode::NO_CONTENT,
            "{format}: {}",
            sent.text
        );
        let listed = f
            .inspector
            .get(&format!("/api/v1/reports/{report}/recordings"))
            .await;
        let recording = listed.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == evidence.as_str())
            .expect("listed")
            .clone();
        assert_eq!(recording["format"], format);
        assert_eq!(recording["media"], "audio");
        // Within the encoder's delay: symphonia counts an Opus stream's 6.5 ms pre-skip.
        match length.as_i64() {
            Some(ms) => {
                let read = recording["duration_ms"].as_i64().expect("a length");
                assert!((read - ms).abs() <= 10, "{format}: {read} ms, not {ms}");
            }
            None => assert_eq!(recording["duration_ms"], length, "{format}"),
        }
    }
}

async fn a_request_ending_on_a_parts_boundary_leaves_nothing_behind(
    backend: Backend,
    store: Store,
) {
    let f = Fixture::with_store(backend, store).await;
    let report = f.draft(f.body()).await;
    let file = media::movie(&Movie {
        media_bytes: 12 << 20,
        ..Movie::default()
    });
    let evidence = uuid::Uuid::new_v4().to_string();
    let meta = recording_meta(&report, &evidence);
    let upload = location(&create(&f.inspector, file.len() as u64, &meta).await);
    // Exactly one part (8 MiB), then the rest.
    let boundary = 8 << 20;
    let first = patch(&f.inspector, &upload, 0, file[..boundary].to_vec(), None).await;
    assert_eq!(offset(&first), Some(boundary as u64), "{}", first.text);
    assert_eq!(
        offset(&head(&f.inspector, &upload).await),
        Some(boundary as u64)
    );
    let rest = patch(
        &f.inspector,
        &upload,
        boundary as u64,
        file[boundary..].to_vec(),
        None,
    )
    .await;
    assert_eq!(rest.status, StatusCode::NO_CONTENT, "{}", rest.text);
    let submitted = f.action(&f.inspector, &report, "submit", None).await;
    assert_eq!(submitted.status, StatusCode::OK, "{}", submitted.text);
    let heard = f
        .supervisor
        .request(Method::GET, &format!("/api/v1/recordings/{evidence}"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        uploads::sha256_hex(&heard.bytes().await.unwrap()),
        uploads::sha256_hex(&file)
    );
    assert_eq!(f.app.upload_leftovers(), 0, "no empty tail, no stray part");
}
