//! What the unit is told: enough to put a finding right (the item in both languages, the
//! inspector's note, the photos of the problem, the day) and nothing that would name the
//! inspector or the visit's minute, nor any of the phone's metadata.

use std::collections::BTreeSet;

use anfang_tests::photos::{self, Exif};
use anfang_tests::reports::Fixture;
use anfang_tests::{Backend, both_backends};
use chrono::FixedOffset;
use reqwest::StatusCode;
use serde_json::{Value, json};

both_backends!(
    a_unit_manager_reads_what_to_put_right_and_nothing_more,
    evidence_is_shown_only_for_its_own_finding_and_never_as_the_original,
);

/// Exactly the fields a unit's manager is shown of a finding.
const UNIT_MANAGER_FIELDS: [&str; 22] = [
    "id",
    "report_id",
    "unit_id",
    "unit",
    "item_code",
    "item",
    "severity",
    "critical",
    "status",
    "deadline",
    "repeat",
    "visit_date",
    "note",
    // Which seconds of a recording show the problem; the recording itself stays the bureau's.
    "citation",
    "evidence",
    "published_at",
    "rectification",
    "rectified_at",
    "verdict_comment",
    "appeal",
    "closed_out",
    "created_at",
];

const NOTE: &str = "工作人员当面呵斥群众，拒绝解答";

/// A published report with an ATT-01 major, its photo linked (taken with GPS on), and a second
/// photo linked to nothing; returns (report, linked photo, unlinked photo).
async fn published_with_evidence(f: &Fixture) -> (String, String, String) {
    let body = Fixture::with_rating(
        f.body(),
        "ATT-01",
        json!({ "item_code": "ATT-01", "outcome": "major", "note": NOTE }),
    );
    let report = f.draft(body).await;
    let exif = Exif {
        taken: "2026:11:30 10:00:00",
        offset: "+08:00",
        latitude: 30.2501,
        longitude: 120.1702,
        orientation: 1,
    };
    let mut uploaded = Vec::new();
    for (seed, fields) in [(11, vec![("item_code", "ATT-01")]), (12, vec![])] {
        let answer = photos::upload(
            &f.app,
            &f.inspector,
            &report,
            photos::with_exif(&photos::jpeg(640, 480, seed, 85), &exif),
            "image/jpeg",
            &fields,
        )
        .await;
        assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
        uploaded.push(answer.body["id"].as_str().unwrap().to_owned());
    }
    for (who, action, body) in [
        (&f.inspector, "submit", None),
        (&f.supervisor, "claim", None),
        (
            &f.supervisor,
            "review",
            Some(json!({ "decision": "approve" })),
        ),
        (&f.supervisor, "findings/publish", None),
    ] {
        let answer = f.action(who, &report, action, body).await;
        assert_eq!(answer.status, StatusCode::OK, "{action}: {}", answer.text);
    }
    let unlinked = uploaded.pop().unwrap();
    (report, uploaded.pop().unwrap(), unlinked)
}

fn of_item<'a>(list: &'a Value, item: &str) -> &'a Value {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["item_code"] == item)
        .unwrap()
}

async fn a_unit_manager_reads_what_to_put_right_and_nothing_more(backend: Backend) {
    let f = Fixture::new(backend).await;
    let (_, linked, _) = published_with_evidence(&f).await;
    let manager = f.manager_of_unit().await;

    let list = manager.get("/api/v1/findings").await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text);
    let finding = of_item(&list.body, "ATT-01");
    let shown: BTreeSet<&str> = finding
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let allowed = BTreeSet::from(UNIT_MANAGER_FIELDS);
    assert_eq!(shown, allowed, "the unit sees exactly the allowed fields");
    assert_eq!(
        finding["item"],
        json!({
            "title": "生冷硬顶横",
            "title_en": "Cold or harsh attitude",
            "dimension": "ATT",
            "dimension_name": "服务态度",
            "dimension_name_en": "Service attitude",
        })
    );
    assert_eq!(
        finding["unit"],
        Fixture::unit_by_name(),
        "its own unit, by name"
    );
    assert_eq!(finding["note"], NOTE);
    assert_eq!(finding["severity"], "major");
    let beijing = FixedOffset::east_opt(8 * 3600).unwrap();
    let visit_start = f.visit_ended_at - chrono::Duration::minutes(25);
    assert_eq!(
        finding["visit_date"],
        visit_start.with_timezone(&beijing).date_naive().to_string()
    );
    let evidence = finding["evidence"].as_array().unwrap();
    assert_eq!(evidence.len(), 1, "only the photo linked to the item");
    assert_eq!(evidence[0]["photo_id"], linked.as_str());
    assert_eq!(
        evidence[0].as_object().unwrap().keys().collect::<Vec<_>>(),
        ["display_url", "photo_id", "thumb_url"]
    );
    // The same view one finding at a time.
    let one = manager
        .get(&format!(
            "/api/v1/findings/{}",
            finding["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(&one.body, finding);

    // The unit opens the photo at both sizes: a plain JPEG, the phone's metadata gone.
    for key in ["thumb_url", "display_url"] {
        let url = evidence[0][key].as_str().unwrap();
        let image = f
            .app
            .client
            .get(f.app.url(url))
            .bearer_auth(&manager.access_token)
            .send()
            .await
            .unwrap();
        assert_eq!(image.status(), StatusCode::OK, "{url}");
        assert_eq!(image.headers()["content-type"], "image/jpeg");
        let bytes = image.bytes().await.unwrap();
        assert!(bytes.starts_with(&[0xFF, 0xD8]), "{url}");
        assert!(
            !bytes.windows(4).any(|w| w == b"Exif"),
            "{url}: no EXIF (place, time, device)"
        );
    }

    // The bureau sees when exactly the visit was; the unit does not.
    let supervisor_view = f.supervisor.get("/api/v1/findings").await;
    let theirs = of_item(&supervisor_view.body, "ATT-01");
    let exact: chrono::DateTime<chrono::Utc> =
        theirs["visit_at"].as_str().unwrap().parse().unwrap();
    assert!((exact - visit_start).abs() < chrono::Duration::milliseconds(1));
    assert!(finding.get("visit_at").is_none());
}

async fn evidence_is_shown_only_for_its_own_finding_and_never_as_the_original(backend: Backend) {
    let f = Fixture::new(backend).await;
    let (report, linked, unlinked) = published_with_evidence(&f).await;
    let manager = f.manager_of_unit().await;
    let list = manager.get("/api/v1/findings").await;
    let att = of_item(&list.body, "ATT-01")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let other_item = list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["item_code"] != "ATT-01")
        .map(|x| x["id"].as_str().unwrap().to_owned());
    let path = |finding: &str, photo: &str| format!("/api/v1/findings/{finding}/evidence/{photo}");

    assert_eq!(
        manager.get(&path(&att, &linked)).await.status,
        StatusCode::OK
    );
    // The original (with the phone's metadata) is not among the sizes offered.
    let original = manager
        .get(&format!("{}?variant=original", path(&att, &linked)))
        .await;
    assert_eq!(
        original.status,
        StatusCode::BAD_REQUEST,
        "{}",
        original.text
    );
    assert_eq!(original.body["errors"][0]["field"], "variant");
    // A photo not linked to the item, or the item's photo under another finding: as never was.
    assert_eq!(
        manager.get(&path(&att, &unlinked)).await.status,
        StatusCode::NOT_FOUND
    );
    if let Some(other) = other_item {
        assert_eq!(
            manager.get(&path(&other, &linked)).await.status,
            StatusCode::NOT_FOUND
        );
    }
    let made_up = uuid::Uuid::new_v4().to_string();
    assert_eq!(
        manager.get(&path(&att, &made_up)).await.status,
        StatusCode::NOT_FOUND
    );
    // Nobody without the finding sees its evidence: another unit, an inspector.
    for who in [&f.unit_manager, &f.inspector] {
        assert_eq!(
            who.get(&path(&att, &linked)).await.status,
            StatusCode::NOT_FOUND,
            "{}",
            who.username
        );
    }
    // The report itself stays closed to the unit.
    assert_eq!(
        manager
            .get(&format!("/api/v1/reports/{report}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        manager
            .get(&format!("/api/v1/photos/{linked}?variant=thumb"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // The bureau opens it too.
    assert_eq!(
        f.supervisor.get(&path(&att, &linked)).await.status,
        StatusCode::OK
    );
}
