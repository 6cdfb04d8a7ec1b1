//! The console over HTTP, as a browser uses it: signing in gives a cookie no script can read
//! and no other site can send; every page forbids scripts and framing; a form without its
//! session's token is refused with nothing changed; signing out or disabling the account ends
//! the session at once; a supervisor claims and returns a report from its page; and roles
//! that may not know of reports find the same nothing as for an id that was never used.

use anfang_tests::console::Browser;
use anfang_tests::photos::{jpeg, upload};
use anfang_tests::reports::Fixture;
use anfang_tests::{Backend, Session, both_backends};
use reqwest::StatusCode;
use serde_json::json;

both_backends!(
    signing_in_gives_a_cookie_no_script_can_read_and_every_page_forbids_scripts,
    a_form_without_its_sessions_token_is_refused_and_changes_nothing,
    a_supervisor_claims_a_report_and_returns_it_with_a_comment,
    signing_out_or_disabling_the_account_ends_the_console_session_at_once,
    unit_managers_and_inspectors_find_nothing_of_reports_in_the_console,
    a_unit_rectifies_with_a_photo_and_another_supervisor_verifies,
    without_a_session_every_console_page_and_form_sends_you_to_sign_in,
    a_supervisor_requires_a_follow_up_visit_from_the_findings_page,
);

const POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self'; media-src 'self'; \
                      form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

async fn browser_of(f: &Fixture, who: &Session) -> Browser {
    Browser::sign_in(&f.app.address, &who.username, &who.password).await
}

async fn status_of(f: &Fixture, report: &str) -> String {
    f.admin.get(&format!("/api/v1/reports/{report}")).await.body["status"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

async fn signing_in_gives_a_cookie_no_script_can_read_and_every_page_forbids_scripts(
    backend: Backend,
) {
    let f = Fixture::new(backend).await;
    let browser = Browser::new(&f.app.address);
    let form = browser.get("/console/login").await;
    assert_eq!(form.status, StatusCode::OK);
    assert_eq!(form.headers["content-security-policy"], POLICY);
    assert_eq!(form.headers["x-frame-options"], "DENY");
    assert!(!form.body.contains("<script"), "no script on any page");

    // A wrong password: the form again, and no session.
    let token = form.form_token();
    let wrong = browser
        .post(
            "/console/login",
            &[
                ("username", &f.supervisor.username),
                ("password", "not-the-password"),
                ("form_token", &token),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(wrong.body.contains("用户名或密码不正确"), "{}", wrong.body);
    assert!(browser.cookie("anfang_console").is_none());

    // A sign-in form posted from elsewhere carries no sign-in cookie: refused.
    let elsewhere = Browser::new(&f.app.address);
    let forged = elsewhere
        .post(
            "/console/login",
            &[
                ("username", &f.supervisor.username),
                ("password", &f.supervisor.password),
                ("form_token", &token),
            ],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert!(elsewhere.cookie("anfang_console").is_none());

    let form = browser.get("/console/login").await;
    let signed_in = browser
        .post(
            "/console/login",
            &[
                ("username", &f.supervisor.username),
                ("password", &f.supervisor.password),
                ("form_token", &form.form_token()),
            ],
        )
        .await;
    assert_eq!(
        (signed_in.status, signed_in.location()),
        (StatusCode::SEE_OTHER, "/console")
    );
    let session_cookie = signed_in
        .set_cookies()
        .into_iter()
        .find(|c| c.starts_with("anfang_console="))
        .expect("a session cookie");
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/console"] {
        assert!(
            session_cookie.contains(attribute),
            "{attribute} in {session_cookie}"
        );
    }
    assert!(
        !session_cookie.contains("Secure"),
        "plain HTTP here; behind TLS the cookie is Secure"
    );
    let queue = browser.get("/console/reports").await;
    assert_eq!(queue.status, StatusCode::OK, "{}", queue.body);
    assert_eq!(queue.headers["content-security-policy"], POLICY);
    assert_eq!(queue.headers["cache-control"], "no-store");
    assert!(queue.body.contains("审核队列"));

    // Switching to English is remembered.
    let switched = browser.get("/console/lang/en").await;
    assert_eq!(switched.status, StatusCode::SEE_OTHER);
    let english = browser.get("/console/reports").await;
    assert!(english.body.contains("Review queue"), "{}", english.body);
}

async fn a_form_without_its_sessions_token_is_refused_and_changes_nothing(backend: Backend) {
    let f = Fixture::new(backend).await;
    let report = f.submitted().await;
    let supervisor = browser_of(&f, &f.supervisor).await;
    let other = browser_of(&f, &f.other_supervisor).await;
    let others_token = other.get("/console/reports").await.form_token();
    let claim = format!("/console/reports/{report}/claim");
    for token in ["", "forged", others_token.as_str()] {
        let refused = supervisor.post(&claim, &[("form_token", token)]).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "token {token:?}");
        assert_eq!(status_of(&f, &report).await, "submitted", "nothing changed");
    }
    let without = supervisor.post(&claim, &[]).await;
    assert!(without.status.is_client_error(), "{}", without.status);
    let sign_out = supervisor
        .post("/console/logout", &[("form_token", "forged")])
        .await;
    assert_eq!(sign_out.status, StatusCode::FORBIDDEN);
    assert_eq!(
        supervisor.get("/console/reports").await.status,
        StatusCode::OK,
        "still signed in"
    );
    assert_eq!(status_of(&f, &report).await, "submitted");
}

async fn a_supervisor_claims_a_report_and_returns_it_with_a_comment(backend: Backend) {
    let f = Fixture::new(backend).await;
    let body = Fixture::with_rating(
        f.body(),
        "ATT-01",
        json!({ "item_code": "ATT-01", "outcome": "major", "note": "工作人员当面呵斥群众，拒绝解答" }),
    );
    let report = f.draft(body).await;
    let sent = upload(
        &f.app,
        &f.inspector,
        &report,
        jpeg(96, 64, 7, 90),
        "image/jpeg",
        &[("item_code", "ATT-01")],
    )
    .await;
    assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.text);
    let photo = sent.body["id"].as_str().unwrap().to_owned();
    let submitted = f.action(&f.inspector, &report, "submit", None).await;
    assert_eq!(submitted.status, StatusCode::OK, "{}", submitted.text);

    let supervisor = browser_of(&f, &f.supervisor).await;
    let queue = supervisor.get("/console/reports").await;
    assert!(
        queue.body.contains(&format!("/console/reports/{report}")),
        "the queue lists it: {}",
        queue.body
    );
    assert!(queue.body.contains("EMP-330102-1"), "by the unit's name");

    let page = supervisor.get(&format!("/console/reports/{report}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    for expected in [
        "工作人员当面呵斥群众，拒绝解答",
        "严重问题",
        "现场暗访",
        &format!("/console/photos/{photo}?variant=display"),
        &format!("/console/photos/{photo}?variant=original"),
        &format!("/console/reports/{report}/evidence.zip"),
        "认领审核",
    ] {
        assert!(page.body.contains(expected), "{expected} in {}", page.body);
    }
    let image = supervisor
        .get(&format!("/console/photos/{photo}?variant=display"))
        .await;
    assert_eq!(
        (image.status, &image.headers["content-type"]),
        (StatusCode::OK, &"image/jpeg".parse().unwrap())
    );
    // The original, on request, is a download the audit trail records.
    let trail = |f: &Fixture| {
        let admin = f.admin.clone();
        async move {
            admin
                .get("/api/v1/audit?action=photo.original_download")
                .await
                .body["items"]
                .as_array()
                .map_or(0, Vec::len)
        }
    };
    assert_eq!(trail(&f).await, 0);
    let original = supervisor
        .get(&format!("/console/photos/{photo}?variant=original"))
        .await;
    assert_eq!(original.status, StatusCode::OK);
    assert!(
        original.headers["content-disposition"]
            .to_str()
            .unwrap_or_default()
            .starts_with("attachment"),
        "a download"
    );
    assert_eq!(trail(&f).await, 1, "the original's download is audited");
    let bundle = supervisor
        .get(&format!("/console/reports/{report}/evidence.zip"))
        .await;
    assert_eq!(bundle.status, StatusCode::OK);
    assert_eq!(bundle.headers["content-type"], "application/zip");
    assert_eq!(trail(&f).await, 2, "the bundle's original too");

    let token = page.form_token();
    let claimed = supervisor
        .post(
            &format!("/console/reports/{report}/claim"),
            &[("form_token", &token)],
        )
        .await;
    assert_eq!(claimed.status, StatusCode::SEE_OTHER, "{}", claimed.body);
    assert_eq!(status_of(&f, &report).await, "in_review");

    // Returning needs a comment: refused without one, nothing changed.
    let page = supervisor.get(&format!("/console/reports/{report}")).await;
    assert!(page.body.contains("审核决定"), "{}", page.body);
    let review = format!("/console/reports/{report}/review");
    let bare = supervisor
        .post(&review, &[("form_token", &token), ("decision", "return")])
        .await;
    assert_eq!(
        bare.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        bare.body
    );
    assert_eq!(status_of(&f, &report).await, "in_review");
    let returned = supervisor
        .post(
            &review,
            &[
                ("form_token", &token),
                ("decision", "return"),
                ("comment", "照片未能体现问题，请补充说明"),
            ],
        )
        .await;
    assert_eq!(returned.status, StatusCode::SEE_OTHER, "{}", returned.body);
    let seen = f.as_author(&report).await;
    assert_eq!(
        (&seen.body["status"], &seen.body["review_comment"]),
        (&json!("returned"), &json!("照片未能体现问题，请补充说明")),
        "the inspector reads the comment"
    );
    let after = supervisor.get(&format!("/console/reports/{report}")).await;
    assert!(after.body.contains("照片未能体现问题，请补充说明"));
    assert!(after.body.contains("已退回"));
}

async fn signing_out_or_disabling_the_account_ends_the_console_session_at_once(backend: Backend) {
    let f = Fixture::new(backend).await;
    let supervisor = browser_of(&f, &f.supervisor).await;
    let cookie = supervisor.cookie("anfang_console").expect("signed in");
    let token = supervisor.get("/console/reports").await.form_token();
    let out = supervisor
        .post("/console/logout", &[("form_token", &token)])
        .await;
    assert_eq!(
        (out.status, out.location()),
        (StatusCode::SEE_OTHER, "/console/login")
    );
    assert!(
        supervisor.cookie("anfang_console").is_none(),
        "the cookie is removed"
    );
    // A copy of the cookie kept from before no longer opens anything.
    supervisor.set_cookie("anfang_console", &cookie);
    let after = supervisor.get("/console/reports").await;
    assert_eq!(
        (after.status, after.location()),
        (StatusCode::SEE_OTHER, "/console/login")
    );

    let other = browser_of(&f, &f.other_supervisor).await;
    assert_eq!(other.get("/console/reports").await.status, StatusCode::OK);
    let disabled = f
        .admin
        .patch(
            &format!("/api/v1/users/{}", f.other_supervisor.user_id),
            json!({ "active": false }),
        )
        .await;
    assert_eq!(disabled.status, StatusCode::OK, "{}", disabled.text);
    assert_eq!(
        other.get("/console/reports").await.location(),
        "/console/login",
        "a disabled account's session ends at once"
    );
}

async fn unit_managers_and_inspectors_find_nothing_of_reports_in_the_console(backend: Backend) {
    let f = Fixture::new(backend).await;
    let approved = f.approved_with_problems_at(0).await;
    let pending = f.submitted().await;
    let manager = f.manager_of_unit().await;
    let never = uuid::Uuid::new_v4();
    // The author too: inspectors work from their phones.
    for who in [&manager, &f.inspector, &f.other_inspector] {
        let browser = browser_of(&f, who).await;
        let mut home = browser.get("/console").await;
        if home.status == StatusCode::SEE_OTHER {
            // A unit manager starts at their unit's findings.
            home = browser.get(home.location()).await;
        }
        assert_eq!(home.status, StatusCode::OK, "{}", home.body);
        assert!(
            !home.body.contains("/console/reports"),
            "no menu to reports"
        );
        let nothing = browser.get(&format!("/console/reports/{never}")).await;
        assert_eq!(nothing.status, StatusCode::NOT_FOUND);
        for path in [
            "/console/reports".to_owned(),
            format!("/console/reports/{approved}"),
            format!("/console/reports/{pending}"),
            format!("/console/reports/{approved}/evidence.zip"),
        ] {
            let page = browser.get(&path).await;
            assert_eq!(
                (page.status, page.body.as_str()),
                (nothing.status, nothing.body.as_str()),
                "{path} answers as for nothing"
            );
        }
        let claim = browser
            .post(
                &format!("/console/reports/{pending}/claim"),
                &[("form_token", &home.form_token())],
            )
            .await;
        assert_eq!(claim.status, StatusCode::NOT_FOUND);
    }
    assert_eq!(status_of(&f, &pending).await, "submitted");

    // A leader reads approved reports only.
    let leader = browser_of(&f, &f.leader).await;
    let list = leader.get("/console/reports").await;
    assert!(list.body.contains(&format!("/console/reports/{approved}")));
    assert!(!list.body.contains(&format!("/console/reports/{pending}")));
    assert_eq!(
        leader
            .get(&format!("/console/reports/{pending}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

async fn finding_status(f: &Fixture, id: &str) -> String {
    f.supervisor
        .get(&format!("/api/v1/findings/{id}"))
        .await
        .body["status"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

async fn a_unit_rectifies_with_a_photo_and_another_supervisor_verifies(backend: Backend) {
    let f = Fixture::new(backend).await;
    let published = f.published_findings().await;
    let (att, env) = (published[0].clone(), published[1].clone());
    // A second report whose findings are not published: the unit may not know of them.
    let hidden_report = f.approved_with_problems_at(30).await;
    let hidden = f.supervisor.get("/api/v1/findings?limit=100").await.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["report_id"] == hidden_report.as_str())
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let manager = browser_of(&f, &f.manager_of_unit().await).await;
    let ledger = manager.get("/console/findings").await;
    assert_eq!(ledger.status, StatusCode::OK, "{}", ledger.body);
    for (id, shown) in [(&att, true), (&env, true), (&hidden, false)] {
        assert_eq!(
            ledger.body.contains(&format!("/console/findings/{id}")),
            shown,
            "{id} in {}",
            ledger.body
        );
    }
    assert!(ledger.body.contains("生冷硬顶横"), "by the item's title");
    let nothing = manager
        .get(&format!("/console/findings/{}", uuid::Uuid::new_v4()))
        .await;
    assert_eq!(nothing.status, StatusCode::NOT_FOUND);
    let unpublished = manager.get(&format!("/console/findings/{hidden}")).await;
    assert_eq!(
        (unpublished.status, unpublished.body.as_str()),
        (nothing.status, nothing.body.as_str()),
        "an unpublished finding answers as one that does not exist"
    );
    let neighbour = browser_of(&f, &f.unit_manager).await;
    let theirs = neighbour.get(&format!("/console/findings/{att}")).await;
    assert_eq!(
        (theirs.status, theirs.body.as_str()),
        (nothing.status, nothing.body.as_str()),
        "another unit's finding is nothing to its manager"
    );

    let page = manager.get(&format!("/console/findings/{att}")).await;
    assert!(
        page.body.contains("工作人员当面呵斥群众，拒绝解答"),
        "{}",
        page.body
    );
    assert!(page.body.contains("报送整改情况"));
    let token = page.form_token();
    let upload = format!("/console/findings/{att}/photos");
    let forged = manager
        .post_file(
            &upload,
            &[("form_token", "forged")],
            ("file", jpeg(96, 64, 3, 90), "image/jpeg"),
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let photos = |f: &Fixture| {
        let path = format!("/api/v1/findings/{att}/photos");
        let supervisor = f.supervisor.clone();
        async move {
            supervisor.get(&path).await.body["items"]
                .as_array()
                .unwrap()
                .len()
        }
    };
    assert_eq!(photos(&f).await, 0, "nothing stored");
    let sent = manager
        .post_file(
            &upload,
            &[("form_token", &token), ("caption", "整改后的窗口")],
            ("file", jpeg(96, 64, 3, 90), "image/jpeg"),
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    assert_eq!(photos(&f).await, 1);
    let rectified = manager
        .post(
            &format!("/console/findings/{att}/rectification"),
            &[
                ("form_token", &token),
                ("text", "已对窗口人员开展文明用语培训"),
            ],
        )
        .await;
    assert_eq!(
        rectified.status,
        StatusCode::SEE_OTHER,
        "{}",
        rectified.body
    );
    assert_eq!(finding_status(&f, &att).await, "rectified");
    let not_theirs = manager
        .post(
            &format!("/console/findings/{att}/verify"),
            &[("form_token", &token), ("decision", "verify")],
        )
        .await;
    assert_eq!(
        not_theirs.status,
        StatusCode::FORBIDDEN,
        "a unit does not verify itself"
    );

    let supervisor = browser_of(&f, &f.other_supervisor).await;
    let to_verify = supervisor
        .get("/console/findings?waiting_for=verification")
        .await;
    assert!(to_verify.body.contains(&format!("/console/findings/{att}")));
    assert!(!to_verify.body.contains(&format!("/console/findings/{env}")));
    let page = supervisor.get(&format!("/console/findings/{att}")).await;
    for expected in [
        "已对窗口人员开展文明用语培训",
        "核验整改",
        "/photos/",
        "整改后的窗口",
    ] {
        assert!(page.body.contains(expected), "{expected} in {}", page.body);
    }
    let verified = supervisor
        .post(
            &format!("/console/findings/{att}/verify"),
            &[
                ("form_token", &page.form_token()),
                ("decision", "verify"),
                ("comment", ""),
            ],
        )
        .await;
    assert_eq!(verified.status, StatusCode::SEE_OTHER, "{}", verified.body);
    assert_eq!(finding_status(&f, &att).await, "verified");
    assert_eq!(
        finding_status(&f, &env).await,
        "open",
        "only the one verified"
    );
}

async fn without_a_session_every_console_page_and_form_sends_you_to_sign_in(backend: Backend) {
    let f = Fixture::new(backend).await;
    let report = f.submitted().await;
    let id = uuid::Uuid::new_v4();
    let nobody = Browser::new(&f.app.address);
    let gets = [
        "/console".to_owned(),
        "/console/reports".to_owned(),
        format!("/console/reports/{report}"),
        format!("/console/reports/{report}/evidence.zip"),
        format!("/console/notices/{id}/evidence.zip"),
        format!("/console/photos/{id}"),
        "/console/findings".to_owned(),
        format!("/console/findings/{id}"),
        format!("/console/findings/{id}/evidence/{id}"),
        format!("/console/findings/{id}/photos/{id}"),
        "/console/dashboard".to_owned(),
        "/console/notices".to_owned(),
        format!("/console/notices/{id}"),
        format!("/console/notices/{id}/export?format=pdf"),
        format!("/console/notices/{id}/orders/{id}?format=pdf"),
        "/console/campaigns".to_owned(),
        format!("/console/campaigns/{id}"),
        "/console/admin".to_owned(),
        "/console/users".to_owned(),
        format!("/console/users/{id}"),
        "/console/units".to_owned(),
        format!("/console/units/{id}"),
        "/console/districts".to_owned(),
        "/console/checklists".to_owned(),
        format!("/console/checklists/{id}"),
        format!("/console/checklists/{id}/items/ATT-01"),
        "/console/settings".to_owned(),
    ];
    for path in gets {
        let page = nobody.get(&path).await;
        assert_eq!(
            (page.status, page.location()),
            (StatusCode::SEE_OTHER, "/console/login"),
            "GET {path}"
        );
    }
    let posts = [
        "/console/logout".to_owned(),
        format!("/console/reports/{report}/claim"),
        format!("/console/reports/{report}/review"),
        format!("/console/findings/{id}/publish"),
        format!("/console/findings/{id}/rectification"),
        format!("/console/findings/{id}/appeal"),
        format!("/console/findings/{id}/verify"),
        format!("/console/findings/{id}/appeal-decision"),
        format!("/console/findings/{id}/photos"),
        "/console/notices".to_owned(),
        format!("/console/notices/{id}/sign"),
        format!("/console/notices/{id}/publish"),
        "/console/campaigns".to_owned(),
        format!("/console/campaigns/{id}/draw"),
        format!("/console/campaigns/{id}/activate"),
        format!("/console/findings/{id}/follow-up"),
        "/console/users".to_owned(),
        format!("/console/users/{id}"),
        format!("/console/users/{id}/password"),
        "/console/units".to_owned(),
        format!("/console/units/{id}"),
        "/console/districts".to_owned(),
        "/console/districts/330102".to_owned(),
        "/console/checklists".to_owned(),
        format!("/console/checklists/{id}/items"),
        format!("/console/checklists/{id}/items/ATT-01/remove"),
        format!("/console/checklists/{id}/publish"),
        "/console/settings".to_owned(),
        "/console/settings/letterhead".to_owned(),
    ];
    for path in posts {
        let answer = nobody
            .post(&path, &[("form_token", "x"), ("decision", "approve")])
            .await;
        assert_eq!(
            (answer.status, answer.location()),
            (StatusCode::SEE_OTHER, "/console/login"),
            "POST {path}"
        );
    }
    assert_eq!(status_of(&f, &report).await, "submitted", "nothing changed");
}

async fn a_supervisor_requires_a_follow_up_visit_from_the_findings_page(backend: Backend) {
    let f = Fixture::new(backend).await;
    let finding = f.published_findings().await[0].clone();
    let page_path = format!("/console/findings/{finding}");
    let supervisor = browser_of(&f, &f.supervisor).await;
    let page = supervisor.get(&page_path).await;
    assert!(
        page.body.contains("没有进行中的暗访批次"),
        "a follow-up needs an active campaign: {}",
        page.body
    );

    let campaign = f
        .supervisor
        .post(
            "/api/v1/campaigns",
            json!({
                "name": "2026年12月复查",
                "starts_on": "2026-12-01",
                "ends_on": "2026-12-31",
                "unit_types": ["EMP"],
                "districts": [],
                "checklist_id": f.checklist["id"],
                "scenarios": [{ "matter": "咨询失业登记", "documents": [] }],
            }),
        )
        .await;
    assert_eq!(campaign.status, StatusCode::CREATED, "{}", campaign.text);
    let campaign = campaign.body["id"].as_str().unwrap().to_owned();
    let drawn = f
        .supervisor
        .post(
            &format!("/api/v1/campaigns/{campaign}/draw"),
            json!({ "units_per_type": 1, "team_size": 1 }),
        )
        .await;
    assert_eq!(drawn.status, StatusCode::OK, "{}", drawn.text);
    let active = f
        .supervisor
        .post(&format!("/api/v1/campaigns/{campaign}/activate"), json!({}))
        .await;
    assert_eq!(active.status, StatusCode::OK, "{}", active.text);
    let inspector = f.inspector.get("/api/v1/me").await.body["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let page = supervisor.get(&page_path).await;
    assert!(page.body.contains("2026年12月复查"), "{}", page.body);
    let token = page.form_token();
    let fields = |token: &str| {
        vec![
            ("form_token", token.to_owned()),
            ("campaign_id", campaign.clone()),
            ("inspector_ids", inspector.clone()),
            ("scenario", "1".to_owned()),
        ]
    };
    let post = |fields: Vec<(&'static str, String)>, browser: &Browser| {
        let path = format!("{page_path}/follow-up");
        let browser = browser.clone();
        async move {
            let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            browser.post(&path, &pairs).await
        }
    };
    let visits = |f: &Fixture| {
        let supervisor = f.supervisor.clone();
        let campaign = campaign.clone();
        async move {
            supervisor
                .get(&format!(
                    "/api/v1/assignments?campaign_id={campaign}&limit=100"
                ))
                .await
                .body["items"]
                .as_array()
                .map_or(0, Vec::len)
        }
    };
    let before = visits(&f).await;
    assert_eq!(
        post(fields("forged"), &supervisor).await.status,
        StatusCode::FORBIDDEN
    );
    // Not for the unit, whose finding it is: visits are secret from it.
    let manager = browser_of(&f, &f.manager_of_unit().await).await;
    let theirs = manager.get(&page_path).await;
    assert_eq!(theirs.status, StatusCode::OK);
    assert!(!theirs.body.contains("follow-up"), "{}", theirs.body);
    assert!(!theirs.body.contains("2026年12月复查"));
    let refused = post(fields(&theirs.form_token()), &manager).await;
    assert!(refused.status.is_client_error(), "{}", refused.status);
    assert_eq!(visits(&f).await, before, "nothing added");

    let required = post(fields(&token), &supervisor).await;
    assert_eq!(required.status, StatusCode::SEE_OTHER, "{}", required.body);
    assert_eq!(visits(&f).await, before + 1);
    let page = supervisor.get(&page_path).await;
    assert!(
        page.body.contains("待暗访"),
        "the visit listed: {}",
        page.body
    );
    assert!(page.body.contains("复查报告提交前不能核验销号"));
    let theirs = manager.get(&page_path).await;
    assert!(!theirs.body.contains("待暗访"), "{}", theirs.body);
}
