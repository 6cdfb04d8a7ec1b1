//! Who sees and does what with reports, and the supervisors' queue.

use anfang_tests::reports::Fixture;
use anfang_tests::{Answer, Backend, Session, both_backends};
use reqwest::{Method, StatusCode};
use serde_json::json;

both_backends!(
    every_report_endpoint_answers_each_role_as_the_rules_say_and_refusals_change_nothing,
    for_a_unit_manager_an_existing_report_looks_exactly_like_a_made_up_one,
    the_queue_lists_submitted_reports_oldest_first_with_filters_and_a_cursor,
    each_role_lists_only_what_it_may_see,
);

const ENDPOINTS: [&str; 6] = ["get", "put", "submit", "claim", "review", "history"];

async fn attempt(f: &Fixture, who: &Session, id: &str, endpoint: &str) -> Answer {
    let path = format!("/api/v1/reports/{id}");
    match endpoint {
        "get" => who.get(&path).await,
        "history" => who.get(&format!("{path}/history")).await,
        "put" => {
            let version = f.as_author(id).await.body["version"].as_u64().unwrap_or(1);
            let mut body = f.body();
            body["narrative"] = json!("被别人改写的叙述");
            f.put(who, id, body, Some(&format!("\"{version}\""))).await
        }
        "review" => {
            f.action(
                who,
                id,
                "review",
                Some(json!({ "decision": "reject", "comment": "越权尝试" })),
            )
            .await
        }
        action => f.action(who, id, action, None).await,
    }
}

async fn every_report_endpoint_answers_each_role_as_the_rules_say_and_refusals_change_nothing(
    backend: Backend,
) {
    let f = Fixture::new(backend).await;
    let draft = f.draft(f.body()).await;
    let submitted = f.submitted().await;
    let approved = f.approved().await;
    let roles: [(&str, &Session); 6] = [
        ("author", &f.inspector),
        ("other inspector", &f.other_inspector),
        ("supervisor", &f.supervisor),
        ("admin", &f.admin),
        ("leader", &f.leader),
        ("unit manager", &f.unit_manager),
    ];
    // Expected status per role, for get, put, submit, claim, review, history; 0 = a rightful
    // action that would change the report, covered by the workflow tests.
    let table: [(&str, &str, [[u16; 6]; 6]); 3] = [
        (
            "draft",
            &draft,
            [
                [200, 0, 0, 403, 403, 200],
                [404, 404, 404, 404, 404, 404],
                [404, 403, 404, 404, 404, 404],
                [404, 403, 404, 404, 404, 404],
                [404, 403, 404, 404, 404, 404],
                [404, 404, 404, 404, 404, 404],
            ],
        ),
        (
            "submitted",
            &submitted,
            [
                [200, 409, 409, 403, 403, 200],
                [404, 404, 404, 404, 404, 404],
                [200, 403, 403, 0, 409, 200],
                [200, 403, 403, 0, 409, 200],
                [404, 403, 404, 404, 404, 404],
                [404, 404, 404, 404, 404, 404],
            ],
        ),
        (
            "approved",
            &approved,
            [
                [200, 409, 409, 403, 403, 200],
                [404, 404, 404, 404, 404, 404],
                [200, 403, 403, 409, 409, 200],
                [200, 403, 403, 409, 409, 200],
                [200, 403, 403, 403, 403, 200],
                [404, 404, 404, 404, 404, 404],
            ],
        ),
    ];
    for (state, id, expected) in table {
        let before = f.snapshot(id).await;
        for ((role, session), row) in roles.iter().zip(expected) {
            for (endpoint, want) in ENDPOINTS.iter().zip(row) {
                if want == 0 {
                    continue;
                }
                let answer = attempt(&f, session, id, endpoint).await;
                assert_eq!(
                    answer.status.as_u16(),
                    want,
                    "{role} {endpoint} on a {state} report: {}",
                    answer.text
                );
            }
        }
        assert_eq!(
            f.snapshot(id).await,
            before,
            "nothing changed on the {state} report"
        );
    }
}

async fn for_a_unit_manager_an_existing_report_looks_exactly_like_a_made_up_one(backend: Backend) {
    let f = Fixture::new(backend).await;
    let real = f.approved().await;
    let made_up = uuid::Uuid::new_v4().to_string();
    for endpoint in ENDPOINTS {
        let a = attempt(&f, &f.unit_manager, &real, endpoint).await;
        let b = attempt(&f, &f.unit_manager, &made_up, endpoint).await;
        assert_eq!((a.status, &a.text), (b.status, &b.text), "{endpoint}");
        assert_eq!(a.status, StatusCode::NOT_FOUND);
    }
    let list = f.unit_manager.get("/api/v1/reports").await;
    assert_eq!(list.status, StatusCode::NOT_FOUND);
    assert_eq!(
        list.text,
        attempt(&f, &f.unit_manager, &made_up, "get").await.text
    );
}

fn ids(answer: &Answer) -> Vec<String> {
    answer.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect()
}

async fn the_queue_lists_submitted_reports_oldest_first_with_filters_and_a_cursor(
    backend: Backend,
) {
    let f = Fixture::new(backend).await;
    let first = f.submitted().await;
    let hotline = {
        let mut body = f.body();
        body["unit_id"] = json!(f.hotline_id);
        body["ratings"] = json!(f.clean_ratings("HOT"));
        body["channel"] = json!("phone");
        let started = chrono::Utc::now() - chrono::Duration::days(3);
        body["visit_started_at"] = json!(started.to_rfc3339());
        body["visit_ended_at"] = json!((started + chrono::Duration::minutes(10)).to_rfc3339());
        let id = f.draft(body).await;
        assert_eq!(
            f.action(&f.inspector, &id, "submit", None).await.status,
            StatusCode::OK
        );
        id
    };
    let third = f.submitted().await;
    let _draft = f.draft(f.body()).await;
    let token = &f.supervisor.access_token;

    let queue = f.app.get("/api/v1/reports?status=submitted", token).await;
    assert_eq!(
        ids(&queue),
        [first.clone(), hotline.clone(), third.clone()],
        "oldest first, no drafts"
    );
    assert_eq!(
        ids(&f.app.get("/api/v1/reports?unit_type=HOT", token).await),
        [hotline.as_str()]
    );
    assert_eq!(
        ids(&f.app.get("/api/v1/reports?district=330102", token).await),
        [first.clone(), third.clone()]
    );
    assert_eq!(
        ids(&f
            .app
            .get(&format!("/api/v1/reports?unit_id={}", f.hotline_id), token)
            .await),
        [hotline.as_str()]
    );
    let since = (chrono::Utc::now() - chrono::Duration::days(1))
        .to_rfc3339()
        .replace('+', "%2B");
    assert_eq!(
        ids(&f
            .app
            .get(&format!("/api/v1/reports?visited_from={since}"), token)
            .await),
        [first.clone(), third.clone()]
    );
    assert_eq!(
        ids(&f
            .app
            .get(&format!("/api/v1/reports?visited_until={since}"), token)
            .await),
        [hotline.as_str()]
    );
    assert_eq!(
        ids(&f
            .app
            .get(
                &format!("/api/v1/reports?campaign_id={}", uuid::Uuid::new_v4()),
                token
            )
            .await),
        Vec::<String>::new()
    );

    let page = f
        .app
        .get("/api/v1/reports?status=submitted&limit=2", token)
        .await;
    assert_eq!(ids(&page), [first.clone(), hotline.clone()]);
    let cursor = page.body["next_cursor"].as_str().unwrap();
    let rest = f
        .app
        .get(
            &format!("/api/v1/reports?status=submitted&limit=2&cursor={cursor}"),
            token,
        )
        .await;
    assert_eq!(ids(&rest), [third.as_str()]);
    assert_eq!(rest.body["next_cursor"], serde_json::Value::Null);

    // Claimed reports leave the `submitted` queue.
    assert_eq!(
        f.action(&f.supervisor, &first, "claim", None).await.status,
        StatusCode::OK
    );
    assert_eq!(
        ids(&f.app.get("/api/v1/reports?status=submitted", token).await),
        [hotline, third]
    );
    assert_eq!(
        ids(&f.app.get("/api/v1/reports?status=in_review", token).await),
        [first]
    );
    for bad in [
        "status=lost",
        "unit_type=emp",
        "district=12",
        "limit=0",
        "limit=101",
        "flagged=perhaps",
    ] {
        let answer = f.app.get(&format!("/api/v1/reports?{bad}"), token).await;
        assert_eq!(
            answer.status,
            StatusCode::BAD_REQUEST,
            "{bad}: {}",
            answer.text
        );
    }
}

async fn each_role_lists_only_what_it_may_see(backend: Backend) {
    let f = Fixture::new(backend).await;
    let draft = f.draft(f.body()).await;
    let submitted = f.submitted().await;
    let approved = f.approved().await;
    let list = async |session: &Session| {
        f.app
            .call(
                Method::GET,
                "/api/v1/reports",
                Some(&session.access_token),
                None,
            )
            .await
    };
    let mut own = ids(&list(&f.inspector).await);
    own.sort();
    let mut expected = vec![draft.clone(), submitted.clone(), approved.clone()];
    expected.sort();
    assert_eq!(own, expected, "an inspector sees all of their own");
    assert_eq!(
        ids(&list(&f.other_inspector).await),
        Vec::<String>::new(),
        "and nobody else's"
    );
    let mut reviewers = ids(&list(&f.supervisor).await);
    reviewers.sort();
    let mut no_drafts = vec![submitted, approved.clone()];
    no_drafts.sort();
    assert_eq!(reviewers, no_drafts, "supervisors never see drafts");
    assert_eq!(ids(&list(&f.admin).await).len(), 2);
    assert_eq!(
        ids(&list(&f.leader).await),
        [approved],
        "leaders see approved reports"
    );
    let summary = &list(&f.inspector).await.body["items"][0];
    assert!(summary.get("flags").is_none() && summary.get("lease").is_none());
}
