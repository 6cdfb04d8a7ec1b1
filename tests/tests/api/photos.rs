//! Photo evidence from phones: hostile files refused with nothing stored, odd but honest ones
//! accepted, metadata read and stripped, originals kept and guarded, fraud signals raised. Each
//! test runs on both databases and on both object stores (a local directory, and a real
//! S3-protocol server).

use anfang_tests::archives::unzip;
use anfang_tests::photos::{self, Exif};
use anfang_tests::reports::Fixture;
use anfang_tests::{Backend, Store, all_stores, both_backends};
use reqwest::StatusCode;
use serde_json::json;

all_stores!(
    a_photo_is_read_made_upright_stripped_and_served_to_those_who_may_see_it,
    hostile_files_are_refused_and_nothing_is_stored,
    odd_but_honest_images_are_accepted,
    objects_no_photo_refers_to_are_swept,
    evidence_is_served_in_the_parts_a_reader_asks_for,
    a_reports_evidence_downloads_as_one_zip_with_its_manifest,
);

both_backends!(
    a_retried_upload_returns_the_same_photo,
    a_linked_photo_is_evidence_and_its_time_and_place_are_checked,
    the_same_or_a_near_identical_photo_in_another_report_is_flagged,
    a_photo_leaves_a_draft_but_not_a_submitted_report,
    with_every_decoder_busy_an_upload_is_told_to_retry_and_nothing_is_stored,
    a_capture_time_without_an_offset_is_read_in_the_bureaus_zone,
);

/// Phones write EXIF times as their clocks show them, often without an offset: the bureau's
/// zone says what they mean (here Urumqi, UTC+6).
async fn a_capture_time_without_an_offset_is_read_in_the_bureaus_zone(backend: Backend) {
    let f = Fixture::with_settings(backend, &[("TIMEZONE", "Asia/Urumqi")]).await;
    let report = f.draft(f.body()).await;
    let exif = Exif {
        taken: "2026:12:01 07:40:00",
        offset: "",
        latitude: 43.8,
        longitude: 87.6,
        orientation: 1,
    };
    let answer = photos::upload(
        &f.app,
        &f.inspector,
        &report,
        photos::with_exif(&photos::jpeg(64, 48, 2, 85), &exif),
        "image/jpeg",
        &[],
    )
    .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
    assert_eq!(answer.body["captured_at"], "2026-12-01T01:40:00Z");
}

fn taken_during_visit(f: &Fixture) -> String {
    let local = f
        .visit_ended_at
        .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap())
        - chrono::Duration::minutes(10);
    local.format("%Y:%m:%d %H:%M:%S").to_string()
}

async fn a_photo_is_read_made_upright_stripped_and_served_to_those_who_may_see_it(
    backend: Backend,
    store: Store,
) {
    let f = Fixture::with_store(backend, store).await;
    let report = f.draft(f.body()).await;
    let taken = taken_during_visit(&f);
    let exif = Exif {
        taken: Box::leak(taken.into_boxed_str()),
        offset: "+08:00",
        latitude: 30.2501,
        longitude: 120.1702,
        orientation: 6,
    };
    let original = photos::with_exif(&photos::jpeg(400, 200, 1, 90), &exif);
    let answer = photos::upload(
        &f.app,
        &f.inspector,
        &report,
        original.clone(),
        "image/jpeg",
        &[("item_code", "ENV-02"), ("caption", "大厅地面有积水")],
    )
    .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
    let photo = answer.body["id"].as_str().unwrap().to_owned();
    assert_eq!(
        (
            answer.body["width"].as_u64(),
            answer.body["height"].as_u64()
        ),
        (Some(200), Some(400)),
        "turned upright"
    );
    let sha: String = {
        use sha2::Digest;
        sha2::Sha256::digest(&original)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    };
    assert_eq!(answer.body["sha256"], sha.as_str());
    let captured: chrono::DateTime<chrono::Utc> = answer.body["captured_at"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        (captured - (f.visit_ended_at - chrono::Duration::minutes(10)))
            .num_seconds()
            .abs()
            <= 1,
        "{captured}"
    );
    assert!(
        answer.body.get("flags").is_none(),
        "inspectors are not told which check tripped"
    );
    assert_eq!(f.app.stored_objects(), 3, "original, display, thumbnail");

    for (variant, edge) in [("display", 400), ("thumb", 320)] {
        let (status, headers, bytes) =
            photos::download(&f.app, &f.inspector, &photo, variant).await;
        assert_eq!(status, 200, "{variant}");
        assert_eq!(headers["content-type"], "image/jpeg");
        assert_eq!(headers["x-content-type-options"], "nosniff");
        let disposition = headers["content-disposition"].to_str().unwrap();
        assert_eq!(
            disposition,
            format!("inline; filename=\"{photo}-{variant}.jpg\""),
            "the server's name, not the client's"
        );
        assert!(
            !bytes.windows(4).any(|w| w == b"Exif"),
            "no metadata survives in the {variant}"
        );
        let served = image::load_from_memory(&bytes).unwrap();
        assert_eq!(served.width().max(served.height()), edge);
        assert!(served.height() > served.width(), "upright");
    }
    let (status, _, _) = photos::download(&f.app, &f.inspector, &photo, "original").await;
    assert_eq!(status, 403, "the original is for supervisors and admins");
    assert_eq!(
        photos::download(&f.app, &f.other_inspector, &photo, "thumb")
            .await
            .0,
        404
    );
    assert_eq!(
        photos::download(&f.app, &f.supervisor, &photo, "thumb")
            .await
            .0,
        404,
        "a draft is its author's alone"
    );
    assert_eq!(
        photos::download(&f.app, &f.unit_manager, &photo, "thumb")
            .await
            .0,
        404
    );

    assert_eq!(
        f.action(&f.inspector, &report, "submit", None).await.status,
        StatusCode::OK
    );
    let (status, headers, bytes) =
        photos::download(&f.app, &f.supervisor, &photo, "original").await;
    assert_eq!(status, 200);
    assert_eq!(bytes, original, "the evidence exactly as uploaded");
    assert!(
        headers["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment;")
    );
    let listed = f
        .supervisor
        .get(&format!("/api/v1/reports/{report}/photos"))
        .await;
    assert_eq!(listed.body["items"][0]["item_code"], "ENV-02");
    assert_eq!(listed.body["items"][0]["flags"], json!([]));
    let audited = f.app.sql(&format!(
        "UPDATE reports SET scenario = scenario WHERE id = '{report}' AND (SELECT COUNT(*) FROM audit_log WHERE target_id = '{photo}' AND action = 'photo.original_download') = 1"
    ));
    assert_eq!(audited, Ok(1), "the original's download is audited");
}

async fn hostile_files_are_refused_and_nothing_is_stored(backend: Backend, store: Store) {
    let f = Fixture::with_store(backend, store).await;
    let report = f.draft(f.body()).await;
    let whole = photos::jpeg(300, 200, 2, 85);
    let cases: Vec<(&str, Vec<u8>, &str, u16, &str)> = vec![
        (
            "pixel flood",
            photos::pixel_flood(100_000, 100_000),
            "image/png",
            422,
            "invalid_image",
        ),
        (
            "too many pixels",
            photos::pixel_flood(8000, 8000),
            "image/png",
            422,
            "invalid_image",
        ),
        (
            "truncated JPEG",
            whole[..whole.len() / 2].to_vec(),
            "image/jpeg",
            422,
            "invalid_image",
        ),
        (
            "JPEG without its end marker",
            whole[..whole.len() - 2].to_vec(),
            "image/jpeg",
            422,
            "invalid_image",
        ),
        (
            "HEIC",
            photos::heic_header(),
            "image/heic",
            415,
            "unsupported_media_type",
        ),
        (
            "HTML",
            b"<html><script>alert(1)</script></html>".to_vec(),
            "image/jpeg",
            415,
            "unsupported_media_type",
        ),
        (
            "ZIP",
            b"PK\x03\x04\x14\0\0\0\x08\0".to_vec(),
            "application/zip",
            415,
            "unsupported_media_type",
        ),
        ("empty", Vec::new(), "image/jpeg", 422, "invalid_image"),
        (
            "a JPEG declared as PNG",
            whole.clone(),
            "image/png",
            422,
            "invalid_image",
        ),
        (
            "over 20 MiB",
            vec![0xFF; 20 * 1024 * 1024 + 1],
            "image/jpeg",
            413,
            "payload_too_large",
        ),
    ];
    for (what, bytes, declared, status, code) in cases {
        let answer = photos::upload(&f.app, &f.inspector, &report, bytes, declared, &[]).await;
        assert_eq!(
            (answer.status.as_u16(), answer.code()),
            (status, code),
            "{what}: {}",
            answer.text
        );
    }
    let heic = photos::upload(
        &f.app,
        &f.inspector,
        &report,
        photos::heic_header(),
        "image/heic",
        &[],
    )
    .await;
    let english = heic.body["errors"][0]["message"].as_str().unwrap();
    assert!(english.contains("JPEG"), "says what is accepted: {english}");
    let unknown = photos::upload(
        &f.app,
        &f.inspector,
        &report,
        whole,
        "image/jpeg",
        &[("camera", "x")],
    )
    .await;
    assert_eq!(unknown.code(), "unknown_field");
    assert_eq!(f.app.stored_objects(), 0, "nothing stored for a refusal");
    let listed = f
        .inspector
        .get(&format!("/api/v1/reports/{report}/photos"))
        .await;
    assert_eq!(listed.body["items"], json!([]));
}

async fn odd_but_honest_images_are_accepted(backend: Backend, store: Store) {
    let f = Fixture::with_store(backend, store).await;
    let report = f.draft(f.body()).await;
    let mut with_tail = photos::jpeg(320, 240, 4, 85);
    with_tail.extend_from_slice(b"PK\x03\x04<html><script>alert('x')</script></html>");
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("CMYK JPEG", photos::cmyk_jpeg(64, 48), "image/jpeg"),
        (
            "progressive JPEG",
            photos::progressive_jpeg(64, 48),
            "image/jpeg",
        ),
        ("16-bit PNG", photos::png16(40, 30), "image/png"),
        ("animated GIF", photos::animated_gif(), "image/gif"),
        (
            "WebP",
            photos::encode(
                &image::DynamicImage::ImageRgb8(photos::picture(50, 40, 5)),
                image::ImageFormat::WebP,
            ),
            "image/webp",
        ),
        (
            "malformed EXIF",
            photos::app1(
                &photos::jpeg(60, 40, 6, 85),
                b"II*\0\xff\xff\xff\xffgarbage",
            ),
            "image/jpeg",
        ),
        ("JPEG with an HTML and ZIP tail", with_tail, "image/jpeg"),
        (
            "no declared type",
            photos::jpeg(30, 30, 7, 85),
            "application/octet-stream",
        ),
    ];
    for (what, bytes, declared) in cases {
        let answer = photos::upload(&f.app, &f.inspector, &report, bytes, declared, &[]).await;
        assert_eq!(
            answer.status,
            StatusCode::CREATED,
            "{what}: {}",
            answer.text
        );
        let id = answer.body["id"].as_str().unwrap();
        for variant in ["display", "thumb"] {
            let (status, headers, served) =
                photos::download(&f.app, &f.inspector, id, variant).await;
            assert_eq!(status, 200, "{what} {variant}");
            assert_eq!(headers["content-type"], "image/jpeg");
            assert!(
                served.starts_with(&[0xFF, 0xD8]) && served.ends_with(&[0xFF, 0xD9]),
                "{what}: a clean JPEG"
            );
            assert!(
                !served.windows(6).any(|w| w == b"<html>"),
                "{what}: the tail is never served"
            );
        }
    }
    assert_eq!(f.app.stored_objects(), 8 * 3);
}

async fn objects_no_photo_refers_to_are_swept(backend: Backend, store: Store) {
    let f = Fixture::with_store(backend, store).await;
    let report = f.draft(f.body()).await;
    let kept = photos::upload(
        &f.app,
        &f.inspector,
        &report,
        photos::jpeg(40, 40, 8, 85),
        "image/jpeg",
        &[],
    )
    .await;
    assert_eq!(kept.status, StatusCode::CREATED);
    // What a crash between storing the objects and writing the row leaves behind.
    let orphan = anfang_usecases::photos::key(anfang_domain::ids::BlobId::new_random(), "original");
    f.app
        .state
        .usecases
        .storage
        .put(&orphan, bytes::Bytes::from_static(b"half an upload"))
        .await
        .unwrap();
    let orphan_rectification = anfang_usecases::rectification_photos::key(
        anfang_domain::ids::BlobId::new_random(),
        "original",
    );
    f.app
        .state
        .usecases
        .storage
        .put(
            &orphan_rectification,
            bytes::Bytes::from_static(b"half a rectification photo"),
        )
        .await
        .unwrap();
    assert_eq!(f.app.stored_objects(), 4);
    let recent = anfang_usecases::photos::sweep(&f.app.state.usecases, chrono::Duration::hours(1))
        .await
        .unwrap();
    assert_eq!(
        recent, 0,
        "an object as young as an upload in flight is left alone"
    );
    let swept = anfang_usecases::photos::sweep(&f.app.state.usecases, chrono::Duration::zero())
        .await
        .unwrap();
    assert_eq!(
        swept, 2,
        "an orphan evidence photo and an orphan rectification photo"
    );
    assert_eq!(
        f.app.stored_objects(),
        3,
        "the referenced photo's objects stay"
    );
    let id = kept.body["id"].as_str().unwrap();
    assert_eq!(
        photos::download(&f.app, &f.inspector, id, "thumb").await.0,
        200
    );
}

async fn a_retried_upload_returns_the_same_photo(backend: Backend) {
    let f = Fixture::new(backend).await;
    let report = f.draft(f.body()).await;
    let id = uuid::Uuid::new_v4().to_string();
    let bytes = photos::jpeg(80, 60, 9, 85);
    let first = photos::upload(
        &f.app,
        &f.inspector,
        &report,
        bytes.clone(),
        "image/jpeg",
        &[("photo_id", &id)],
    )
    .await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text);
    let retry = photos::upload(
        &f.app,
        &f.inspector,
        &report,
        bytes,
        "image/jpeg",
        &[("photo_id", &id)],
    )
    .await;
    assert_eq!(retry.status, StatusCode::OK);
    assert_eq!(retry.body["id"], first.body["id"]);
    let other = photos::upload(
        &f.app,
        &f.inspector,
        &report,
        photos::jpeg(80, 60, 10, 85),
        "image/jpeg",
        &[("photo_id", &id)],
    )
    .await;
    assert_eq!(
        (other.status, other.code()),
        (StatusCode::CONFLICT, "photo_conflict")
    );
    assert_eq!(f.app.stored_objects(), 3);
}

async fn a_linked_photo_is_evidence_and_its_time_and_place_are_checked(backend: Backend) {
    let f = Fixture::new(backend).await;
    let major = Fixture::with_rating(
        f.body(),
        "ENV-02",
        json!({ "item_code": "ENV-02", "outcome": "major" }),
    );
    let report = f.draft(major).await;
    let refused = f.action(&f.inspector, &report, "submit", None).await;
    assert_eq!(
        refused.body["errors"][0]["field"], "ratings.ENV-02.note",
        "no evidence yet"
    );
    // Taken the day before, 5 km away.
    let elsewhere = Exif {
        taken: "2020:01:01 09:00:00",
        offset: "+08:00",
        latitude: 30.30,
        longitude: 120.17,
        orientation: 1,
    };
    let bytes = photos::with_exif(&photos::jpeg(200, 150, 11, 85), &elsewhere);
    let answer = photos::upload(
        &f.app,
        &f.inspector,
        &report,
        bytes,
        "image/jpeg",
        &[("item_code", "ENV-02")],
    )
    .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
    let wrong = photos::upload(
        &f.app,
        &f.inspector,
        &report,
        photos::jpeg(20, 20, 1, 80),
        "image/jpeg",
        &[("item_code", "XYZ-01")],
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    let submitted = f.action(&f.inspector, &report, "submit", None).await;
    assert_eq!(
        submitted.status,
        StatusCode::OK,
        "a linked photo is evidence: {}",
        submitted.text
    );
    let seen = f.supervisor.get(&format!("/api/v1/reports/{report}")).await;
    assert_eq!(
        seen.body["flags"],
        json!(["photo_outside_visit", "photo_outside_geofence"])
    );
}

async fn the_same_or_a_near_identical_photo_in_another_report_is_flagged(backend: Backend) {
    let f = Fixture::new(backend).await;
    let original = photos::jpeg(640, 480, 12, 92);
    let first = f.draft(f.body()).await;
    assert_eq!(
        photos::upload(
            &f.app,
            &f.inspector,
            &first,
            original.clone(),
            "image/jpeg",
            &[]
        )
        .await
        .status,
        StatusCode::CREATED
    );

    let again = f.draft(f.body()).await;
    photos::upload(
        &f.app,
        &f.inspector,
        &again,
        original.clone(),
        "image/jpeg",
        &[],
    )
    .await;
    // The same scene, re-encoded smaller and at a lower quality.
    let reencoded = {
        let decoded = image::load_from_memory(&original).unwrap().resize(
            480,
            360,
            image::imageops::FilterType::Triangle,
        );
        let mut out = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 55)
            .encode_image(&decoded)
            .unwrap();
        out
    };
    let near = f.draft(f.body()).await;
    photos::upload(&f.app, &f.inspector, &near, reencoded, "image/jpeg", &[]).await;
    let different = f.draft(f.body()).await;
    photos::upload(
        &f.app,
        &f.inspector,
        &different,
        photos::other_scene(640, 480),
        "image/jpeg",
        &[],
    )
    .await;

    for report in [&again, &near, &different] {
        assert_eq!(
            f.action(&f.inspector, report, "submit", None).await.status,
            StatusCode::OK
        );
    }
    let flags = |id: &str| {
        let app = &f.app;
        let token = f.supervisor.access_token.clone();
        let path = format!("/api/v1/reports/{id}");
        async move { app.get(&path, &token).await.body["flags"].clone() }
    };
    // These photos carry no EXIF, so nothing shows when they were taken: said too.
    assert_eq!(
        flags(&again).await,
        json!(["duplicate_photo", "no_capture_metadata"])
    );
    assert_eq!(
        flags(&near).await,
        json!(["near_duplicate_photo", "no_capture_metadata"])
    );
    assert_eq!(
        flags(&different).await,
        json!(["no_capture_metadata"]),
        "a different scene is not a near duplicate"
    );
}

async fn a_photo_leaves_a_draft_but_not_a_submitted_report(backend: Backend) {
    let f = Fixture::new(backend).await;
    let report = f.draft(f.body()).await;
    let photo = photos::upload(
        &f.app,
        &f.inspector,
        &report,
        photos::jpeg(40, 30, 13, 85),
        "image/jpeg",
        &[],
    )
    .await;
    let id = photo.body["id"].as_str().unwrap();
    let other = f
        .app
        .call(
            reqwest::Method::DELETE,
            &format!("/api/v1/photos/{id}"),
            Some(&f.other_inspector.access_token),
            None,
        )
        .await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    let gone = f
        .app
        .call(
            reqwest::Method::DELETE,
            &format!("/api/v1/photos/{id}"),
            Some(&f.inspector.access_token),
            None,
        )
        .await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT);
    assert_eq!(f.app.stored_objects(), 0);
    let kept = photos::upload(
        &f.app,
        &f.inspector,
        &report,
        photos::jpeg(40, 30, 14, 85),
        "image/jpeg",
        &[],
    )
    .await;
    assert_eq!(
        f.action(&f.inspector, &report, "submit", None).await.status,
        StatusCode::OK
    );
    let id = kept.body["id"].as_str().unwrap();
    let late = f
        .app
        .call(
            reqwest::Method::DELETE,
            &format!("/api/v1/photos/{id}"),
            Some(&f.inspector.access_token),
            None,
        )
        .await;
    assert_eq!(
        late.status,
        StatusCode::CONFLICT,
        "evidence of a submitted report stays"
    );
    let late_upload = photos::upload(
        &f.app,
        &f.inspector,
        &report,
        photos::jpeg(40, 30, 15, 85),
        "image/jpeg",
        &[],
    )
    .await;
    assert_eq!(late_upload.status, StatusCode::CONFLICT);
}

/// Decoding is bounded to one photo per core; when every slot is taken the phone is told to
/// come back (503 with `Retry-After`) rather than queued, nothing is stored, and the same
/// upload retried later goes through.
async fn with_every_decoder_busy_an_upload_is_told_to_retry_and_nothing_is_stored(
    backend: Backend,
) {
    let f = Fixture::new(backend).await;
    let report = f.draft(f.body()).await;
    let slots = std::sync::Arc::clone(&f.app.state.usecases.images.slots);
    let all = u32::try_from(slots.available_permits()).unwrap();
    let busy = slots.acquire_many_owned(all).await.unwrap();
    let id = uuid::Uuid::new_v4().to_string();
    let fields = [("photo_id", id.as_str())];
    let send = || {
        photos::upload(
            &f.app,
            &f.inspector,
            &report,
            photos::jpeg(80, 60, 11, 85),
            "image/jpeg",
            &fields,
        )
    };
    // Bounded, so that an upload wrongly left waiting for a slot fails the test, not hangs it.
    let refused = tokio::time::timeout(std::time::Duration::from_secs(30), send())
        .await
        .expect("answered at once, not queued");
    assert_eq!(
        (refused.status, refused.code()),
        (StatusCode::SERVICE_UNAVAILABLE, "service_unavailable"),
        "{}",
        refused.text
    );
    assert!(refused.headers.contains_key("retry-after"));
    assert_eq!(f.app.stored_objects(), 0);

    drop(busy);
    let accepted = send().await;
    assert_eq!(accepted.status, StatusCode::CREATED, "{}", accepted.text);
}

/// A supervisor's viewer asks for a part of the evidence (`Range`), or only for its size
/// (`HEAD`); what may not be seen stays nothing, in part or whole.
async fn evidence_is_served_in_the_parts_a_reader_asks_for(backend: Backend, store: Store) {
    let f = Fixture::with_store(backend, store).await;
    let report = f.draft(f.body()).await;
    let original = photos::jpeg(320, 240, 5, 90);
    let size = original.len();
    let answer = photos::upload(
        &f.app,
        &f.inspector,
        &report,
        original.clone(),
        "image/jpeg",
        &[],
    )
    .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
    let photo = answer.body["id"].as_str().unwrap().to_owned();
    assert_eq!(
        f.action(&f.inspector, &report, "submit", None).await.status,
        StatusCode::OK
    );
    let path = f
        .app
        .url(&format!("/api/v1/photos/{photo}?variant=original"));
    let ask = |method: reqwest::Method, range: Option<&str>, token: &str| {
        let mut request = f.app.client.request(method, &path).bearer_auth(token);
        if let Some(range) = range {
            request = request.header("range", range);
        }
        async move {
            let response = request.send().await.expect("sent");
            let status = response.status();
            let headers = response.headers().clone();
            (
                status,
                headers,
                response.bytes().await.expect("a body").to_vec(),
            )
        }
    };
    let token = f.supervisor.access_token.clone();
    let header = |headers: &reqwest::header::HeaderMap, name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };

    let (status, headers, body) = ask(reqwest::Method::GET, Some("bytes=0-99"), &token).await;
    assert_eq!(status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(
        header(&headers, "content-range"),
        format!("bytes 0-99/{size}")
    );
    assert_eq!(body, original[..100]);
    let (status, _, body) = ask(reqwest::Method::GET, Some("bytes=-10"), &token).await;
    assert_eq!(status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(body, original[size - 10..], "the last ten bytes");
    let (status, headers, body) = ask(
        reqwest::Method::GET,
        Some(&format!("bytes={size}-")),
        &token,
    )
    .await;
    assert_eq!(status, StatusCode::RANGE_NOT_SATISFIABLE);
    assert_eq!(header(&headers, "content-range"), format!("bytes */{size}"));
    assert!(body.is_empty());
    let (status, headers, body) = ask(reqwest::Method::GET, Some("bytes=0-1,5-9"), &token).await;
    assert_eq!(status, StatusCode::OK, "several ranges: the whole file");
    assert_eq!(header(&headers, "accept-ranges"), "bytes");
    assert_eq!(body, original);
    let (status, headers, body) = ask(reqwest::Method::HEAD, None, &token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(header(&headers, "content-length"), size.to_string());
    assert_eq!(header(&headers, "accept-ranges"), "bytes");
    assert!(body.is_empty(), "HEAD sends no body");

    // Every request for the original is in the audit trail, parts too.
    let audited = f
        .admin
        .get(&format!(
            "/api/v1/audit?action=photo.original_download&target_id={photo}"
        ))
        .await
        .body["items"]
        .as_array()
        .map_or(0, Vec::len);
    assert_eq!(audited, 5);

    // Nothing for those who may not see it, whichever way they ask.
    let manager = f.manager_of_unit().await;
    for token in [&manager.access_token, &f.other_inspector.access_token] {
        for method in [reqwest::Method::GET, reqwest::Method::HEAD] {
            let (status, headers, _) = ask(method.clone(), Some("bytes=0-99"), token).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{method}");
            assert!(headers.get("content-range").is_none());
        }
    }
}

/// The files of a ZIP by name, read back with an independent reader.
fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A supervisor takes a report's evidence away as one file: every photo as uploaded and a
/// manifest whose hashes match what is inside; a leader gets the display copies; the unit's
/// manager gets nothing.
async fn a_reports_evidence_downloads_as_one_zip_with_its_manifest(backend: Backend, store: Store) {
    let f = Fixture::with_store(backend, store).await;
    let report = f.draft(f.body()).await;
    let mut uploaded = Vec::new();
    for (seed, item) in [(21, "ENV-02"), (22, "ATT-01")] {
        let bytes = photos::jpeg(480, 320, seed, 90);
        let answer = photos::upload(
            &f.app,
            &f.inspector,
            &report,
            bytes.clone(),
            "image/jpeg",
            &[("item_code", item)],
        )
        .await;
        assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
        uploaded.push(bytes);
    }
    assert_eq!(
        f.action(&f.inspector, &report, "submit", None).await.status,
        StatusCode::OK
    );
    let (status, kind, body) = bundle(&f, &report, &f.supervisor.access_token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(kind, "application/zip");
    let files = unzip(&body);
    assert_eq!(
        files.len(),
        3,
        "two photos and the manifest: {:?}",
        files.keys()
    );
    let manifest = String::from_utf8(files["manifest.csv"].clone()).unwrap();
    let rows: Vec<Vec<String>> = csv::Reader::from_reader(manifest.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    assert_eq!(rows.len(), 2, "{manifest}");
    for row in &rows {
        let content = &files[&row[0]];
        assert_eq!(row[1], "photo, original");
        assert_eq!(row[2], content.len().to_string());
        assert_eq!(
            row[3],
            sha256_hex(content),
            "the manifest's hash is the file's"
        );
    }
    for original in &uploaded {
        assert!(
            files.values().any(|content| content == original),
            "each photo exactly as uploaded"
        );
    }
    let audited = |action: &'static str| {
        let admin = f.admin.clone();
        async move {
            admin
                .get(&format!("/api/v1/audit?action={action}&limit=100"))
                .await
                .body["items"]
                .as_array()
                .map_or(0, Vec::len)
        }
    };
    assert_eq!(audited("report.evidence_bundle").await, 1);
    assert_eq!(audited("photo.original_download").await, 2, "each original");

    // A leader reads approved reports only; once approved, the display copies.
    assert_eq!(
        bundle(&f, &report, &f.leader.access_token).await.0,
        StatusCode::NOT_FOUND,
        "not approved yet"
    );
    for (action, body) in [
        ("claim", None),
        ("review", Some(json!({ "decision": "approve" }))),
    ] {
        let answer = f.action(&f.supervisor, &report, action, body).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    }
    let (status, _, body) = bundle(&f, &report, &f.leader.access_token).await;
    assert_eq!(status, StatusCode::OK);
    let files = unzip(&body);
    assert_eq!(files.len(), 3);
    for (name, content) in &files {
        if name != "manifest.csv" {
            assert!(name.ends_with(".jpg"));
            assert!(
                !uploaded.contains(content),
                "a leader gets the re-encoded copy, not the original"
            );
        }
    }
    assert!(
        String::from_utf8_lossy(&files["manifest.csv"]).contains("photo, display"),
        "the manifest says which"
    );
    let manager = f.manager_of_unit().await;
    for token in [&manager.access_token, &f.other_inspector.access_token] {
        assert_eq!(bundle(&f, &report, token).await.0, StatusCode::NOT_FOUND);
    }
    assert_eq!(
        audited("photo.original_download").await,
        2,
        "no more originals"
    );
}

/// `GET /reports/{id}/evidence.zip`: the status, the content type and the bytes.
async fn bundle(f: &Fixture, report: &str, token: &str) -> (StatusCode, String, Vec<u8>) {
    let response = f
        .app
        .client
        .get(f.app.url(&format!("/api/v1/reports/{report}/evidence.zip")))
        .bearer_auth(token)
        .send()
        .await
        .expect("sent");
    let status = response.status();
    let kind = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (
        status,
        kind,
        response.bytes().await.expect("a body").to_vec(),
    )
}
