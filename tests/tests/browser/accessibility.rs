//! Every main page of the console, for each role that works at a desk, has no serious or
//! critical accessibility problem that axe-core finds (WCAG 2.1 A and AA): labelled fields,
//! contrast, landmarks, keyboard reachability; and fits a tablet's width without sideways
//! scrolling. A screenshot of each, at both sizes, goes under `target/screenshots/`.

use anfang_tests::chrome::Chrome;
use anfang_tests::reports::Fixture;
use anfang_tests::{Backend, Session, both_backends};
use serde_json::json;

both_backends!(the_main_pages_are_accessible_and_fit_a_tablet);

async fn walk(
    browser: &Chrome,
    (role, who): (&str, &Session),
    pages: &[String],
    prefix: &str,
) -> Vec<String> {
    browser.sign_in(&who.username, &who.password).await;
    let mut problems = Vec::new();
    for path in pages {
        browser.visit(path).await;
        browser.text_saying("退出登录").await;
        // A page of one thing is named by its kind: `reports-one`, not by its id.
        let name: Vec<&str> = path
            .trim_start_matches("/console/")
            .split('/')
            .map(|part| if part.len() == 36 { "one" } else { part })
            .collect();
        browser
            .screenshot(&format!("{prefix}-{role}-{}", name.join("-")))
            .await;
        for problem in browser.accessibility_problems().await {
            problems.push(format!("{} {path}: {problem}", who.username));
        }
        browser.resize(810, 1080).await;
        let wider = browser.overflow().await;
        if wider > 0 {
            problems.push(format!(
                "{} {path}: {wider} px wider than a tablet",
                who.username
            ));
        }
        browser
            .screenshot(&format!("{prefix}-tablet-{role}-{}", name.join("-")))
            .await;
        browser.resize(1366, 768).await;
    }
    browser.sign_out().await;
    problems
}

async fn the_main_pages_are_accessible_and_fit_a_tablet(backend: Backend) {
    let f = Fixture::new(backend).await;
    let Some(browser) = Chrome::open(&f.app.address).await else {
        return;
    };
    let prefix = &format!("{}-a11y", backend.name());
    let findings = f.published_findings().await;
    let pending = f.submitted().await;
    let period = (f.visit_ended_at + chrono::Duration::hours(8))
        .format("%Y-%m")
        .to_string();
    let notice = f
        .supervisor
        .post("/api/v1/notices", json!({ "period": period }))
        .await
        .body["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let campaign = f
        .supervisor
        .post(
            "/api/v1/campaigns",
            json!({
                "name": "2026年12月窗口作风暗访",
                "starts_on": "2026-12-01",
                "ends_on": "2026-12-31",
                "unit_types": ["EMP"],
                "districts": [],
                "checklist_id": f.checklist["id"],
                "scenarios": [{ "matter": "咨询失业登记", "documents": [] }],
            }),
        )
        .await
        .body["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let checklist = f.checklist["id"].as_str().unwrap_or_default().to_owned();
    let user = f.inspector.get("/api/v1/me").await.body["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();

    let mut problems = Vec::new();
    browser.visit("/console/login").await;
    for problem in browser.accessibility_problems().await {
        problems.push(format!("/console/login: {problem}"));
    }
    let supervisor_pages = [
        "/console/reports".to_owned(),
        format!("/console/reports/{pending}"),
        "/console/findings".to_owned(),
        format!("/console/findings/{}", findings[0]),
        "/console/campaigns".to_owned(),
        format!("/console/campaigns/{campaign}"),
        "/console/notices".to_owned(),
        format!("/console/notices/{notice}"),
    ];
    problems.extend(
        walk(
            &browser,
            ("supervisor", &f.supervisor),
            &supervisor_pages,
            prefix,
        )
        .await,
    );
    let leader_pages = ["/console/dashboard".to_owned()];
    problems.extend(walk(&browser, ("leader", &f.leader), &leader_pages, prefix).await);
    let manager_pages = [
        "/console/findings".to_owned(),
        format!("/console/findings/{}", findings[0]),
    ];
    let manager = f.manager_of_unit().await;
    problems.extend(walk(&browser, ("manager", &manager), &manager_pages, prefix).await);
    let admin_pages = [
        "/console/admin".to_owned(),
        "/console/users".to_owned(),
        format!("/console/users/{user}"),
        "/console/units".to_owned(),
        format!("/console/units/{}", f.unit_id),
        "/console/districts".to_owned(),
        "/console/checklists".to_owned(),
        format!("/console/checklists/{checklist}"),
        "/console/settings".to_owned(),
    ];
    problems.extend(walk(&browser, ("admin", &f.admin), &admin_pages, prefix).await);
    browser.close().await;
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
