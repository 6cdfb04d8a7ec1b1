//! Approved reports leave findings; the unit sees them once published, rectifies them, and may
//! appeal once to a supervisor who did not approve the report.

use anfang_tests::reports::Fixture;
use anfang_tests::{Backend, Session, both_backends};
use reqwest::StatusCode;
use serde_json::{Value, json};

both_backends!(
    approving_a_report_creates_one_finding_per_problem_with_deadlines_and_repeats,
    the_unit_sees_nothing_before_publication_and_only_its_own_after,
    a_rectification_is_verified_or_sent_back,
    one_appeal_decided_by_a_supervisor_who_did_not_approve_the_report,
);

async fn manager_of_unit(f: &Fixture) -> Session {
    let body = json!({ "username": "emp-manager", "password": "pass-word-2026", "display_name": "窗口负责人",
                       "role": "unit_manager", "unit_id": f.unit_id });
    assert_eq!(
        f.app
            .post("/api/v1/users", &f.admin.access_token, body)
            .await
            .status,
        StatusCode::CREATED
    );
    f.app.login("emp-manager", "pass-word-2026").await
}

/// A report with ATT-01 major, PRC-07 waited 20 minutes (minor) and ENV-01 minor, approved;
/// its visit `minutes_later` than the fixture's.
async fn approved_with_problems(f: &Fixture) -> String {
    approved_with_problems_at(f, 0).await
}

async fn approved_with_problems_at(f: &Fixture, minutes_later: i64) -> String {
    let mut visit = f.body();
    for field in ["visit_started_at", "visit_ended_at"] {
        let at: chrono::DateTime<chrono::Utc> = visit[field].as_str().unwrap().parse().unwrap();
        visit[field] = json!((at + chrono::Duration::minutes(minutes_later)).to_rfc3339());
    }
    let mut body = Fixture::with_rating(
        visit,
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
    let id = f.draft(body).await;
    assert_eq!(
        f.action(&f.inspector, &id, "submit", None).await.status,
        StatusCode::OK
    );
    assert_eq!(
        f.action(&f.supervisor, &id, "claim", None).await.status,
        StatusCode::OK
    );
    let approved = f
        .action(
            &f.supervisor,
            &id,
            "review",
            Some(json!({ "decision": "approve" })),
        )
        .await;
    assert_eq!(approved.status, StatusCode::OK, "{}", approved.text);
    id
}

fn of_report<'a>(list: &'a Value, report: &str) -> Vec<&'a Value> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["report_id"] == report)
        .collect()
}

async fn approving_a_report_creates_one_finding_per_problem_with_deadlines_and_repeats(
    backend: Backend,
) {
    let f = Fixture::new(backend).await;
    let report = approved_with_problems(&f).await;
    let approved_at: chrono::DateTime<chrono::Utc> = f
        .app
        .get(
            &format!("/api/v1/reports/{report}"),
            &f.supervisor.access_token,
        )
        .await
        .body["decided_at"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let list = f
        .app
        .get("/api/v1/findings", &f.supervisor.access_token)
        .await;
    let found = of_report(&list.body, &report);
    let summary: Vec<(&str, &str, bool)> = found
        .iter()
        .map(|x| {
            (
                x["item_code"].as_str().unwrap(),
                x["severity"].as_str().unwrap(),
                x["repeat"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("ATT-01", "major", false),
            ("PRC-07", "minor", false),
            ("ENV-01", "minor", false)
        ]
    );
    for finding in &found {
        let deadline: chrono::DateTime<chrono::Utc> =
            finding["deadline"].as_str().unwrap().parse().unwrap();
        let days = if finding["severity"] == "major" {
            7
        } else {
            30
        };
        assert_eq!(
            deadline,
            approved_at + chrono::Duration::days(days),
            "{}",
            finding["item_code"]
        );
        assert_eq!(finding["status"], "open");
        assert_eq!(finding["unit_id"], f.unit_id.as_str());
    }

    let again = approved_with_problems_at(&f, 60).await;
    let list = f
        .app
        .get("/api/v1/findings", &f.supervisor.access_token)
        .await;
    assert!(
        of_report(&list.body, &again)
            .iter()
            .all(|x| x["repeat"] == true),
        "the same items at the same unit within 90 days"
    );
    let clean = f.approved().await;
    assert!(
        of_report(
            &f.app
                .get("/api/v1/findings", &f.supervisor.access_token)
                .await
                .body,
            &clean
        )
        .is_empty()
    );
}

async fn the_unit_sees_nothing_before_publication_and_only_its_own_after(backend: Backend) {
    let f = Fixture::new(backend).await;
    let manager = manager_of_unit(&f).await;
    let empty = f.app.get("/api/v1/findings", &manager.access_token).await;
    let report = approved_with_problems(&f).await;
    let list = f
        .app
        .get("/api/v1/findings", &f.supervisor.access_token)
        .await;
    let finding = of_report(&list.body, &report)[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let before = f.app.get("/api/v1/findings", &manager.access_token).await;
    assert_eq!(
        (before.status, &before.text),
        (empty.status, &empty.text),
        "nothing before publication"
    );
    let real = f
        .app
        .get(
            &format!("/api/v1/findings/{finding}"),
            &manager.access_token,
        )
        .await;
    let fake = f
        .app
        .get(
            &format!("/api/v1/findings/{}", uuid::Uuid::new_v4()),
            &manager.access_token,
        )
        .await;
    assert_eq!((real.status, real.text), (fake.status, fake.text));
    let early = f
        .app
        .post(
            &format!("/api/v1/findings/{finding}/rectification"),
            &manager.access_token,
            json!({ "text": "已整改" }),
        )
        .await;
    assert_eq!(early.status, StatusCode::NOT_FOUND);
    assert_eq!(
        f.app
            .post(
                &format!("/api/v1/findings/{finding}/publish"),
                &manager.access_token,
                json!({})
            )
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    let published = f
        .app
        .post(
            &format!("/api/v1/findings/{finding}/publish"),
            &f.supervisor.access_token,
            json!({}),
        )
        .await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.text);
    let mine = f.app.get("/api/v1/findings", &manager.access_token).await;
    let ids: Vec<&str> = mine.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [finding.as_str()],
        "exactly the published finding of its own unit"
    );
    let other = f
        .app
        .get("/api/v1/findings", &f.unit_manager.access_token)
        .await;
    assert_eq!(
        other.body["items"],
        json!([]),
        "another unit's manager sees nothing"
    );
    assert_eq!(
        f.app
            .get(
                &format!("/api/v1/findings/{finding}"),
                &f.unit_manager.access_token
            )
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        f.app
            .get("/api/v1/findings", &f.inspector.access_token)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        f.app
            .get(&format!("/api/v1/reports/{report}"), &manager.access_token)
            .await
            .status,
        StatusCode::NOT_FOUND,
        "reports stay hidden"
    );
}

async fn a_rectification_is_verified_or_sent_back(backend: Backend) {
    let f = Fixture::new(backend).await;
    let manager = manager_of_unit(&f).await;
    let report = approved_with_problems(&f).await;
    let list = f
        .app
        .get("/api/v1/findings", &f.supervisor.access_token)
        .await;
    let id = of_report(&list.body, &report)[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = |step: &str| format!("/api/v1/findings/{id}/{step}");
    f.app
        .post(&path("publish"), &f.supervisor.access_token, json!({}))
        .await;

    let premature = f
        .app
        .post(
            &path("verify"),
            &f.supervisor.access_token,
            json!({ "decision": "verify" }),
        )
        .await;
    assert_eq!(
        premature.status,
        StatusCode::CONFLICT,
        "nothing to verify yet"
    );
    let rectified = f
        .app
        .post(
            &path("rectification"),
            &manager.access_token,
            json!({ "text": "已对窗口人员进行批评教育并组织服务规范培训。" }),
        )
        .await;
    assert_eq!(rectified.status, StatusCode::OK, "{}", rectified.text);
    assert_eq!(rectified.body["status"], "rectified");
    let back = f
        .app
        .post(
            &path("verify"),
            &f.supervisor.access_token,
            json!({ "decision": "send_back", "comment": "请补充培训签到表" }),
        )
        .await;
    assert_eq!(back.body["status"], "rectifying");
    assert_eq!(back.body["verdict_comment"], "请补充培训签到表");
    f.app
        .post(
            &path("rectification"),
            &manager.access_token,
            json!({ "text": "已补充培训签到表。" }),
        )
        .await;
    let verified = f
        .app
        .post(
            &path("verify"),
            &f.supervisor.access_token,
            json!({ "decision": "verify" }),
        )
        .await;
    assert_eq!(verified.body["status"], "verified");
    let late = f
        .app
        .post(
            &path("rectification"),
            &manager.access_token,
            json!({ "text": "再次整改" }),
        )
        .await;
    assert_eq!(late.status, StatusCode::CONFLICT, "verified is final");
    for (who, step, body) in [
        (&f.leader, "verify", json!({ "decision": "verify" })),
        (&manager, "verify", json!({ "decision": "verify" })),
        (
            &f.supervisor,
            "rectification",
            json!({ "text": "代为整改" }),
        ),
    ] {
        assert_eq!(
            f.app
                .post(&path(step), &who.access_token, body)
                .await
                .status,
            StatusCode::FORBIDDEN,
            "{step}"
        );
    }
    assert_eq!(
        f.app
            .get(&format!("/api/v1/findings/{id}"), &f.leader.access_token)
            .await
            .status,
        StatusCode::OK,
        "leaders read"
    );
}

async fn one_appeal_decided_by_a_supervisor_who_did_not_approve_the_report(backend: Backend) {
    let f = Fixture::new(backend).await;
    let manager = manager_of_unit(&f).await;
    let report = approved_with_problems(&f).await;
    let list = f
        .app
        .get("/api/v1/findings", &f.supervisor.access_token)
        .await;
    let id = of_report(&list.body, &report)[1]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = |step: &str| format!("/api/v1/findings/{id}/{step}");
    f.app
        .post(&path("publish"), &f.supervisor.access_token, json!({}))
        .await;

    let appealed = f
        .app
        .post(
            &path("appeal"),
            &manager.access_token,
            json!({ "reason": "当日系统故障导致排队，非窗口人员原因，附系统故障通报。" }),
        )
        .await;
    assert_eq!(appealed.status, StatusCode::OK, "{}", appealed.text);
    assert!(appealed.body["appeal"]["filed_at"].as_str().is_some());
    let twice = f
        .app
        .post(
            &path("appeal"),
            &manager.access_token,
            json!({ "reason": "再次申诉" }),
        )
        .await;
    assert_eq!(
        (twice.status, twice.code()),
        (StatusCode::CONFLICT, "appeal_exists")
    );
    let own = f
        .app
        .post(
            &path("appeal-decision"),
            &f.supervisor.access_token,
            json!({ "decision": "overturn" }),
        )
        .await;
    assert_eq!(
        own.status,
        StatusCode::FORBIDDEN,
        "the report's reviewer does not judge the appeal"
    );
    let decided = f
        .app
        .post(
            &path("appeal-decision"),
            &f.other_supervisor.access_token,
            json!({ "decision": "overturn", "comment": "经核实属系统故障" }),
        )
        .await;
    assert_eq!(decided.status, StatusCode::OK, "{}", decided.text);
    assert_eq!(decided.body["status"], "overturned");
    assert_eq!(decided.body["appeal"]["decision"], "overturn");
    let again = f
        .app
        .post(
            &path("appeal-decision"),
            &f.other_supervisor.access_token,
            json!({ "decision": "uphold" }),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "decided once");
}
