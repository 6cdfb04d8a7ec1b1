//! A phone with a wrong clock cannot fake a visit window: the server keeps its own time of
//! arrival beside the phone's, reads the phone's clock from its `Date` header, and flags the
//! report `device_clock_skew` when the two are further apart than the bureau's setting.

use anfang_tests::photos::{self, Exif};
use anfang_tests::reports::Fixture;
use anfang_tests::{Backend, Session, both_backends};
use chrono::{Duration, Utc};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

both_backends!(
    a_report_sent_from_a_phone_whose_clock_is_far_off_is_flagged,
    a_photo_keeps_the_phones_clock_beside_the_servers,
);

fn http_date(offset: Duration) -> String {
    (Utc::now() + offset)
        .format("%a, %d %b %Y %H:%M:%S GMT")
        .to_string()
}

async fn submit_with_clock(f: &Fixture, report: &str, clock: Option<Duration>) -> Value {
    let mut request = f
        .inspector
        .request(Method::POST, &format!("/api/v1/reports/{report}/submit"));
    if let Some(offset) = clock {
        request = request.header("Date", http_date(offset));
    }
    let answer = request.json(&json!({})).send().await.unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let seen = f.supervisor.get(&format!("/api/v1/reports/{report}")).await;
    seen.body["flags"].clone()
}

fn skewed(flags: &Value) -> bool {
    flags
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f == "device_clock_skew")
}

async fn a_report_sent_from_a_phone_whose_clock_is_far_off_is_flagged(backend: Backend) {
    let f = Fixture::new(backend).await;
    for (clock, flagged) in [
        (None, false),
        (Some(Duration::minutes(3)), false),
        (Some(Duration::hours(-2)), true),
        (Some(Duration::minutes(45)), true),
    ] {
        let report = f.draft(f.body()).await;
        let flags = submit_with_clock(&f, &report, clock).await;
        assert_eq!(skewed(&flags), flagged, "{clock:?}: {flags}");
    }
    // The bureau widens the tolerance: two hours off is within it.
    let widened = f
        .admin
        .patch("/api/v1/settings", json!({ "clock_skew_minutes": 180 }))
        .await;
    assert_eq!(widened.status, StatusCode::OK, "{}", widened.text);
    let report = f.draft(f.body()).await;
    let flags = submit_with_clock(&f, &report, Some(Duration::hours(-2))).await;
    assert!(!skewed(&flags), "{flags}");
    // A Date that is no date says nothing about the clock, and is no reason to refuse.
    let report = f.draft(f.body()).await;
    let answer = f
        .inspector
        .request(Method::POST, &format!("/api/v1/reports/{report}/submit"))
        .header("Date", "yesterday")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
}

/// Uploads a photo from a phone whose clock says it is a day earlier than it is.
async fn upload_a_day_behind(who: &Session, report: &str, photo: Vec<u8>) -> Value {
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(photo)
            .file_name("queue.jpg")
            .mime_str("image/jpeg")
            .unwrap(),
    );
    let answer = who
        .request(Method::POST, &format!("/api/v1/reports/{report}/photos"))
        .header("Date", http_date(Duration::days(-1)))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::CREATED);
    answer.json().await.unwrap()
}

async fn a_photo_keeps_the_phones_clock_beside_the_servers(backend: Backend) {
    let f = Fixture::new(backend).await;
    let report = f.draft(f.body()).await;
    // The camera dated the photo within the visit; the phone's clock said it was a day ago.
    let taken = (Utc::now() - Duration::hours(2) - Duration::minutes(10))
        .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap());
    let taken = taken.format("%Y:%m:%d %H:%M:%S").to_string();
    let exif = Exif {
        taken: &taken,
        offset: "+08:00",
        latitude: 30.2501,
        longitude: 120.1702,
        orientation: 1,
    };
    let photo = photos::with_exif(&photos::jpeg(640, 480, 31, 85), &exif);
    let uploaded = upload_a_day_behind(&f.inspector, &report, photo).await;
    assert!(
        uploaded.get("device_clock_offset_s").is_none(),
        "the inspector is not shown the reviewers' detail"
    );
    let received: chrono::DateTime<Utc> = uploaded["created_at"].as_str().unwrap().parse().unwrap();
    assert!(
        (Utc::now() - received).num_minutes().abs() < 5,
        "the server's own time"
    );

    let flags = submit_with_clock(&f, &report, None).await;
    assert!(skewed(&flags), "the photo's Date was a day off: {flags}");
    let listed = f
        .supervisor
        .get(&format!("/api/v1/reports/{report}/photos"))
        .await;
    let offset = listed.body["items"][0]["device_clock_offset_s"]
        .as_i64()
        .expect("the reviewer sees the phone's clock");
    assert!((offset + 86_400).abs() < 300, "{offset}");
}
