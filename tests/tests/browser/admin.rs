//! An administrator drafts a new checklist version from the current one, rewords an item,
//! and publishes it; from then on the phones fill reports against it.

use anfang_tests::chrome::Chrome;
use anfang_tests::reports::Fixture;
use anfang_tests::{Backend, both_backends};

both_backends!(an_admin_publishes_a_new_checklist_version);

async fn an_admin_publishes_a_new_checklist_version(backend: Backend) {
    let f = Fixture::new(backend).await;
    let Some(browser) = Chrome::open(&f.app.address).await else {
        return;
    };
    let shot = |name: &str| format!("{}-{name}", backend.name());

    browser.sign_in(&f.admin.username, &f.admin.password).await;
    browser.text_saying("系统管理").await;
    browser.click("a[href='/console/admin']").await;
    browser.text_saying("检查表版本").await;
    browser.click("main a[href='/console/checklists']").await;
    browser.text_saying("新建草稿版本").await;
    browser
        .click("form[action='/console/checklists'] button")
        .await;
    browser.text_saying("草稿").await;
    assert!(browser.path().await.starts_with("/console/checklists/"));
    browser.screenshot(&shot("checklist-draft")).await;

    browser.click("a[href$='/items/ATT-01']").await;
    browser.text_saying("修改检查项").await;
    browser.fill("#title", "态度生硬、推诿扯皮").await;
    browser.fill("#weight", "12").await;
    browser.screenshot(&shot("checklist-item")).await;
    browser.click("form.plan button[type=submit]").await;
    browser.text_saying("态度生硬、推诿扯皮").await;
    browser.click("form[action$='/publish'] button").await;
    let published = browser.text_saying("已发布").await;
    assert!(!published.contains("发布此版本"), "nothing left to do");
    browser.screenshot(&shot("checklist-published")).await;

    let current = f.inspector.get("/api/v1/checklists/current").await.body;
    assert_eq!(current["version"], 2, "the phones now use the new version");
    let att = current["items"]
        .as_array()
        .and_then(|items| items.iter().find(|i| i["code"] == "ATT-01"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(att["title"], "态度生硬、推诿扯皮");
    assert_eq!(att["weight"], 12);
    browser.close().await;
}
