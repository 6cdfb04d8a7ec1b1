//! A supervisor reviews a report with a photo and returns it; the inspector fixes it on the
//! phone (the API); the supervisor approves it and publishes its finding; the unit's manager
//! sees the finding and rectifies it with a photo; a second supervisor verifies it.

use anfang_tests::chrome::Chrome;
use anfang_tests::photos::{jpeg, upload};
use anfang_tests::reports::Fixture;
use anfang_tests::{Backend, both_backends};
use reqwest::StatusCode;
use serde_json::json;

both_backends!(a_report_goes_from_review_to_a_verified_rectification);

async fn a_report_goes_from_review_to_a_verified_rectification(backend: Backend) {
    let f = Fixture::new(backend).await;
    let Some(browser) = Chrome::open(&f.app.address).await else {
        return;
    };
    let shot = |name: &str| format!("{}-{name}", backend.name());
    let note = json!({ "item_code": "ATT-01", "outcome": "major", "note": "工作人员当面呵斥群众，拒绝解答" });
    let report = f
        .draft(Fixture::with_rating(f.body(), "ATT-01", note))
        .await;
    let sent = upload(
        &f.app,
        &f.inspector,
        &report,
        jpeg(640, 480, 7, 90),
        "image/jpeg",
        &[("item_code", "ATT-01")],
    )
    .await;
    assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.text);
    let submitted = f.action(&f.inspector, &report, "submit", None).await;
    assert_eq!(submitted.status, StatusCode::OK, "{}", submitted.text);

    browser.visit("/console/login").await;
    browser.screenshot(&shot("login")).await;
    browser
        .sign_in(&f.supervisor.username, &f.supervisor.password)
        .await;
    let queue = browser.text_saying("EMP-330102-1").await;
    assert!(queue.contains("审核队列"), "{queue}");
    assert_eq!(browser.path().await, "/console/reports", "the queue first");
    browser.screenshot(&shot("queue")).await;

    browser
        .click(&format!("a[href='/console/reports/{report}']"))
        .await;
    browser.text_saying("工作人员当面呵斥群众，拒绝解答").await;
    let shown = browser
        .client
        .execute(
            "const img = document.querySelector('.photos img'); return img.complete && img.naturalWidth;",
            vec![],
        )
        .await
        .expect("the photo's state");
    assert!(
        shown.as_u64().unwrap_or(0) > 0,
        "the photo is shown at display size: {shown}"
    );
    browser.screenshot(&shot("report")).await;

    browser.click("form[action$='/claim'] button").await;
    browser.text_saying("审核决定").await;
    browser.click("input[value=return]").await;
    browser
        .fill("#comment", "照片未能体现问题，请补充说明")
        .await;
    browser.screenshot(&shot("review")).await;
    browser.click("form.decide button[type=submit]").await;
    browser.text_saying("已退回").await;
    let seen = f.as_author(&report).await;
    assert_eq!(seen.body["status"], "returned");
    assert_eq!(seen.body["review_comment"], "照片未能体现问题，请补充说明");

    // The inspector fixes the report on the phone and sends it again.
    let mut fixed = f.as_author(&report).await.body;
    let version = fixed["version"].clone();
    fixed = Fixture::with_rating(
        f.body(),
        "ATT-01",
        json!({ "item_code": "ATT-01", "outcome": "major",
                "note": "工作人员当面呵斥群众，拒绝解答；已补充现场照片说明" }),
    );
    let put = f
        .put(
            &f.inspector,
            &report,
            fixed,
            Some(&format!("\"{version}\"")),
        )
        .await;
    assert!(put.status.is_success(), "{}", put.text);
    let again = f.action(&f.inspector, &report, "submit", None).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.text);

    browser.visit(&format!("/console/reports/{report}")).await;
    browser.click("form[action$='/claim'] button").await;
    browser.text_saying("审核决定").await;
    browser.click("input[value=approve]").await;
    browser.click("form.decide button[type=submit]").await;
    browser.text_saying("已通过").await;
    assert_eq!(f.as_author(&report).await.body["status"], "approved");

    // The supervisor publishes the finding to the unit from its page.
    browser.visit("/console/findings").await;
    browser.screenshot(&shot("findings")).await;
    browser.click("td a[href^='/console/findings/']").await;
    browser.text_saying("发布给单位").await;
    let finding = browser
        .path()
        .await
        .trim_start_matches("/console/findings/")
        .to_owned();
    browser.click("form[action$='/publish'] button").await;
    browser.text_without("发布给单位").await;
    browser.sign_out().await;

    // The unit's manager sees it and rectifies it with a photo.
    let manager = f.manager_of_unit().await;
    browser.sign_in(&manager.username, &manager.password).await;
    browser.text_saying("本单位问题").await;
    browser
        .click(&format!("a[href='/console/findings/{finding}']"))
        .await;
    browser.text_saying("工作人员当面呵斥群众").await;
    let photo = tempfile::Builder::new()
        .suffix(".jpg")
        .tempfile()
        .expect("a photo file");
    std::fs::write(photo.path(), jpeg(640, 480, 3, 90)).expect("the photo is written");
    browser.fill_file("#file", photo.path()).await;
    browser.fill("#caption", "整改后的窗口").await;
    browser.click("form[action$='/photos'] button").await;
    browser.text_saying("整改后的窗口").await;
    browser
        .fill(
            "#text",
            "已对窗口人员开展文明用语培训，并在窗口张贴服务规范",
        )
        .await;
    browser.screenshot(&shot("rectification")).await;
    browser.click("form[action$='/rectification'] button").await;
    browser.text_saying("已整改待核验").await;
    browser.sign_out().await;

    // A second supervisor verifies it, the unit's photo beside the inspector's.
    browser
        .sign_in(&f.other_supervisor.username, &f.other_supervisor.password)
        .await;
    browser.visit(&format!("/console/findings/{finding}")).await;
    browser.text_saying("核验整改").await;
    browser.screenshot(&shot("verification")).await;
    browser.click("input[value=verify]").await;
    browser
        .click("form[action$='/verify'] button[type=submit]")
        .await;
    browser.text_saying("已核验销号").await;
    let verified = f
        .supervisor
        .get(&format!("/api/v1/findings/{finding}"))
        .await;
    assert_eq!(verified.body["status"], "verified");
    browser.close().await;
}
