//! Phones sync over weak networks: an answer they already hold is not sent again (`ETag`,
//! `If-None-Match`, 304), a published checklist version says it never changes, and JSON
//! travels compressed as the client asks (gzip or brotli), while evidence goes as stored.

use std::io::Read;

use anfang_tests::media::{self, Movie};
use anfang_tests::reports::Fixture;
use anfang_tests::uploads::{create, location, patch};
use anfang_tests::{Backend, Session, both_backends};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

both_backends!(
    an_answer_the_phone_holds_is_not_sent_again,
    a_reports_tag_still_serves_if_match,
    json_is_compressed_as_asked_and_evidence_never,
);

async fn get(session: &Session, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
    let mut request = session.request(Method::GET, path);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.expect("sent")
}

fn header(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

async fn an_answer_the_phone_holds_is_not_sent_again(backend: Backend) {
    let f = Fixture::new(backend).await;
    let units = "/api/v1/units?limit=100";
    let first = get(&f.inspector, units, &[]).await;
    assert_eq!(first.status(), StatusCode::OK);
    let tag = header(&first, "etag");
    assert!(tag.starts_with('"') && tag.len() > 2, "a strong tag: {tag}");
    assert_eq!(header(&first, "cache-control"), "private, no-cache");

    let again = get(&f.inspector, units, &[("If-None-Match", &tag)]).await;
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(header(&again, "etag"), tag);
    assert!(
        again.bytes().await.unwrap().is_empty(),
        "nothing sent again"
    );
    let weak = format!("\"other\", W/{tag}");
    let again = get(&f.inspector, units, &[("If-None-Match", &weak)]).await;
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);

    // The unit is renamed: the list the phone holds is stale and comes again, in full.
    let renamed = f
        .admin
        .patch(
            &format!("/api/v1/units/{}", f.unit_id),
            json!({ "name": "西湖区人力社保局服务大厅（新址）" }),
        )
        .await;
    assert_eq!(renamed.status, StatusCode::OK, "{}", renamed.text);
    let changed = get(&f.inspector, units, &[("If-None-Match", &tag)]).await;
    assert_eq!(changed.status(), StatusCode::OK);
    assert_ne!(header(&changed, "etag"), tag);
    let body: Value = changed.json().await.unwrap();
    assert!(body.to_string().contains("（新址）"));

    // A published checklist version never changes; the current one may.
    let current = get(&f.inspector, "/api/v1/checklists/current", &[]).await;
    assert_eq!(header(&current, "cache-control"), "private, no-cache");
    let version = get(
        &f.inspector,
        &format!("/api/v1/checklists/{}", f.checklist_id()),
        &[],
    )
    .await;
    assert_eq!(
        header(&version, "cache-control"),
        "private, max-age=31536000, immutable"
    );
    assert!(!header(&version, "etag").is_empty());

    // Refusals carry no tag, and a tag never turns a refusal into a 304.
    let missing = format!("/api/v1/reports/{}", uuid::Uuid::new_v4());
    let refused = get(&f.inspector, &missing, &[("If-None-Match", "*")]).await;
    assert_eq!(refused.status(), StatusCode::NOT_FOUND);
    assert!(header(&refused, "etag").is_empty());
    // A tag names one viewer's answer: another inspector who holds it is sent their own.
    f.draft(f.body()).await;
    let mine = get(&f.inspector, "/api/v1/reports", &[]).await;
    let theirs = get(
        &f.other_inspector,
        "/api/v1/reports",
        &[("If-None-Match", &header(&mine, "etag"))],
    )
    .await;
    assert_eq!(theirs.status(), StatusCode::OK);
    assert_eq!(theirs.json::<Value>().await.unwrap()["items"], json!([]));
}

async fn a_reports_tag_still_serves_if_match(backend: Backend) {
    let f = Fixture::new(backend).await;
    let report = f.draft(f.body()).await;
    let path = format!("/api/v1/reports/{report}");
    let read = get(&f.inspector, &path, &[]).await;
    let tag = header(&read, "etag");
    assert!(tag.starts_with("\"1-"), "the version first: {tag}");
    let unchanged = get(&f.inspector, &path, &[("If-None-Match", &tag)]).await;
    assert_eq!(unchanged.status(), StatusCode::NOT_MODIFIED);

    let mut body = f.body();
    body["narrative"] = json!("窗口人员态度尚可");
    let put = |body: &Value| {
        f.inspector
            .request(Method::PUT, &path)
            .header("If-Match", &tag)
            .json(body)
            .send()
    };
    let updated = put(&body).await.unwrap();
    assert_eq!(
        updated.status(),
        StatusCode::OK,
        "a GET's tag is an If-Match"
    );
    body["narrative"] = json!("窗口人员态度冷淡");
    let stale = put(&body).await.unwrap();
    assert_eq!(stale.status(), StatusCode::PRECONDITION_FAILED);
    let fresh = get(&f.inspector, &path, &[("If-None-Match", &tag)]).await;
    assert_eq!(fresh.status(), StatusCode::OK);
    assert!(header(&fresh, "etag").starts_with("\"2-"));
}

async fn json_is_compressed_as_asked_and_evidence_never(backend: Backend) {
    let f = Fixture::new(backend).await;
    let units = "/api/v1/units?limit=100";
    let plain = get(&f.inspector, units, &[]).await;
    assert_eq!(header(&plain, "content-encoding"), "");
    let plain_tag = header(&plain, "etag");
    let plain = plain.bytes().await.unwrap();

    let gzipped = get(&f.inspector, units, &[("Accept-Encoding", "gzip")]).await;
    assert_eq!(header(&gzipped, "content-encoding"), "gzip");
    assert!(header(&gzipped, "vary").contains("accept-encoding"));
    assert_eq!(
        header(&gzipped, "etag"),
        plain_tag,
        "one tag for every coding"
    );
    let wire = gzipped.bytes().await.unwrap();
    let mut inflated = Vec::new();
    flate2::read::GzDecoder::new(&wire[..])
        .read_to_end(&mut inflated)
        .unwrap();
    assert_eq!(inflated, plain.to_vec());
    assert!(
        wire.len() < plain.len(),
        "{} of {}",
        wire.len(),
        plain.len()
    );

    let brotli = get(&f.inspector, units, &[("Accept-Encoding", "br")]).await;
    assert_eq!(header(&brotli, "content-encoding"), "br");
    let wire = brotli.bytes().await.unwrap();
    let mut inflated = Vec::new();
    brotli_decompressor::Decompressor::new(&wire[..], 4096)
        .read_to_end(&mut inflated)
        .unwrap();
    assert_eq!(inflated, plain.to_vec());

    // Evidence: a photo and a recording go as stored, whatever the client accepts.
    let report = f.draft(f.body()).await;
    let photo = anfang_tests::photos::upload(
        &f.app,
        &f.inspector,
        &report,
        anfang_tests::photos::jpeg(640, 480, 9, 90),
        "image/jpeg",
        &[],
    )
    .await;
    assert_eq!(photo.status, StatusCode::CREATED, "{}", photo.text);
    let movie = media::movie(&Movie::default());
    let evidence = uuid::Uuid::new_v4().to_string();
    let meta = [
        ("report_id", report.as_str()),
        ("kind", "recording"),
        ("evidence_id", evidence.as_str()),
    ];
    let upload = location(&create(&f.inspector, movie.len() as u64, &meta).await);
    assert_eq!(
        patch(&f.inspector, &upload, 0, movie.clone(), None)
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    let submitted = f.action(&f.inspector, &report, "submit", None).await;
    assert_eq!(submitted.status, StatusCode::OK, "{}", submitted.text);
    let any = [("Accept-Encoding", "br, gzip, deflate")];
    let photo_id = photo.body["id"].as_str().unwrap();
    for path in [
        format!("/api/v1/photos/{photo_id}?variant=original"),
        format!("/api/v1/photos/{photo_id}?variant=display"),
        format!("/api/v1/recordings/{evidence}"),
        format!("/api/v1/reports/{report}/evidence.zip"),
    ] {
        let answer = get(&f.supervisor, &path, &any).await;
        assert_eq!(answer.status(), StatusCode::OK, "{path}");
        assert_eq!(header(&answer, "content-encoding"), "", "{path}");
    }
    let sought = get(
        &f.supervisor,
        &format!("/api/v1/recordings/{evidence}"),
        &[any[0], ("Range", "bytes=0-99")],
    )
    .await;
    assert_eq!(sought.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(header(&sought, "content-encoding"), "");
    assert_eq!(sought.bytes().await.unwrap().as_ref(), &movie[..100]);
}
