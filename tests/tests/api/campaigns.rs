//! Campaigns and the draw, on real data: the rules hold, the seed reproduces, visits move as
//! their reports go in.

use std::collections::HashMap;

use anfang_tests::campaigns::Bureau;
use anfang_tests::{Backend, both_backends};
use reqwest::StatusCode;
use serde_json::{Value, json};

both_backends!(
    a_supervisor_plans_draws_opens_and_closes_a_campaign,
    the_draw_keeps_the_rules_and_its_seed_reproduces_it,
    an_impossible_draw_says_which_rule_and_type,
    a_bad_plan_is_refused_field_by_field,
    the_draw_is_locked_once_a_visit_has_a_report,
    inspectors_see_their_visits_and_reports_move_them_along,
    an_inspector_reads_where_to_go_and_with_whom_and_filters_visits_by_status_and_day,
    only_supervisors_and_admins_plan_and_draw,
);

fn visits(draw: &Value) -> Vec<(String, Vec<String>)> {
    let mut v: Vec<(String, Vec<String>)> = draw["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let mut team: Vec<String> = a["inspector_ids"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i.as_str().unwrap().to_owned())
                .collect();
            team.sort();
            (a["unit_id"].as_str().unwrap().to_owned(), team)
        })
        .collect();
    v.sort();
    v
}

async fn a_supervisor_plans_draws_opens_and_closes_a_campaign(backend: Backend) {
    let b = Bureau::new(backend).await;
    let id = b.campaign().await;
    let shown = b.supervisor.get(&format!("/api/v1/campaigns/{id}")).await;
    assert_eq!(shown.body["status"], "draft");
    assert_eq!(
        shown.body["scenarios"][1]["documents"],
        json!(["身份证", "参保缴费凭证"])
    );

    let mut replanned = b.plan();
    replanned["unit_types"] = json!(["EMP", "PEN", "HOT"]);
    let answer = b
        .supervisor
        .put(&format!("/api/v1/campaigns/{id}"), replanned.clone())
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    assert_eq!(answer.body["unit_types"], json!(["EMP", "HOT", "PEN"]));

    let draw = b
        .draw(&id, json!({ "units_per_type": 1, "team_size": 1 }))
        .await;
    assert_eq!(draw.status, StatusCode::OK, "{}", draw.text);
    assert_eq!(draw.body["assignments"].as_array().unwrap().len(), 3);
    assert!(
        draw.body["seed"].as_u64().is_some(),
        "a seed is chosen and recorded"
    );

    assert_eq!(
        b.step(&id, "close").await.status,
        StatusCode::CONFLICT,
        "a draft cannot close"
    );
    assert_eq!(b.step(&id, "activate").await.body["status"], "active");
    let late = b
        .supervisor
        .put(&format!("/api/v1/campaigns/{id}"), replanned)
        .await;
    assert_eq!(
        late.status,
        StatusCode::CONFLICT,
        "the plan is fixed once under way"
    );
    assert_eq!(b.step(&id, "close").await.body["status"], "closed");
    let again = b
        .draw(&id, json!({ "units_per_type": 1, "team_size": 1 }))
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "no draw after closing");
}

async fn the_draw_keeps_the_rules_and_its_seed_reproduces_it(backend: Backend) {
    let b = Bureau::new(backend).await;
    let id = b.campaign().await;
    let first = b
        .draw(
            &id,
            json!({ "seed": 20261121, "units_per_type": 2, "team_size": 2 }),
        )
        .await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text);
    assert_eq!(first.body["seed"], 20261121);
    let drawn = visits(&first.body);
    assert_eq!(drawn.len(), 4, "2 units of each of 2 types");

    let mut load: HashMap<&str, usize> = b
        .inspectors
        .iter()
        .map(|s| (s.user_id.as_str(), 0))
        .collect();
    for (unit, team) in &drawn {
        let (_, unit_type, district) = b.units.iter().find(|(u, _, _)| u == unit).unwrap();
        assert!(["EMP", "PEN"].contains(unit_type));
        assert_eq!(team.len(), 2);
        for member in team {
            let index = b
                .inspectors
                .iter()
                .position(|s| &s.user_id == member)
                .unwrap();
            let profile = b.admin.get(&format!("/api/v1/users/{member}")).await.body;
            assert_ne!(
                profile["unit_id"].as_str(),
                Some(unit.as_str()),
                "nobody inspects their own unit"
            );
            assert_ne!(
                b.district_of_inspector(index),
                *district,
                "nor a unit of their own district"
            );
            *load.get_mut(member.as_str()).unwrap() += 1;
        }
    }
    let (min, max) = (load.values().min().unwrap(), load.values().max().unwrap());
    assert!(max - min <= 1, "workloads within one visit: {load:?}");

    let again = b
        .draw(
            &id,
            json!({ "seed": 20261121, "units_per_type": 2, "team_size": 2 }),
        )
        .await;
    assert_eq!(
        visits(&again.body),
        drawn,
        "the same inputs and seed give the same draw"
    );
    let record = b
        .supervisor
        .get(&format!("/api/v1/campaigns/{id}/draw"))
        .await;
    assert_eq!(visits(&record.body), drawn);
    assert_eq!(
        (
            record.body["units_per_type"].as_u64(),
            record.body["team_size"].as_u64()
        ),
        (Some(2), Some(2))
    );
}

async fn an_impossible_draw_says_which_rule_and_type(backend: Backend) {
    let b = Bureau::new(backend).await;
    let id = b.campaign().await;
    let answer = b
        .draw(&id, json!({ "units_per_type": 4, "team_size": 1 }))
        .await;
    assert_eq!(
        answer.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        answer.text
    );
    assert_eq!(answer.code(), "draw_impossible");
    assert_eq!(answer.body["errors"][0]["field"], "units_per_type");
    let english = b
        .app
        .client
        .post(b.app.url(&format!("/api/v1/campaigns/{id}/draw")))
        .bearer_auth(&b.supervisor.access_token)
        .header("accept-language", "en")
        .json(&json!({ "units_per_type": 4, "team_size": 1 }))
        .send()
        .await
        .unwrap();
    let english = anfang_tests::read(english).await;
    let message = english.body["errors"][0]["message"].as_str().unwrap();
    assert!(
        message.starts_with("EMP: 4 units wanted, 3 can be drawn"),
        "{message}"
    );

    let teams = b
        .draw(&id, json!({ "units_per_type": 1, "team_size": 5 }))
        .await;
    assert_eq!(
        teams.code(),
        "draw_impossible",
        "only 4 inspectors come from other districts than any unit"
    );
    let record = b.supervisor.get(&format!("/api/v1/campaigns/{id}")).await;
    assert_eq!(record.body["draw"], Value::Null, "nothing was drawn");
}

async fn a_bad_plan_is_refused_field_by_field(backend: Backend) {
    let b = Bureau::new(backend).await;
    let cases = [
        ("ends_on", json!("2026-10-01")),
        ("unit_types", json!(["XYZ"])),
        ("unit_types", json!([])),
        ("checklist_id", json!(uuid::Uuid::new_v4())),
        ("districts", json!(["12"])),
        ("name", json!("")),
    ];
    for (field, value) in cases {
        let mut plan = b.plan();
        plan[field] = value;
        let answer = b.supervisor.post("/api/v1/campaigns", plan).await;
        assert_eq!(
            answer.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field}: {}",
            answer.text
        );
        assert!(
            answer.body["errors"][0]["field"]
                .as_str()
                .unwrap()
                .starts_with(field),
            "{}",
            answer.text
        );
    }
    let list = b.supervisor.get("/api/v1/campaigns").await;
    assert_eq!(list.body["items"], json!([]));
}

/// A report on drawn visit `visit` by its first team member.
async fn report_on(b: &Bureau, visit: &Value) -> (String, anfang_tests::Answer) {
    let inspector = b.inspector(visit["inspector_ids"][0].as_str().unwrap());
    let id = uuid::Uuid::new_v4().to_string();
    let answer = b.put_report(inspector, &id, b.report_body(visit)).await;
    (id, answer)
}

async fn the_draw_is_locked_once_a_visit_has_a_report(backend: Backend) {
    let b = Bureau::new(backend).await;
    let (id, draw) = b.active_campaign().await;
    let redraw = b
        .draw(
            &id,
            json!({ "seed": 8, "units_per_type": 1, "team_size": 2 }),
        )
        .await;
    assert_eq!(
        redraw.status,
        StatusCode::OK,
        "an active campaign may be drawn again while no visit has a report"
    );
    let visit = &redraw.body["assignments"][0];
    let (_, answer) = report_on(&b, visit).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
    let locked = b
        .draw(
            &id,
            json!({ "seed": 9, "units_per_type": 1, "team_size": 2 }),
        )
        .await;
    assert_eq!(
        (locked.status, locked.code()),
        (StatusCode::CONFLICT, "draw_locked")
    );
    assert_ne!(visits(&draw), Vec::new());
}

async fn inspectors_see_their_visits_and_reports_move_them_along(backend: Backend) {
    let b = Bureau::new(backend).await;
    let id = b.campaign().await;
    let draw = b
        .draw(
            &id,
            json!({ "seed": 7, "units_per_type": 1, "team_size": 2 }),
        )
        .await
        .body;
    let visit = draw["assignments"][0].clone();
    let member = b.inspector(visit["inspector_ids"][0].as_str().unwrap());
    let mine = member.get("/api/v1/assignments").await;
    assert_eq!(
        mine.body["items"],
        json!([]),
        "nothing shows before the campaign is under way"
    );

    assert_eq!(b.step(&id, "activate").await.status, StatusCode::OK);
    let mine = member.get("/api/v1/assignments").await;
    let items = mine.body["items"].as_array().unwrap();
    assert!(items.iter().any(|a| a["id"] == visit["id"]));
    assert!(items.iter().all(|a| {
        a["inspector_ids"]
            .as_array()
            .unwrap()
            .contains(&json!(member.user_id))
    }));
    let shown = member
        .get(&format!(
            "/api/v1/assignments/{}",
            visit["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(shown.body["status"], "pending");
    assert!(shown.body["scenario"]["matter"].as_str().is_some());
    assert_eq!(shown.body["campaign_name"], "2026年11月人社窗口作风暗访");

    let outsider = b
        .inspectors
        .iter()
        .find(|s| {
            !visit["inspector_ids"]
                .as_array()
                .unwrap()
                .contains(&json!(s.user_id))
        })
        .unwrap();
    let refused = b
        .put_report(
            outsider,
            &uuid::Uuid::new_v4().to_string(),
            b.report_body(&visit),
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a report for someone else's visit"
    );
    assert_eq!(refused.body["errors"][0]["field"], "assignment_id");
    let mut elsewhere = b.report_body(&visit);
    elsewhere["unit_id"] = json!(
        b.units
            .iter()
            .find(|(u, t, _)| json!(u) != visit["unit_id"] && *t == "EMP")
            .unwrap()
            .0
    );
    let refused = b
        .put_report(member, &uuid::Uuid::new_v4().to_string(), elsewhere)
        .await;
    assert_eq!(
        refused.body["errors"][0]["field"], "unit_id",
        "{}",
        refused.text
    );

    let (report, answer) = report_on(&b, &visit).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
    let path = format!("/api/v1/assignments/{}", visit["id"].as_str().unwrap());
    assert_eq!(member.get(&path).await.body["status"], "visited");
    let submitted = member
        .post(&format!("/api/v1/reports/{report}/submit"), json!({}))
        .await;
    assert_eq!(submitted.status, StatusCode::OK, "{}", submitted.text);
    assert_eq!(b.supervisor.get(&path).await.body["status"], "reported");
    let of_campaign = b
        .supervisor
        .get(&format!("/api/v1/reports?campaign_id={id}"))
        .await;
    assert_eq!(of_campaign.body["items"][0]["id"], report.as_str());
}

async fn only_supervisors_and_admins_plan_and_draw(backend: Backend) {
    let b = Bureau::new(backend).await;
    let id = b.campaign().await;
    for session in [&b.inspectors[0], &b.leader, &b.manager] {
        assert_eq!(
            session.post("/api/v1/campaigns", b.plan()).await.status,
            StatusCode::FORBIDDEN
        );
        let draw = session
            .post(
                &format!("/api/v1/campaigns/{id}/draw"),
                json!({ "units_per_type": 1, "team_size": 1 }),
            )
            .await;
        assert_eq!(draw.status, StatusCode::FORBIDDEN);
        for action in ["activate", "close"] {
            let answer = session
                .post(&format!("/api/v1/campaigns/{id}/{action}"), json!({}))
                .await;
            assert_eq!(answer.status, StatusCode::FORBIDDEN);
        }
    }
    let admin = b
        .admin
        .post(&format!("/api/v1/campaigns/{id}/activate"), json!({}))
        .await;
    assert_eq!(admin.status, StatusCode::OK);
    let shown = b.supervisor.get(&format!("/api/v1/campaigns/{id}")).await;
    assert_eq!(shown.body["draw"], Value::Null, "no draw happened");
}

async fn an_inspector_reads_where_to_go_and_with_whom_and_filters_visits_by_status_and_day(
    backend: Backend,
) {
    let b = Bureau::new(backend).await;
    let (_, draw) = b.active_campaign().await;
    let visit = draw["assignments"][0].clone();
    let visit_id = visit["id"].as_str().unwrap();
    let member = b.inspector(visit["inspector_ids"][0].as_str().unwrap());
    let shown = member.get(&format!("/api/v1/assignments/{visit_id}")).await;
    assert_eq!(shown.status, StatusCode::OK, "{}", shown.text);
    let unit = b
        .admin
        .get(&format!(
            "/api/v1/units/{}",
            visit["unit_id"].as_str().unwrap()
        ))
        .await
        .body;
    assert_eq!(
        shown.body["unit"],
        json!({
            "name": unit["name"],
            "address": unit["address"],
            "latitude": 30.25,
            "longitude": 120.17,
            "geofence_m": 300,
            "unit_type": unit["type_code"],
            "unit_type_name": unit["type_name"],
            "district": unit["district"],
            "district_name": unit["district_name"],
        }),
        "where to go"
    );
    assert_eq!(shown.body["starts_on"], "2026-11-01");
    assert_eq!(shown.body["ends_on"], "2026-11-30");
    assert!(shown.body["scenario"]["documents"].is_array());
    let team: Vec<(String, String)> = shown.body["team"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["id"].as_str().unwrap().to_owned(),
                t["display_name"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected: Vec<(String, String)> = visit["inspector_ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|id| {
            let session = b.inspector(id.as_str().unwrap());
            let n = session.username.trim_start_matches("inspector-");
            (session.user_id.clone(), format!("暗访员{n}"))
        })
        .collect();
    assert_eq!(team, expected, "the team, by name");
    assert_eq!(team.len(), 2);

    let listed = |query: &'static str| async move {
        let answer = member.get(&format!("/api/v1/assignments?{query}")).await;
        assert_eq!(answer.status, StatusCode::OK, "{query}: {}", answer.text);
        answer.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["id"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    let all = listed("limit=100").await;
    assert!(all.contains(&visit_id.to_owned()));
    assert_eq!(listed("status=pending").await, all, "nothing reported yet");
    assert!(listed("status=reported").await.is_empty());
    assert_eq!(listed("on=2026-11-15").await, all, "within the period");
    assert!(listed("on=2026-12-15").await.is_empty(), "after it");
    assert!(listed("on=2026-10-31").await.is_empty(), "before it");

    let report = uuid::Uuid::new_v4().to_string();
    let put = b.put_report(member, &report, b.report_body(&visit)).await;
    assert_eq!(put.status, StatusCode::CREATED, "{}", put.text);
    let submitted = member
        .post(&format!("/api/v1/reports/{report}/submit"), json!({}))
        .await;
    assert_eq!(submitted.status, StatusCode::OK, "{}", submitted.text);
    assert_eq!(listed("status=reported").await, [visit_id.to_owned()]);
    assert!(
        !listed("status=pending")
            .await
            .contains(&visit_id.to_owned())
    );

    for (query, parameter) in [("status=done", "status"), ("on=tomorrow", "on")] {
        let refused = member.get(&format!("/api/v1/assignments?{query}")).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(refused.body["code"], "invalid_parameter");
        assert_eq!(refused.body["errors"][0]["field"], parameter, "{query}");
    }
}
