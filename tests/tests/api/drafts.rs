//! An inspector may throw away a draft that should never have been started (the wrong unit, a
//! visit that fell through): it goes with its photos, and nothing else can be thrown away.

use anfang_tests::campaigns::Bureau;
use anfang_tests::photos;
use anfang_tests::reports::Fixture;
use anfang_tests::{Backend, both_backends};
use reqwest::StatusCode;
use serde_json::Value;

both_backends!(
    an_inspector_throws_away_a_draft_with_its_photos_and_may_ask_again,
    nobody_else_throws_away_a_draft_and_no_one_a_report_that_went_in,
    drafting_a_visit_and_throwing_the_draft_away_leaves_the_visit_pending,
);

async fn an_inspector_throws_away_a_draft_with_its_photos_and_may_ask_again(backend: Backend) {
    let f = Fixture::new(backend).await;
    let draft = f.draft(f.body()).await;
    let photo = photos::upload(
        &f.app,
        &f.inspector,
        &draft,
        photos::jpeg(64, 48, 7, 85),
        "image/jpeg",
        &[],
    )
    .await;
    assert_eq!(photo.status, StatusCode::CREATED, "{}", photo.text);
    let photo = photo.body["id"].as_str().unwrap().to_owned();
    let objects = f.app.stored_objects();
    assert!(objects > 0);

    let path = format!("/api/v1/reports/{draft}");
    let gone = f.inspector.delete(&path).await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT, "{}", gone.text);
    assert_eq!(f.inspector.get(&path).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        f.inspector
            .get(&format!("/api/v1/photos/{photo}?variant=thumb"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // Asked again (the phone lost the first answer): the same answer, nothing more happens.
    assert_eq!(
        f.inspector.delete(&path).await.status,
        StatusCode::NO_CONTENT
    );
    // Its objects are no longer referenced: the storage sweep takes them.
    let swept = anfang_usecases::photos::sweep(&f.app.state.usecases, chrono::Duration::zero())
        .await
        .unwrap();
    assert!(swept > 0, "the photo's objects are released");
    assert!(f.app.stored_objects() < objects);
    // The audit keeps who threw what away.
    assert_eq!(
        f.app.sql_query_one(&format!(
            "SELECT actor_id AS id FROM audit_log WHERE action = 'report.discard' AND target_id = '{draft}'"
        )),
        Some(f.inspector.user_id.clone())
    );
    // An id that never was is not found, even for an inspector.
    let never = format!("/api/v1/reports/{}", uuid::Uuid::new_v4());
    assert_eq!(
        f.inspector.delete(&never).await.status,
        StatusCode::NOT_FOUND
    );
}

async fn nobody_else_throws_away_a_draft_and_no_one_a_report_that_went_in(backend: Backend) {
    let f = Fixture::new(backend).await;
    let draft = f.draft(f.body()).await;
    let path = format!("/api/v1/reports/{draft}");
    let manager = f.manager_of_unit().await;
    for (who, expected) in [
        (&f.other_inspector, StatusCode::NOT_FOUND),
        (&manager, StatusCode::NOT_FOUND),
        (&f.unit_manager, StatusCode::NOT_FOUND),
        (&f.supervisor, StatusCode::FORBIDDEN),
        (&f.leader, StatusCode::FORBIDDEN),
        (&f.admin, StatusCode::FORBIDDEN),
    ] {
        assert_eq!(who.delete(&path).await.status, expected, "{}", who.username);
    }
    let (before, ..) = f.snapshot(&draft).await;
    assert_eq!(before["status"], "draft", "the draft is still there");
    // Another inspector asking twice still learns nothing.
    assert_eq!(
        f.other_inspector.delete(&path).await.status,
        StatusCode::NOT_FOUND
    );

    let submitted = f.submitted().await;
    let path = format!("/api/v1/reports/{submitted}");
    let refused = f.inspector.delete(&path).await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.text);
    assert_eq!(f.inspector.get(&path).await.body["status"], "submitted");
}

fn status_of(list: &Value, visit: &str) -> String {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == visit)
        .map(|a| a["status"].as_str().unwrap().to_owned())
        .unwrap()
}

async fn drafting_a_visit_and_throwing_the_draft_away_leaves_the_visit_pending(backend: Backend) {
    let b = Bureau::new(backend).await;
    let (_, draw) = b.active_campaign().await;
    let visit = &draw["assignments"][0];
    let visit_id = visit["id"].as_str().unwrap();
    let author = b.inspector(visit["inspector_ids"][0].as_str().unwrap());
    let report = uuid::Uuid::new_v4().to_string();
    let put = b.put_report(author, &report, b.report_body(visit)).await;
    assert_eq!(put.status, StatusCode::CREATED, "{}", put.text);
    let list = b.supervisor.get("/api/v1/assignments?limit=100").await;
    assert_eq!(status_of(&list.body, visit_id), "visited");

    let gone = author.delete(&format!("/api/v1/reports/{report}")).await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT, "{}", gone.text);
    let list = b.supervisor.get("/api/v1/assignments?limit=100").await;
    assert_eq!(
        status_of(&list.body, visit_id),
        "pending",
        "the visit is still to be made"
    );
}
