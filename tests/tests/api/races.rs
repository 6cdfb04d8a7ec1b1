//! Steps that read a thing, decide by the rules and write it back, sent at the same moment:
//! exactly one of a pair that excludes each other goes through, and what is stored agrees
//! with the answers. Each request waits at a barrier so that they really overlap.

use anfang_tests::campaigns::Bureau;
use anfang_tests::reports::Fixture;
use anfang_tests::{Answer, Backend, Session, at_once, both_backends, statuses};
use reqwest::StatusCode;
use serde_json::{Value, json};

both_backends!(
    a_finding_appealed_many_times_at_once_has_one_appeal,
    two_supervisors_deciding_one_appeal_at_once_decide_it_once,
    a_rectification_sent_many_times_at_once_is_taken_once,
    a_verification_and_a_send_back_at_once_settle_the_finding_one_way,
    a_redraw_racing_a_report_never_leaves_the_report_naming_a_lost_visit,
    wrong_passwords_sent_in_parallel_cannot_outrun_the_limit,
    two_uploads_under_one_photo_id_store_the_bytes_of_the_one_that_won,
);

async fn step(session: &Session, finding: &str, step: &str, body: Value) -> Answer {
    session
        .post(&format!("/api/v1/findings/{finding}/{step}"), body)
        .await
}

fn audited(f: &Fixture, action: &str, target: &str) -> usize {
    f.app
        .sql_query_one(&format!(
            "SELECT CAST(COUNT(*) AS TEXT) AS id FROM audit_log \
             WHERE action = '{action}' AND target_id = '{target}'"
        ))
        .and_then(|n| n.parse().ok())
        .unwrap_or(usize::MAX)
}

async fn finding(f: &Fixture, id: &str) -> Value {
    f.supervisor
        .get(&format!("/api/v1/findings/{id}"))
        .await
        .body
}

async fn a_finding_appealed_many_times_at_once_has_one_appeal(backend: Backend) {
    let f = Fixture::new(backend).await;
    let manager = f.manager_of_unit().await;
    f.app.open_connections(8).await;
    // Each round a finding of its own: the interleaving differs from one to the next.
    for id in f.published_findings().await {
        appealed_at_once(&f, &manager, &id).await;
    }
    for id in f.published_findings().await {
        appealed_at_once(&f, &manager, &id).await;
    }
}

async fn appealed_at_once(f: &Fixture, manager: &Session, id: &str) {
    let answers = at_once(8, |i| {
        step(
            manager,
            id,
            "appeal",
            json!({ "reason": format!("第{i}次申诉：当日系统故障，非窗口人员原因。") }),
        )
    })
    .await;
    assert_eq!(statuses(&answers), [200, 409, 409, 409, 409, 409, 409, 409]);
    assert!(
        answers
            .iter()
            .filter(|a| a.status == StatusCode::CONFLICT)
            .all(|a| a.code() == "appeal_exists")
    );
    let won = answers.iter().find(|a| a.status == StatusCode::OK).unwrap();
    assert_eq!(audited(f, "finding.appeal", id), 1);
    assert_eq!(
        finding(f, id).await["appeal"]["reason"],
        won.body["appeal"]["reason"],
        "the stored reason is the accepted one"
    );
}

async fn two_supervisors_deciding_one_appeal_at_once_decide_it_once(backend: Backend) {
    let f = Fixture::new(backend).await;
    let manager = f.manager_of_unit().await;
    let id = f.published_findings().await.remove(0);
    let appealed = step(&manager, &id, "appeal", json!({ "reason": "系统故障所致" })).await;
    assert_eq!(appealed.status, StatusCode::OK, "{}", appealed.text);
    // Neither approved the report: both may decide the appeal, one way or the other.
    let judges = [(&f.other_supervisor, "uphold"), (&f.admin, "overturn")];
    f.app.open_connections(2).await;
    let answers = at_once(2, |i| {
        step(
            judges[i].0,
            &id,
            "appeal-decision",
            json!({ "decision": judges[i].1 }),
        )
    })
    .await;
    assert_eq!(statuses(&answers), [200, 409], "{answers:?}");
    let won = answers.iter().find(|a| a.status == StatusCode::OK).unwrap();
    let stored = finding(&f, &id).await;
    assert_eq!(stored["status"], won.body["status"]);
    assert_eq!(stored["appeal"]["decision"], won.body["appeal"]["decision"]);
    assert_eq!(audited(&f, "finding.appeal_decision", &id), 1);
    // The report counts as the finding stands: rescored without ATT-01 (10 points off 88.5)
    // if and only if the finding was overturned; in half points, as stored.
    let report = stored["report_id"].as_str().unwrap();
    let standing = f.app.sql_query_one(&format!(
        "SELECT CAST(COALESCE(standing_score_half, 0) AS TEXT) AS id FROM reports WHERE id = '{report}'"
    ));
    let overturned = stored["status"] == "overturned";
    let expected = if overturned { "197" } else { "0" };
    assert_eq!(standing.as_deref(), Some(expected));
}

async fn a_rectification_sent_many_times_at_once_is_taken_once(backend: Backend) {
    let f = Fixture::new(backend).await;
    let manager = f.manager_of_unit().await;
    f.app.open_connections(6).await;
    for _ in 0..2 {
        for id in f.published_findings().await {
            rectified_at_once(&f, &manager, &id).await;
        }
    }
}

async fn rectified_at_once(f: &Fixture, manager: &Session, id: &str) {
    let answers = at_once(6, |i| {
        step(
            manager,
            id,
            "rectification",
            json!({ "text": format!("已对窗口人员进行第{i}次批评教育并调整岗位。") }),
        )
    })
    .await;
    assert_eq!(statuses(&answers), [200, 409, 409, 409, 409, 409]);
    assert_eq!(audited(f, "finding.rectify", id), 1);
    let won = answers.iter().find(|a| a.status == StatusCode::OK).unwrap();
    assert_eq!(
        finding(f, id).await["rectification"]["text"],
        won.body["rectification"]["text"]
    );
}

async fn a_verification_and_a_send_back_at_once_settle_the_finding_one_way(backend: Backend) {
    let f = Fixture::new(backend).await;
    let manager = f.manager_of_unit().await;
    for _ in 0..2 {
        for id in f.published_findings().await {
            verdicts_at_once(&f, &manager, &id).await;
        }
    }
}

async fn verdicts_at_once(f: &Fixture, manager: &Session, id: &str) {
    let rectified = step(
        manager,
        id,
        "rectification",
        json!({ "text": "已整改，附培训记录。" }),
    )
    .await;
    assert_eq!(rectified.status, StatusCode::OK, "{}", rectified.text);
    let verdicts = [
        (&f.supervisor, "verify"),
        (&f.other_supervisor, "send_back"),
    ];
    f.app.open_connections(2).await;
    let answers = at_once(2, |i| {
        step(
            verdicts[i].0,
            id,
            "verify",
            json!({ "decision": verdicts[i].1, "comment": "核验意见" }),
        )
    })
    .await;
    assert_eq!(statuses(&answers), [200, 409], "{answers:?}");
    let won = answers.iter().find(|a| a.status == StatusCode::OK).unwrap();
    assert_eq!(finding(f, id).await["status"], won.body["status"]);
    assert_eq!(audited(f, "finding.verify", id), 1);
}

async fn a_redraw_racing_a_report_never_leaves_the_report_naming_a_lost_visit(backend: Backend) {
    let b = Bureau::new(backend).await;
    let (campaign, draw) = b.active_campaign().await;
    // Several rounds: the interleaving differs from one to the next.
    let mut visits = draw["assignments"].as_array().unwrap().clone();
    for round in 0..4 {
        let visit = visits[0].clone();
        let author = b.inspector(visit["inspector_ids"][0].as_str().unwrap());
        let report_id = uuid::Uuid::new_v4().to_string();
        let (report, redraw) = tokio::join!(
            async {
                tokio::task::yield_now().await;
                b.put_report(author, &report_id, b.report_body(&visit))
                    .await
            },
            b.draw(
                &campaign,
                json!({ "seed": 100 + round, "units_per_type": 1, "team_size": 2 })
            ),
        );
        let named = b
            .app
            .sql_query_one(&format!(
                "SELECT CAST(COUNT(*) AS TEXT) AS id FROM reports r JOIN assignments a \
                 ON a.id = r.assignment_id WHERE r.id = '{report_id}'"
            ))
            .unwrap();
        match (report.status.as_u16(), redraw.status.as_u16()) {
            (201, 409) => {
                assert_eq!(redraw.code(), "draw_locked");
                assert_eq!(named, "1", "the report's visit still exists");
                return;
            }
            (422, 200) => {
                assert_eq!(named, "0");
                visits = redraw.body["assignments"].as_array().unwrap().clone();
            }
            (201, 200) => panic!("round {round}: a report and the redraw that removed its visit"),
            other => panic!(
                "round {round}: {other:?}: {} / {}",
                report.text, redraw.text
            ),
        }
    }
}

async fn wrong_passwords_sent_in_parallel_cannot_outrun_the_limit(backend: Backend) {
    let f = Fixture::new(backend).await;
    f.app.open_connections(40).await;
    let answers = at_once(40, |_| {
        f.app
            .login_answer(&f.inspector.username, "wrong-password-1")
    })
    .await;
    let checked = answers
        .iter()
        .filter(|a| a.status == StatusCode::UNAUTHORIZED)
        .count();
    let refused = answers
        .iter()
        .filter(|a| a.status == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!((checked, refused), (5, 35), "five of forty are checked");
    let right = f
        .app
        .login_answer(&f.inspector.username, &f.inspector.password)
        .await;
    assert_eq!(right.status, StatusCode::TOO_MANY_REQUESTS, "still locked");
}

async fn two_uploads_under_one_photo_id_store_the_bytes_of_the_one_that_won(backend: Backend) {
    use anfang_tests::photos::{jpeg, upload};
    use sha2::Digest;
    let f = Fixture::new(backend).await;
    let report = f.draft(f.body()).await;
    for round in 0..4u32 {
        let photo_id = uuid::Uuid::new_v4().to_string();
        let files = [
            jpeg(640, 480, round * 2, 85),
            jpeg(640, 480, round * 2 + 1, 85),
        ];
        let fields = [("photo_id", photo_id.as_str())];
        f.app.open_connections(2).await;
        let answers = at_once(2, |i| {
            upload(
                &f.app,
                &f.inspector,
                &report,
                files[i].clone(),
                "image/jpeg",
                &fields,
            )
        })
        .await;
        assert_eq!(statuses(&answers), [201, 409], "{answers:?}");
        let won = answers
            .iter()
            .find(|a| a.status == StatusCode::CREATED)
            .unwrap();
        let blob = f
            .app
            .sql_query_one(&format!(
                "SELECT blob AS id FROM photos WHERE id = '{photo_id}'"
            ))
            .unwrap();
        let stored = f
            .app
            .state
            .usecases
            .storage
            .get(&anfang_usecases::photos::key(
                blob.parse().unwrap(),
                "original",
            ))
            .await
            .unwrap();
        let stored_hash = anfang_infra::secrets::hex(&sha2::Sha256::digest(&stored));
        assert_eq!(won.body["sha256"], json!(stored_hash), "round {round}");
    }
}
