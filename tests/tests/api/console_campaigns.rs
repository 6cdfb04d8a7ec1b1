//! Campaigns from the console: a supervisor plans one, runs the draw and sees the units and
//! teams, activates and closes it; for a unit's manager, a leader and an inspector the pages do
//! not exist; a forged form changes nothing.

use anfang_tests::campaigns::Bureau;
use anfang_tests::console::Browser;
use anfang_tests::{Backend, both_backends};
use reqwest::StatusCode;

both_backends!(a_supervisor_plans_draws_activates_and_closes_a_campaign);

async fn a_supervisor_plans_draws_activates_and_closes_a_campaign(backend: Backend) {
    let b = Bureau::new(backend).await;
    let supervisor = Browser::sign_in(
        &b.app.address,
        &b.supervisor.username,
        &b.supervisor.password,
    )
    .await;
    let list = supervisor.get("/console/campaigns").await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    let token = list.form_token();
    let fields = |token: &str| {
        vec![
            ("form_token", token.to_owned()),
            ("name", "2026年12月窗口作风暗访".to_owned()),
            ("starts_on", "2026-12-01".to_owned()),
            ("ends_on", "2026-12-31".to_owned()),
            ("unit_types", "EMP".to_owned()),
            ("unit_types", "PEN".to_owned()),
            ("districts", String::new()),
            (
                "scenarios",
                "咨询失业保险金申领条件\n办理养老保险关系转移".to_owned(),
            ),
        ]
    };
    let forged = fields("forged");
    let forged: Vec<(&str, &str)> = forged.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let refused = supervisor.post("/console/campaigns", &forged).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let listed = b.supervisor.get("/api/v1/campaigns").await;
    assert_eq!(
        listed.body["items"].as_array().unwrap().len(),
        0,
        "nothing planned"
    );

    let good = fields(&token);
    let good: Vec<(&str, &str)> = good.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let planned = supervisor.post("/console/campaigns", &good).await;
    assert_eq!(planned.status, StatusCode::SEE_OTHER, "{}", planned.body);
    let path = planned.location().to_owned();
    let campaign = path.trim_start_matches("/console/campaigns/").to_owned();
    let page = supervisor.get(&path).await;
    assert!(
        page.body.contains("2026年12月窗口作风暗访"),
        "{}",
        page.body
    );
    assert!(page.body.contains("尚未抽签"));

    let drawn = supervisor
        .post(
            &format!("{path}/draw"),
            &[
                ("form_token", &token),
                ("units_per_type", "1"),
                ("team_size", "2"),
                ("seed", "7"),
            ],
        )
        .await;
    assert_eq!(drawn.status, StatusCode::SEE_OTHER, "{}", drawn.body);
    let page = supervisor.get(&path).await;
    let visits = b
        .supervisor
        .get(&format!("/api/v1/assignments?campaign_id={campaign}"))
        .await;
    let first = &visits.body["items"][0];
    assert!(
        page.body.contains(first["unit"]["name"].as_str().unwrap())
            && page
                .body
                .contains(first["team"][0]["display_name"].as_str().unwrap()),
        "the draw as a table of units and teams: {}",
        page.body
    );
    assert!(page.body.contains("启动暗访"));

    // Nobody else finds the campaign, or campaigns at all.
    for who in [&b.manager, &b.leader, &b.inspectors[0]] {
        let browser = Browser::sign_in(&b.app.address, &who.username, &who.password).await;
        let made_up = uuid::Uuid::new_v4();
        let nothing = browser.get(&format!("/console/campaigns/{made_up}")).await;
        assert_eq!(nothing.status, StatusCode::NOT_FOUND);
        for probe in ["/console/campaigns".to_owned(), path.clone()] {
            let seen = browser.get(&probe).await;
            assert_eq!(
                (seen.status, &seen.body),
                (nothing.status, &nothing.body),
                "{probe}"
            );
        }
    }

    for (step, status) in [("activate", "active"), ("close", "closed")] {
        let done = supervisor
            .post(&format!("{path}/{step}"), &[("form_token", &token)])
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{step}: {}", done.body);
        let now = b
            .supervisor
            .get(&format!("/api/v1/campaigns/{campaign}"))
            .await;
        assert_eq!(now.body["status"], status);
    }
}
