//! Supervisors claim, return, approve and reject; every step is in the history; a claim keeps
//! others out until its lease runs out; concurrent and repeated requests act once.

use anfang_tests::reports::Fixture;
use anfang_tests::{Backend, both_backends};
use reqwest::StatusCode;
use serde_json::{Value, json};

both_backends!(
    a_report_is_returned_edited_resubmitted_and_approved_with_every_step_in_its_history,
    illegal_transitions_are_conflicts_and_change_nothing,
    a_claim_keeps_other_supervisors_out_until_its_lease_runs_out,
    returning_or_rejecting_needs_a_reason,
    an_idempotency_key_replays_the_first_answer,
    two_supervisors_claiming_at_once_get_one_claim,
    fifty_identical_approvals_at_once_make_one_transition,
    review_steps_are_audited_and_the_audit_log_cannot_be_rewritten,
);

fn history_actions(history: &Value) -> Vec<String> {
    history["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_owned())
        .collect()
}

async fn a_report_is_returned_edited_resubmitted_and_approved_with_every_step_in_its_history(
    backend: Backend,
) {
    let f = Fixture::new(backend).await;
    let id = f.claimed().await;
    let returned = f
        .action(
            &f.supervisor,
            &id,
            "review",
            Some(json!({ "decision": "return", "comment": "PRC-07 等候时间请补充取号凭证照片" })),
        )
        .await;
    assert_eq!(returned.status, StatusCode::OK, "{}", returned.text);
    assert_eq!(returned.body["status"], "returned");

    let own = f.as_author(&id).await;
    assert_eq!(own.body["status"], "returned");
    assert_eq!(
        own.body["review_comment"], "PRC-07 等候时间请补充取号凭证照片",
        "the inspector reads why"
    );
    let mut edited = f.body();
    edited["narrative"] = json!("补充：取号时间 9:02，叫号 9:20。");
    let tag = format!("\"{}\"", own.body["version"]);
    assert_eq!(
        f.put(&f.inspector, &id, edited, Some(&tag)).await.status,
        StatusCode::OK
    );
    assert_eq!(
        f.action(&f.inspector, &id, "submit", None).await.status,
        StatusCode::OK
    );
    assert_eq!(
        f.action(&f.other_supervisor, &id, "claim", None)
            .await
            .status,
        StatusCode::OK
    );
    let approved = f
        .action(
            &f.other_supervisor,
            &id,
            "review",
            Some(json!({ "decision": "approve" })),
        )
        .await;
    assert_eq!(approved.status, StatusCode::OK, "{}", approved.text);
    assert_eq!(approved.body["status"], "approved");
    assert_eq!(
        approved.body["reviewer_id"],
        f.other_supervisor.user_id.as_str()
    );

    let history = f
        .supervisor
        .get(&format!("/api/v1/reports/{id}/history"))
        .await;
    assert_eq!(
        history_actions(&history.body),
        [
            "create", "submit", "claim", "return", "submit", "claim", "approve"
        ]
    );
    let ret = &history.body["items"][3];
    assert_eq!(ret["actor_id"], f.supervisor.user_id.as_str());
    assert_eq!(
        (ret["from_status"].as_str(), ret["to_status"].as_str()),
        (Some("in_review"), Some("returned"))
    );
    assert_eq!(ret["comment"], "PRC-07 等候时间请补充取号凭证照片");
    assert!(ret["at"].as_str().is_some());
}

async fn illegal_transitions_are_conflicts_and_change_nothing(backend: Backend) {
    let f = Fixture::new(backend).await;
    let submitted = f.submitted().await;
    let before = f.snapshot(&submitted).await;
    let answer = f
        .action(
            &f.supervisor,
            &submitted,
            "review",
            Some(json!({ "decision": "approve" })),
        )
        .await;
    assert_eq!(
        (answer.status, answer.code()),
        (StatusCode::CONFLICT, "not_claimed")
    );
    let answer = f.action(&f.inspector, &submitted, "submit", None).await;
    assert_eq!(
        (answer.status, answer.code()),
        (StatusCode::CONFLICT, "illegal_transition")
    );
    assert_eq!(f.snapshot(&submitted).await, before);

    let approved = f.approved().await;
    let before = f.snapshot(&approved).await;
    for (who, action, body) in [
        (&f.supervisor, "claim", None),
        (
            &f.supervisor,
            "review",
            Some(json!({ "decision": "reject", "comment": "重复" })),
        ),
        (&f.inspector, "submit", None),
    ] {
        let answer = f.action(who, &approved, action, body).await;
        assert_eq!(
            answer.status,
            StatusCode::CONFLICT,
            "{action}: {}",
            answer.text
        );
    }
    assert_eq!(f.snapshot(&approved).await, before);
}

async fn a_claim_keeps_other_supervisors_out_until_its_lease_runs_out(backend: Backend) {
    let f = Fixture::new(backend).await;
    let id = f.claimed().await;
    let claimed = f.supervisor.get(&format!("/api/v1/reports/{id}")).await;
    let expires: chrono::DateTime<chrono::Utc> = claimed.body["lease"]["expires_at"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let minutes = (expires - chrono::Utc::now()).num_minutes();
    assert!(
        (29..=30).contains(&minutes),
        "a 30-minute lease, not {minutes}"
    );
    assert_eq!(
        claimed.body["lease"]["holder_id"],
        f.supervisor.user_id.as_str()
    );

    let other = f.action(&f.other_supervisor, &id, "claim", None).await;
    assert_eq!(
        (other.status, other.code()),
        (StatusCode::CONFLICT, "report_claimed")
    );
    let other = f
        .action(
            &f.other_supervisor,
            &id,
            "review",
            Some(json!({ "decision": "approve" })),
        )
        .await;
    assert_eq!(
        (other.status, other.code()),
        (StatusCode::CONFLICT, "report_claimed")
    );
    assert_eq!(
        f.action(&f.supervisor, &id, "claim", None).await.status,
        StatusCode::OK,
        "the holder renews"
    );

    // Half an hour passes.
    f.app
        .sql(&format!(
            "UPDATE reports SET lease_expires_at = '2020-01-01 00:00:00' WHERE id = '{id}'"
        ))
        .unwrap();
    let late = f
        .action(
            &f.supervisor,
            &id,
            "review",
            Some(json!({ "decision": "approve" })),
        )
        .await;
    assert_eq!(
        (late.status, late.code()),
        (StatusCode::CONFLICT, "not_claimed")
    );
    assert_eq!(
        f.action(&f.other_supervisor, &id, "claim", None)
            .await
            .status,
        StatusCode::OK,
        "an expired lease frees the report"
    );
    let done = f
        .action(
            &f.other_supervisor,
            &id,
            "review",
            Some(json!({ "decision": "approve" })),
        )
        .await;
    assert_eq!(done.status, StatusCode::OK);
}

async fn returning_or_rejecting_needs_a_reason(backend: Backend) {
    let f = Fixture::new(backend).await;
    let id = f.claimed().await;
    for decision in ["return", "reject"] {
        let answer = f
            .action(
                &f.supervisor,
                &id,
                "review",
                Some(json!({ "decision": decision })),
            )
            .await;
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(answer.body["errors"][0]["field"], "comment");
    }
    let rejected = f
        .action(
            &f.supervisor,
            &id,
            "review",
            Some(json!({ "decision": "reject", "comment": "照片与现场不符，疑似虚报" })),
        )
        .await;
    assert_eq!(rejected.body["status"], "rejected");
    assert_eq!(
        f.action(&f.inspector, &id, "submit", None).await.status,
        StatusCode::CONFLICT,
        "rejected is final"
    );
}

async fn keyed(
    f: &Fixture,
    session: &anfang_tests::Session,
    id: &str,
    action: &str,
    key: &str,
    body: Value,
) -> anfang_tests::Answer {
    let response = f
        .app
        .client
        .post(f.app.url(&format!("/api/v1/reports/{id}/{action}")))
        .bearer_auth(&session.access_token)
        .header("idempotency-key", key)
        .json(&body)
        .send()
        .await
        .unwrap();
    anfang_tests::read(response).await
}

async fn an_idempotency_key_replays_the_first_answer(backend: Backend) {
    let f = Fixture::new(backend).await;
    let id = f.claimed().await;
    let approve = json!({ "decision": "approve", "comment": "情况属实" });
    let first = keyed(
        &f,
        &f.supervisor,
        &id,
        "review",
        "review-1",
        approve.clone(),
    )
    .await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text);
    let retry = keyed(&f, &f.supervisor, &id, "review", "review-1", approve).await;
    assert_eq!(
        retry.status,
        StatusCode::OK,
        "the retry is answered as the first was, not with 409"
    );
    assert_eq!(retry.body, first.body);
    assert_eq!(retry.headers["idempotent-replayed"], "true");
    let other = keyed(
        &f,
        &f.supervisor,
        &id,
        "review",
        "review-1",
        json!({ "decision": "reject", "comment": "改主意" }),
    )
    .await;
    assert_eq!(
        (other.status, other.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "idempotency_key_reused")
    );
    let history = f
        .supervisor
        .get(&format!("/api/v1/reports/{id}/history"))
        .await;
    assert_eq!(
        history_actions(&history.body)
            .iter()
            .filter(|a| *a == "approve")
            .count(),
        1
    );

    let draft = f.draft(f.body()).await;
    let first = keyed(&f, &f.inspector, &draft, "submit", "submit-1", json!({})).await;
    let retry = keyed(&f, &f.inspector, &draft, "submit", "submit-1", json!({})).await;
    assert_eq!(
        (first.status, retry.status),
        (StatusCode::OK, StatusCode::OK)
    );
    let bad = keyed(
        &f,
        &f.inspector,
        &draft,
        "submit",
        "bad key with spaces",
        json!({}),
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

async fn two_supervisors_claiming_at_once_get_one_claim(backend: Backend) {
    let f = Fixture::new(backend).await;
    for _ in 0..3 {
        let id = f.submitted().await;
        let (a, b) = tokio::join!(
            f.action(&f.supervisor, &id, "claim", None),
            f.action(&f.other_supervisor, &id, "claim", None)
        );
        let mut statuses = [a.status.as_u16(), b.status.as_u16()];
        statuses.sort();
        assert_eq!(statuses, [200, 409], "{} / {}", a.text, b.text);
        let history = f
            .supervisor
            .get(&format!("/api/v1/reports/{id}/history"))
            .await;
        assert_eq!(
            history_actions(&history.body),
            ["create", "submit", "claim"]
        );
    }
}

async fn fifty_identical_approvals_at_once_make_one_transition(backend: Backend) {
    let f = Fixture::new(backend).await;
    let id = f.claimed().await;
    let url = f.app.url(&format!("/api/v1/reports/{id}/review"));
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..50 {
        let (client, url, token) = (
            f.app.client.clone(),
            url.clone(),
            f.supervisor.access_token.clone(),
        );
        tasks.spawn(async move {
            let response = client
                .post(url)
                .bearer_auth(token)
                .json(&json!({ "decision": "approve" }))
                .send()
                .await;
            anfang_tests::read(response.unwrap()).await
        });
    }
    let answers = tasks.join_all().await;
    let ok = answers
        .iter()
        .filter(|a| a.status == StatusCode::OK)
        .count();
    let conflicts = answers
        .iter()
        .filter(|a| a.status == StatusCode::CONFLICT)
        .count();
    assert_eq!(
        (ok, conflicts),
        (1, 49),
        "{:?}",
        answers.iter().map(|a| a.status).collect::<Vec<_>>()
    );
    let history = f
        .supervisor
        .get(&format!("/api/v1/reports/{id}/history"))
        .await;
    assert_eq!(
        history_actions(&history.body),
        ["create", "submit", "claim", "approve"]
    );
}

async fn review_steps_are_audited_and_the_audit_log_cannot_be_rewritten(backend: Backend) {
    let f = Fixture::new(backend).await;
    let id = f.approved().await;
    let count = f
        .app
        .sql(&format!(
            "UPDATE reports SET scenario = scenario WHERE id = '{id}' AND (SELECT COUNT(*) FROM audit_log WHERE target_id = '{id}' AND action IN ('report.create', 'report.submit', 'report.claim', 'report.approve')) = 4"
        ))
        .unwrap();
    assert_eq!(
        count, 1,
        "create, submit, claim and approve are each in the audit log"
    );
    for statement in [
        "UPDATE audit_log SET action = 'nothing.happened'",
        "DELETE FROM audit_log",
        "UPDATE report_events SET comment = 'rewritten'",
        "DELETE FROM report_events",
    ] {
        assert!(
            f.app.sql(statement).is_err(),
            "{statement} must be refused by the database"
        );
    }
    let history = f
        .supervisor
        .get(&format!("/api/v1/reports/{id}/history"))
        .await;
    assert_eq!(history_actions(&history.body).len(), 4);
}
