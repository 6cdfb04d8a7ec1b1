//! Review health: supervisors see how long each report has waited in the queue, marked once it
//! waits longer than the bureau's setting, and can check the checkers per inspector.

use anfang_tests::reports::Fixture;
use anfang_tests::{Backend, both_backends};
use reqwest::StatusCode;
use serde_json::{Value, json};

both_backends!(
    a_report_waiting_too_long_is_marked_in_the_queue,
    inspector_statistics_count_each_inspectors_reports_returns_rejections_flags_and_overturns,
);

fn line<'a>(list: &'a Value, id: &str) -> &'a Value {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap()
}

async fn a_report_waiting_too_long_is_marked_in_the_queue(backend: Backend) {
    let f = Fixture::new(backend).await;
    let fresh = f.submitted().await;
    let old = f.submitted().await;
    let long_ago = (chrono::Utc::now() - chrono::Duration::hours(50))
        .format("%Y-%m-%d %H:%M:%S")
        .to_string();
    f.app
        .sql(&format!(
            "UPDATE reports SET queued_at = '{long_ago}' WHERE id = '{old}'"
        ))
        .unwrap();

    let queue = f.supervisor.get("/api/v1/reports?status=submitted").await;
    assert_eq!(queue.status, StatusCode::OK, "{}", queue.text);
    assert_eq!(line(&queue.body, &fresh)["waiting"]["hours"], 0);
    assert_eq!(line(&queue.body, &fresh)["waiting"]["too_long"], false);
    assert_eq!(line(&queue.body, &old)["waiting"]["hours"], 50);
    assert_eq!(
        line(&queue.body, &old)["waiting"]["too_long"],
        true,
        "48 hours by default"
    );

    let changed = f
        .admin
        .patch("/api/v1/settings", json!({ "review_wait_alert_hours": 72 }))
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.text);
    assert_eq!(changed.body["review_wait_alert_hours"], 72);
    let queue = f.supervisor.get("/api/v1/reports?status=submitted").await;
    assert_eq!(line(&queue.body, &old)["waiting"]["too_long"], false);

    // The author sees the report, not the queue's bookkeeping.
    let own = f.inspector.get("/api/v1/reports").await;
    assert!(line(&own.body, &old).get("waiting").is_none());
    let refused = f
        .admin
        .patch("/api/v1/settings", json!({ "review_wait_alert_hours": 0 }))
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
}

async fn inspector_statistics_count_each_inspectors_reports_returns_rejections_flags_and_overturns(
    backend: Backend,
) {
    let f = Fixture::new(backend).await;
    let step = |who, id: String, action: &'static str, body: Option<Value>| {
        let f = &f;
        async move {
            let answer = f.action(who, &id, action, body).await;
            assert_eq!(answer.status, StatusCode::OK, "{action}: {}", answer.text);
        }
    };
    // The inspector's first report is returned once, then approved; one of its findings is
    // overturned on appeal.
    let returned = f.claimed().await;
    let back = json!({ "decision": "return", "comment": "请补充取号凭证" });
    step(&f.supervisor, returned.clone(), "review", Some(back)).await;
    step(&f.inspector, returned.clone(), "submit", None).await;
    step(&f.supervisor, returned.clone(), "claim", None).await;
    step(
        &f.supervisor,
        returned.clone(),
        "review",
        Some(json!({ "decision": "approve" })),
    )
    .await;
    let findings = f.published_findings().await;
    let manager = f.manager_of_unit().await;
    let appeal = format!("/api/v1/findings/{}/appeal", findings[0]);
    assert_eq!(
        manager
            .post(&appeal, json!({ "reason": "当日系统故障，已有记录" }))
            .await
            .status,
        StatusCode::OK
    );
    let decided = f
        .other_supervisor
        .post(
            &format!("/api/v1/findings/{}/appeal-decision", findings[0]),
            json!({ "decision": "overturn" }),
        )
        .await;
    assert_eq!(decided.status, StatusCode::OK, "{}", decided.text);
    // And one is rejected.
    let rejected = f.claimed().await;
    step(
        &f.supervisor,
        rejected,
        "review",
        Some(json!({ "decision": "reject", "comment": "不实" })),
    )
    .await;
    // The other inspector's one report is flagged: its visit is shorter than the bureau allows.
    let flagged = f
        .admin
        .patch("/api/v1/settings", json!({ "min_visit_minutes": 30 }))
        .await;
    assert_eq!(flagged.status, StatusCode::OK);
    let theirs = uuid::Uuid::new_v4().to_string();
    let put = f.put(&f.other_inspector, &theirs, f.body(), None).await;
    assert_eq!(put.status, StatusCode::CREATED, "{}", put.text);
    step(&f.other_inspector, theirs, "submit", None).await;

    let stats = f
        .supervisor
        .get("/api/v1/stats?from=2020-01-01&to=2099-12-31&group_by=inspector")
        .await;
    assert_eq!(stats.status, StatusCode::OK, "{}", stats.text);
    let group = |id: &str| {
        stats.body["groups"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["key"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("{id} in {}", stats.text))
    };
    let mine = group(&f.inspector.user_id);
    // published_findings approves one more report of the inspector's.
    assert_eq!(
        mine["checks"],
        json!({ "reports": 3, "returned": 1, "rejected": 1, "flagged": 0, "overturned": 1 })
    );
    assert!(!mine["name"].as_str().unwrap().is_empty());
    assert_ne!(mine["name"], mine["key"], "named by display name");
    let theirs = group(&f.other_inspector.user_id);
    assert_eq!(
        theirs["checks"],
        json!({ "reports": 1, "returned": 0, "rejected": 0, "flagged": 1, "overturned": 0 })
    );

    // The review office checks its checkers; the leadership's dashboard and the rest do not.
    for who in [&f.leader, &f.inspector, &f.unit_manager, &manager] {
        let refused = who
            .get("/api/v1/stats?from=2020-01-01&to=2099-12-31&group_by=inspector")
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", who.username);
    }
    assert_eq!(
        f.admin
            .get("/api/v1/stats?from=2020-01-01&to=2099-12-31&group_by=inspector")
            .await
            .status,
        StatusCode::OK
    );
}
