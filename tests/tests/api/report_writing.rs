//! Inspectors write reports from phones that lose answers: retries never duplicate, stale
//! writes are refused, and everything the server computes stays the server's.

use anfang_tests::reports::Fixture;
use anfang_tests::{Backend, both_backends};
use reqwest::StatusCode;
use serde_json::json;

both_backends!(
    a_phone_creates_a_report_with_its_own_id_and_a_retry_changes_nothing,
    changing_a_draft_needs_its_current_etag,
    a_submitted_report_no_longer_changes,
    the_server_scores_and_grades_the_report,
    each_bad_rating_or_visit_is_named,
    the_servers_own_fields_are_refused,
    a_report_needs_every_required_item_and_evidence_for_majors_before_submission,
    visit_times_raise_integrity_flags_for_reviewers_only,
);

async fn a_phone_creates_a_report_with_its_own_id_and_a_retry_changes_nothing(backend: Backend) {
    let f = Fixture::new(backend).await;
    let id = uuid::Uuid::new_v4().to_string();
    let first = f.put(&f.inspector, &id, f.body(), None).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text);
    assert_eq!(first.headers["etag"], "\"1\"");
    assert_eq!(first.body["id"], id.as_str());
    assert_eq!(first.body["status"], "draft");
    assert_eq!(first.body["inspector_id"], f.inspector.user_id.as_str());

    // The answer was lost; the phone sends the same thing again.
    let retry = f.put(&f.inspector, &id, f.body(), None).await;
    assert_eq!(retry.status, StatusCode::OK);
    assert_eq!(retry.headers["etag"], "\"1\"");
    assert_eq!(retry.body, first.body);
    let history = f
        .inspector
        .get(&format!("/api/v1/reports/{id}/history"))
        .await;
    assert_eq!(
        history.body["items"].as_array().unwrap().len(),
        1,
        "one report, created once"
    );
    let list = f.inspector.get("/api/v1/reports").await;
    assert_eq!(list.body["items"].as_array().unwrap().len(), 1);
}

async fn changing_a_draft_needs_its_current_etag(backend: Backend) {
    let f = Fixture::new(backend).await;
    let id = f.draft(f.body()).await;
    let mut changed = f.body();
    changed["scenario"] = json!("咨询工伤认定材料");

    let missing = f.put(&f.inspector, &id, changed.clone(), None).await;
    assert_eq!(missing.status, StatusCode::PRECONDITION_REQUIRED);
    assert_eq!(missing.code(), "precondition_required");
    let stale = f
        .put(&f.inspector, &id, changed.clone(), Some("\"7\""))
        .await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(
        f.as_author(&id).await.body["scenario"],
        "咨询失业保险金申领条件",
        "refused writes change nothing"
    );

    let updated = f
        .put(&f.inspector, &id, changed.clone(), Some("\"1\""))
        .await;
    assert_eq!(updated.status, StatusCode::OK, "{}", updated.text);
    assert_eq!(updated.headers["etag"], "\"2\"");
    assert_eq!(updated.body["scenario"], "咨询工伤认定材料");
    let again = f.put(&f.inspector, &id, changed, Some("\"1\"")).await;
    assert_eq!(
        again.status,
        StatusCode::OK,
        "the same content again is a no-op, whatever the tag"
    );
    assert_eq!(again.body["version"], 2);
}

async fn a_submitted_report_no_longer_changes(backend: Backend) {
    let f = Fixture::new(backend).await;
    let id = f.submitted().await;
    let before = f.as_author(&id).await.body;
    let mut changed = f.body();
    changed["narrative"] = json!("改过的叙述");
    let answer = f
        .put(
            &f.inspector,
            &id,
            changed,
            Some(&format!("\"{}\"", before["version"])),
        )
        .await;
    assert_eq!(answer.status, StatusCode::CONFLICT);
    assert_eq!(answer.code(), "report_not_editable");
    // A late retry of the very first PUT still answers calmly.
    let retry = f.put(&f.inspector, &id, f.body(), None).await;
    assert_eq!(retry.status, StatusCode::OK);
    assert_eq!(f.as_author(&id).await.body, before);
}

async fn the_server_scores_and_grades_the_report(backend: Backend) {
    let f = Fixture::new(backend).await;
    let clean = f
        .inspector
        .get(&format!("/api/v1/reports/{}", f.draft(f.body()).await))
        .await;
    assert_eq!(
        (clean.body["score"].as_f64(), clean.body["grade"].as_str()),
        (Some(100.0), Some("excellent"))
    );

    // ATT-01 major (10), PRC-07 waited 20 minutes: minor (6 / 2 = 3), ENV-01 minor (3 / 2 = 1.5), ATT-05 na.
    let mut body = Fixture::with_rating(
        f.body(),
        "ATT-01",
        json!({ "item_code": "ATT-01", "outcome": "major", "note": "工作人员当面呵斥群众，拒绝解答" }),
    );
    body = Fixture::with_rating(
        body,
        "PRC-07",
        json!({ "item_code": "PRC-07", "value": 20 }),
    );
    body = Fixture::with_rating(
        body,
        "ENV-01",
        json!({ "item_code": "ENV-01", "outcome": "minor" }),
    );
    body = Fixture::with_rating(
        body,
        "ATT-05",
        json!({ "item_code": "ATT-05", "outcome": "na" }),
    );
    let id = f.draft(body).await;
    let report = f.as_author(&id).await.body;
    assert_eq!(report["score"], 85.5);
    assert_eq!(report["grade"], "good");
    let prc07 = report["ratings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["item_code"] == "PRC-07")
        .unwrap();
    assert_eq!(prc07["outcome"], "minor", "derived from the thresholds");

    let critical = Fixture::with_rating(
        f.body(),
        "DSC-04",
        json!({ "item_code": "DSC-04", "outcome": "major", "note": "窗口人员索要购物卡后才办理" }),
    );
    let id = f.draft(critical).await;
    let report = f.as_author(&id).await.body;
    assert_eq!(
        (
            report["score"].as_f64(),
            report["grade"].as_str(),
            report["critical_failure"].as_bool()
        ),
        (Some(0.0), Some("fail"), Some(true))
    );

    let unanswered = Fixture::with_rating(
        f.body(),
        "DIG-01",
        json!({ "item_code": "DIG-01", "unanswered": true, "note": "连续拨打三次均无人接听" }),
    );
    let id = f.draft(unanswered).await;
    assert_eq!(
        f.as_author(&id).await.body["score"],
        94.0,
        "an unanswered hotline call is major"
    );
}

async fn each_bad_rating_or_visit_is_named(backend: Backend) {
    let f = Fixture::new(backend).await;
    let now = chrono::Utc::now();
    let hotline = {
        let mut b = f.body();
        b["unit_id"] = json!(f.hotline_id);
        b["ratings"] = json!(f.clean_ratings("HOT"));
        b
    };
    let cases = vec![
        (
            Fixture::with_rating(
                f.body(),
                "XYZ",
                json!({ "item_code": "CMP-09", "outcome": "ok" }),
            ),
            "ratings[last].item_code",
        ),
        (
            Fixture::with_rating(
                hotline,
                "ENV-01",
                json!({ "item_code": "ENV-01", "outcome": "ok" }),
            ),
            "ratings[last].item_code",
        ),
        (
            Fixture::with_rating(
                f.body(),
                "PRC-07",
                json!({ "item_code": "PRC-07", "outcome": "major" }),
            ),
            "ratings[last].outcome",
        ),
        (
            Fixture::with_rating(
                f.body(),
                "ATT-01",
                json!({ "item_code": "ATT-01", "outcome": "ok", "value": 3 }),
            ),
            "ratings[last].value",
        ),
        (
            Fixture::with_rating(f.body(), "ATT-01", json!({ "item_code": "ATT-01" })),
            "ratings[last].outcome",
        ),
        (
            Fixture::with_rating(
                f.body(),
                "PRC-07",
                json!({ "item_code": "PRC-07", "value": -5 }),
            ),
            "ratings[last].value",
        ),
        (
            Fixture::with_rating(
                f.body(),
                "ATT-01",
                json!({ "item_code": "ATT 01", "outcome": "ok" }),
            ),
            "ratings[last].item_code",
        ),
        (
            {
                let mut b = f.body();
                b["visit_ended_at"] = json!((now - chrono::Duration::days(1)).to_rfc3339());
                b
            },
            "visit_ended_at",
        ),
        (
            {
                let mut b = f.body();
                b["visit_started_at"] = json!((now + chrono::Duration::hours(1)).to_rfc3339());
                b["visit_ended_at"] = json!((now + chrono::Duration::hours(2)).to_rfc3339());
                b
            },
            "visit_ended_at",
        ),
        (
            {
                let mut b = f.body();
                b["unit_id"] = json!(uuid::Uuid::new_v4());
                b
            },
            "unit_id",
        ),
        (
            {
                let mut b = f.body();
                b["checklist_id"] = json!(uuid::Uuid::new_v4());
                b
            },
            "checklist_id",
        ),
        (
            {
                let mut b = f.body();
                b["scenario"] = json!(" ");
                b
            },
            "scenario",
        ),
        (
            {
                let mut b = f.body();
                b["location"]["latitude"] = json!(123.0);
                b
            },
            "location",
        ),
    ];
    for (body, field) in cases {
        // A replaced rating is pushed last: name it by its position.
        let last = body["ratings"].as_array().unwrap().len() - 1;
        let field = field.replace("ratings[last]", &format!("ratings[{last}]"));
        let field = field.as_str();
        let id = uuid::Uuid::new_v4().to_string();
        let answer = f.put(&f.inspector, &id, body, None).await;
        assert_eq!(
            answer.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field}: {}",
            answer.text
        );
        assert_eq!(answer.body["errors"][0]["field"], field, "{}", answer.text);
        assert_eq!(
            f.as_author(&id).await.status,
            StatusCode::NOT_FOUND,
            "nothing stored for {field}"
        );
    }
    let duplicate = {
        let mut b = f.body();
        b["ratings"]
            .as_array_mut()
            .unwrap()
            .push(json!({ "item_code": "ATT-01", "outcome": "major" }));
        b
    };
    let answer = f
        .put(
            &f.inspector,
            &uuid::Uuid::new_v4().to_string(),
            duplicate,
            None,
        )
        .await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(answer.body["errors"][0]["field"], "ratings[29].item_code");
}

async fn the_servers_own_fields_are_refused(backend: Backend) {
    let f = Fixture::new(backend).await;
    for field in [
        "score",
        "grade",
        "status",
        "inspector_id",
        "reviewer_id",
        "flags",
        "version",
    ] {
        let mut body = f.body();
        body[field] = json!(if field == "score" {
            json!(100)
        } else {
            json!("x")
        });
        let id = uuid::Uuid::new_v4().to_string();
        let answer = f.put(&f.inspector, &id, body, None).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{field}");
        assert_eq!(answer.code(), "unknown_field");
        assert_eq!(answer.body["errors"][0]["field"], field);
        assert_eq!(f.as_author(&id).await.status, StatusCode::NOT_FOUND);
    }
}

async fn a_report_needs_every_required_item_and_evidence_for_majors_before_submission(
    backend: Backend,
) {
    let f = Fixture::new(backend).await;
    let mut body = f.body();
    body["ratings"]
        .as_array_mut()
        .unwrap()
        .retain(|r| r["item_code"] != "CMP-02" && r["item_code"] != "ENV-06");
    body = Fixture::with_rating(
        body,
        "ATT-02",
        json!({ "item_code": "ATT-02", "outcome": "major", "note": "推诿" }),
    );
    let id = f.draft(body.clone()).await;

    let answer = f.action(&f.inspector, &id, "submit", None).await;
    assert_eq!(
        answer.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        answer.text
    );
    assert_eq!(answer.code(), "report_incomplete");
    let fields: Vec<&str> = answer.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        ["ratings.CMP-02", "ratings.ENV-06", "ratings.ATT-02.note"]
    );
    assert_eq!(f.as_author(&id).await.body["status"], "draft");

    let complete = Fixture::with_rating(
        f.body(),
        "ATT-02",
        json!({ "item_code": "ATT-02", "outcome": "major", "note": "窗口人员称此事归社区管，让群众自行去问" }),
    );
    let updated = f.put(&f.inspector, &id, complete, Some("\"1\"")).await;
    assert_eq!(updated.status, StatusCode::OK, "{}", updated.text);
    let answer = f.action(&f.inspector, &id, "submit", None).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    assert_eq!(answer.body["status"], "submitted");
}

async fn visit_times_raise_integrity_flags_for_reviewers_only(backend: Backend) {
    let f = Fixture::new(backend).await;
    let ended = chrono::Utc::now() - chrono::Duration::hours(80);
    let mut body = f.body();
    body["visit_started_at"] = json!((ended - chrono::Duration::seconds(40)).to_rfc3339());
    body["visit_ended_at"] = json!(ended.to_rfc3339());
    let id = f.draft(body).await;
    assert_eq!(
        f.action(&f.inspector, &id, "submit", None).await.status,
        StatusCode::OK
    );
    let seen = f.supervisor.get(&format!("/api/v1/reports/{id}")).await;
    assert_eq!(
        seen.body["flags"],
        json!(["implausible_duration", "late_submission"])
    );
    let own = f.as_author(&id).await;
    assert!(
        own.body.get("flags").is_none(),
        "inspectors are not told which check tripped"
    );
    let flagged = f.supervisor.get("/api/v1/reports?flagged=true").await;
    assert_eq!(flagged.body["items"][0]["id"], id.as_str());
    let clean = f.supervisor.get("/api/v1/reports?flagged=false").await;
    assert_eq!(clean.body["items"], json!([]));
}
