//! 四不两直: a unit manager whose unit is about to be inspected, a leader, and inspectors who
//! are not on the team try every endpoint, filter and id they could guess. Every answer is
//! byte for byte the answer they would get if there were no campaign at all. After the campaign
//! closes, the draw record is published: to leaders, and to the manager for their own unit.

use anfang_tests::campaigns::Bureau;
use anfang_tests::{Answer, Backend, Session, both_backends};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

both_backends!(nobody_outside_learns_of_an_inspection_before_it_closes);

/// What a spy sees of a request: status and the exact body.
async fn seen(
    b: &Bureau,
    spy: &Session,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (u16, String) {
    let Answer { status, text, .. } = b
        .app
        .call(method, path, Some(&spy.access_token), body)
        .await;
    (status.as_u16(), text)
}

/// Requests that name nothing secret: compared before and after the campaign exists.
fn list_probes(unit: &str) -> Vec<(Method, String)> {
    vec![
        (Method::GET, "/api/v1/campaigns".into()),
        (Method::GET, "/api/v1/campaigns?limit=1".into()),
        (Method::GET, "/api/v1/assignments".into()),
        (Method::GET, "/api/v1/assignments?status=pending".into()),
        (Method::GET, "/api/v1/assignments?on=2026-11-15".into()),
        (Method::GET, "/api/v1/reports".into()),
        (Method::GET, format!("/api/v1/reports?unit_id={unit}")),
        (Method::GET, "/api/v1/reports?status=submitted".into()),
        (Method::GET, format!("/api/v1/units/{unit}")),
    ]
}

/// Requests naming a campaign, a drawn visit or a report: compared with the same request
/// naming made-up ids.
fn id_probes(
    campaign: &str,
    visit: &str,
    report: &str,
    plan: &Value,
) -> Vec<(Method, String, Option<Value>)> {
    vec![
        (Method::GET, format!("/api/v1/campaigns/{campaign}"), None),
        (
            Method::GET,
            format!("/api/v1/campaigns/{campaign}/draw"),
            None,
        ),
        (
            Method::PUT,
            format!("/api/v1/campaigns/{campaign}"),
            Some(plan.clone()),
        ),
        (
            Method::POST,
            format!("/api/v1/campaigns/{campaign}/activate"),
            Some(json!({})),
        ),
        (
            Method::POST,
            format!("/api/v1/campaigns/{campaign}/close"),
            Some(json!({})),
        ),
        (
            Method::POST,
            format!("/api/v1/campaigns/{campaign}/draw"),
            Some(json!({ "units_per_type": 1, "team_size": 1 })),
        ),
        (Method::GET, format!("/api/v1/assignments/{visit}"), None),
        (
            Method::GET,
            format!("/api/v1/assignments?campaign_id={campaign}"),
            None,
        ),
        (
            Method::GET,
            format!("/api/v1/reports?campaign_id={campaign}"),
            None,
        ),
        (Method::GET, format!("/api/v1/reports/{report}"), None),
        (
            Method::GET,
            format!("/api/v1/reports/{report}/history"),
            None,
        ),
    ]
}

async fn nobody_outside_learns_of_an_inspection_before_it_closes(backend: Backend) {
    let b = Bureau::new(backend).await;
    let target = b.units[0].0.clone();
    let mut spies: Vec<&Session> = vec![&b.manager, &b.leader];
    spies.extend(b.inspectors.iter());

    // The world without a campaign, as each of them sees it.
    let mut before = Vec::new();
    for spy in &spies {
        for (method, path) in list_probes(&target) {
            before.push(seen(&b, spy, method, &path, None).await);
        }
    }

    // An inspection of the manager's unit is drawn, started, and a report written on it.
    let mut plan = b.plan();
    plan["districts"] = json!(["330102"]);
    let campaign = b
        .supervisor
        .post("/api/v1/campaigns", plan.clone())
        .await
        .body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let draw = b
        .draw(
            &campaign,
            json!({ "seed": 3, "units_per_type": 1, "team_size": 1 }),
        )
        .await;
    assert_eq!(draw.status, StatusCode::OK, "{}", draw.text);
    assert_eq!(b.step(&campaign, "activate").await.status, StatusCode::OK);
    let visit = draw.body["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["unit_id"] == target.as_str())
        .unwrap()
        .clone();
    let team: Vec<String> = visit["inspector_ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i.as_str().unwrap().to_owned())
        .collect();
    let member = b.inspector(&team[0]);
    let report = uuid::Uuid::new_v4().to_string();
    assert_eq!(
        b.put_report(member, &report, b.report_body(&visit))
            .await
            .status,
        StatusCode::CREATED
    );
    let submitted = member
        .post(&format!("/api/v1/reports/{report}/submit"), json!({}))
        .await;
    assert_eq!(submitted.status, StatusCode::OK, "{}", submitted.text);

    let drawn: Vec<String> = draw.body["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|a| {
            a["inspector_ids"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i.as_str().unwrap().to_owned())
        })
        .collect();
    let outsiders: Vec<&Session> = b
        .inspectors
        .iter()
        .filter(|s| !drawn.contains(&s.user_id))
        .collect();
    assert!(outsiders.len() >= 3, "most inspectors are on no team");
    let mut spies_now: Vec<&Session> = vec![&b.manager, &b.leader];
    spies_now.extend(outsiders.iter().copied());

    // Lists and filters are exactly as they were.
    let mut after = Vec::new();
    for spy in &spies {
        for (method, path) in list_probes(&target) {
            after.push(seen(&b, spy, method, &path, None).await);
        }
    }
    for ((spy, probe), (was, is)) in spies
        .iter()
        .flat_map(|s| {
            list_probes(&target)
                .into_iter()
                .map(move |p| (s.username.clone(), p.1))
        })
        .zip(before.iter().zip(after.iter()))
    {
        let on_team = drawn.iter().any(|d| {
            b.inspectors
                .iter()
                .any(|s| &s.user_id == d && s.username == spy)
        });
        if !on_team {
            assert_eq!(was, is, "{spy} sees a difference at {probe}");
        }
    }

    // Every id they could guess answers as a made-up one.
    let fake = |_: &str| uuid::Uuid::new_v4().to_string();
    let visit_id = visit["id"].as_str().unwrap();
    for spy in &spies_now {
        let real = id_probes(&campaign, visit_id, &report, &plan);
        let made_up = id_probes(&fake(""), &fake(""), &fake(""), &plan);
        for ((method, path, body), (m2, p2, body2)) in real.into_iter().zip(made_up) {
            let answer = seen(&b, spy, method.clone(), &path, body).await;
            let control = seen(&b, spy, m2, &p2, body2).await;
            assert_eq!(answer, control, "{} at {method} {path}", spy.username);
            assert!(
                answer.0 >= 400 || answer.1.contains("\"items\":[]"),
                "{} at {path}: {}",
                spy.username,
                answer.1
            );
        }
    }
    // Nothing they tried changed the campaign.
    let still = b
        .supervisor
        .get(&format!("/api/v1/campaigns/{campaign}"))
        .await;
    assert_eq!(still.body["status"], "active");

    // Closed: the draw record is published (一公开).
    assert_eq!(b.step(&campaign, "close").await.status, StatusCode::OK);
    let path = format!("/api/v1/campaigns/{campaign}/draw");
    let for_leader = b.leader.get(&path).await;
    assert_eq!(for_leader.status, StatusCode::OK, "{}", for_leader.text);
    assert_eq!(for_leader.body["assignments"], draw.body["assignments"]);
    assert_eq!(for_leader.body["seed"], 3);
    let for_manager = b.manager.get(&path).await;
    assert_eq!(for_manager.status, StatusCode::OK, "{}", for_manager.text);
    let own: Vec<&Value> = for_manager.body["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .collect();
    assert_eq!(own.len(), 1);
    assert_eq!(
        own[0]["unit_id"],
        target.as_str(),
        "only the manager's own unit"
    );
    let listed = b.leader.get("/api/v1/campaigns").await;
    assert_eq!(listed.body["items"][0]["id"], campaign.as_str());
    for outsider in &outsiders {
        assert_eq!(outsider.get(&path).await.status, StatusCode::NOT_FOUND);
    }
    let audited = b
        .app
        .sql(&format!(
            "UPDATE campaigns SET name = name WHERE id = '{campaign}' AND \
             (SELECT COUNT(*) FROM audit_log WHERE target_id = '{campaign}' AND action = 'campaign.draw_view') = 2"
        ))
        .unwrap();
    assert_eq!(audited, 1, "both views of the draw are in the audit log");
}
