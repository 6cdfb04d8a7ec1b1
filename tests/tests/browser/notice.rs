//! A supervisor drafts the month's notice and sends it for signature; a leader opens the
//! dashboard and signs it off (签发); the supervisor publishes it and the unit's manager
//! downloads the unit's rectification order.

use anfang_tests::chrome::Chrome;
use anfang_tests::reports::Fixture;
use anfang_tests::{Backend, both_backends};

both_backends!(a_leader_signs_the_notice_from_the_console);

async fn a_leader_signs_the_notice_from_the_console(backend: Backend) {
    let f = Fixture::new(backend).await;
    let Some(browser) = Chrome::open(&f.app.address).await else {
        return;
    };
    let shot = |name: &str| format!("{}-{name}", backend.name());
    f.approved_with_problems_at(0).await;
    let period = (f.visit_ended_at + chrono::Duration::hours(8))
        .format("%Y-%m")
        .to_string();

    browser
        .sign_in(&f.supervisor.username, &f.supervisor.password)
        .await;
    browser.text_saying("审核队列").await;
    browser.visit("/console/notices").await;
    browser.fill("#period", &period).await;
    browser
        .click("form[action='/console/notices'] button")
        .await;
    browser.text_saying("送领导签发").await;
    browser.screenshot(&shot("notice-draft")).await;
    browser.click("form[action$='/submit'] button").await;
    browser.text_saying("送签中").await;
    browser.sign_out().await;

    browser
        .sign_in(&f.leader.username, &f.leader.password)
        .await;
    let dashboard = browser.text_saying("数据看板").await;
    assert!(dashboard.contains("近六个月平均得分"), "{dashboard}");
    assert_eq!(
        browser.path().await,
        "/console/dashboard",
        "leaders start at the dashboard"
    );
    browser.screenshot(&shot("dashboard")).await;
    browser.visit("/console/notices").await;
    browser.click("a[href^='/console/notices/']").await;
    browser.text_saying("签发").await;
    browser.click("form[action$='/sign'] button").await;
    browser.text_saying("已签发").await;
    browser.sign_out().await;

    browser
        .sign_in(&f.supervisor.username, &f.supervisor.password)
        .await;
    browser.text_saying("审核队列").await;
    browser.visit("/console/notices").await;
    browser.click("a[href^='/console/notices/']").await;
    browser.text_saying("发布（编号并下发各单位）").await;
    browser.click("form[action$='/publish'] button").await;
    let published = browser.text_saying("整改通知书").await;
    assert!(published.contains("人社暗〔"), "numbered: {published}");
    browser.screenshot(&shot("notice-published")).await;
    browser.sign_out().await;

    let manager = f.manager_of_unit().await;
    browser.sign_in(&manager.username, &manager.password).await;
    browser.text_saying("本单位问题").await;
    browser.visit("/console/notices").await;
    browser.click("a[href^='/console/notices/']").await;
    let page = browser.text_saying("整改通知书").await;
    assert!(page.contains("EMP-330102-1"), "its own order: {page}");
    browser.close().await;
}
