//! The tunable rules: read by supervisors, changed by admins, used at once.

use anfang_tests::reports::Fixture;
use anfang_tests::{Backend, both_backends};
use reqwest::StatusCode;
use serde_json::json;

both_backends!(
    an_admin_tunes_the_rules_and_they_apply_at_once,
    only_admins_change_the_rules
);

async fn an_admin_tunes_the_rules_and_they_apply_at_once(backend: Backend) {
    let f = Fixture::new(backend).await;
    let defaults = f.supervisor.get("/api/v1/settings").await;
    assert_eq!(
        defaults.body,
        json!({ "min_visit_minutes": 2, "max_visit_minutes": 480, "late_submission_hours": 72, "clock_skew_minutes": 10, "review_lease_minutes": 30,
                "major_deadline_days": 7, "minor_deadline_days": 30, "notice_min_inspections": 2,
                "review_wait_alert_hours": 48 })
    );
    let changed = f
        .admin
        .patch(
            "/api/v1/settings",
            json!({ "review_lease_minutes": 45, "min_visit_minutes": 30 }),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.text);
    assert_eq!(changed.body["review_lease_minutes"], 45);

    let id = f.claimed().await;
    let report = f.supervisor.get(&format!("/api/v1/reports/{id}")).await;
    let expires: chrono::DateTime<chrono::Utc> = report.body["lease"]["expires_at"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((44..=45).contains(&(expires - chrono::Utc::now()).num_minutes()));
    assert_eq!(
        report.body["flags"],
        json!(["implausible_duration"]),
        "a 25-minute visit is now too short"
    );

    for bad in [
        json!({ "review_lease_minutes": 0 }),
        json!({ "min_visit_minutes": 600, "max_visit_minutes": 60 }),
    ] {
        let answer = f.admin.patch("/api/v1/settings", bad).await;
        assert_eq!(
            answer.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            answer.text
        );
    }
    assert_eq!(
        f.admin.get("/api/v1/settings").await.body["review_lease_minutes"],
        45
    );
}

async fn only_admins_change_the_rules(backend: Backend) {
    let f = Fixture::new(backend).await;
    for session in [&f.supervisor, &f.inspector, &f.leader, &f.unit_manager] {
        let answer = session
            .patch("/api/v1/settings", json!({ "review_lease_minutes": 1 }))
            .await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN);
    }
    for session in [&f.inspector, &f.leader, &f.unit_manager] {
        assert_eq!(
            session.get("/api/v1/settings").await.status,
            StatusCode::FORBIDDEN
        );
    }
    assert_eq!(
        f.admin.get("/api/v1/settings").await.body["review_lease_minutes"],
        30
    );
}
