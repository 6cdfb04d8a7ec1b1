//! 四不两直 in the console: while an inspection of a unit is drawn, under way and reported,
//! the unit's manager and a leader see every console page exactly as without it, and a
//! report's or a campaign's id opens nothing more than a made-up one.

use anfang_tests::campaigns::Bureau;
use anfang_tests::console::Browser;
use anfang_tests::{Backend, both_backends};
use reqwest::StatusCode;
use serde_json::json;

both_backends!(the_console_shows_nothing_of_an_inspection_under_way);

const PAGES: [&str; 6] = [
    "/console",
    "/console/findings",
    "/console/notices",
    "/console/reports",
    "/console/dashboard",
    "/console/campaigns",
];

async fn pages(browser: &Browser) -> Vec<(u16, String)> {
    let mut seen = Vec::new();
    for path in PAGES {
        let page = browser.get(path).await;
        seen.push((page.status.as_u16(), page.body));
    }
    seen
}

async fn the_console_shows_nothing_of_an_inspection_under_way(backend: Backend) {
    let b = Bureau::new(backend).await;
    let target = b.units[0].0.clone();
    let manager = Browser::sign_in(&b.app.address, &b.manager.username, &b.manager.password).await;
    let leader = Browser::sign_in(&b.app.address, &b.leader.username, &b.leader.password).await;
    let before = (pages(&manager).await, pages(&leader).await);

    let mut plan = b.plan();
    plan["districts"] = json!(["330102"]);
    let campaign = b.supervisor.post("/api/v1/campaigns", plan).await.body["id"]
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
        .expect("the manager's unit is drawn")
        .clone();
    let member = b.inspector(visit["inspector_ids"][0].as_str().unwrap());
    let report = uuid::Uuid::new_v4().to_string();
    let written = b.put_report(member, &report, b.report_body(&visit)).await;
    assert_eq!(written.status, StatusCode::CREATED, "{}", written.text);
    let submitted = member
        .post(&format!("/api/v1/reports/{report}/submit"), json!({}))
        .await;
    assert_eq!(submitted.status, StatusCode::OK, "{}", submitted.text);

    let after = (pages(&manager).await, pages(&leader).await);
    for (i, path) in PAGES.iter().enumerate() {
        assert_eq!(
            before.0[i], after.0[i],
            "the unit's manager sees a difference at {path}"
        );
        assert_eq!(
            before.1[i], after.1[i],
            "a leader sees a difference at {path}"
        );
    }
    for browser in [&manager, &leader] {
        let made_up = uuid::Uuid::new_v4();
        for (real, fake) in [
            (
                format!("/console/reports/{report}"),
                format!("/console/reports/{made_up}"),
            ),
            (
                format!("/console/campaigns/{campaign}"),
                format!("/console/campaigns/{made_up}"),
            ),
        ] {
            let (real, fake) = (browser.get(&real).await, browser.get(&fake).await);
            assert_eq!((real.status, real.body), (fake.status, fake.body));
        }
    }
}
