//! The administrator's console pages: accounts, units, districts, rules and the letterhead
//! are kept from the browser through the same rules as the API (what the API refuses, the
//! console refuses too, with nothing changed), every change is audited, a form without its
//! session's token changes nothing, and for every other role these pages do not exist.

use anfang_tests::console::Browser;
use anfang_tests::reports::Fixture;
use anfang_tests::{Backend, both_backends};
use reqwest::StatusCode;

both_backends!(
    an_admin_opens_an_account_from_the_console_and_it_signs_in,
    an_admin_keeps_units_and_districts_from_the_console,
    an_admin_changes_the_rules_and_the_letterhead_from_the_console,
    an_admin_drafts_edits_and_publishes_a_checklist_version_from_the_console,
    no_other_role_finds_the_administrators_pages_or_can_use_their_forms,
);

async fn admin_browser(f: &Fixture) -> Browser {
    Browser::sign_in(&f.app.address, &f.admin.username, &f.admin.password).await
}

/// Every change an administrator's form can make, by its audit action.
const CHANGES: [&str; 9] = [
    "user.update",
    "user.password_reset",
    "unit.create",
    "unit.update",
    "district.create",
    "district.update",
    "checklist.create",
    "settings.update",
    "settings.letterhead_update",
];

async fn audited(f: &Fixture, action: &str) -> usize {
    f.admin
        .get(&format!("/api/v1/audit?limit=100&action={action}"))
        .await
        .body["items"]
        .as_array()
        .map_or(0, Vec::len)
}

async fn an_admin_opens_an_account_from_the_console_and_it_signs_in(backend: Backend) {
    let f = Fixture::new(backend).await;
    let admin = admin_browser(&f).await;
    let list = admin.get("/console/users").await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    assert!(
        list.body.contains(&f.supervisor.username),
        "every account listed"
    );
    let token = list.form_token();
    let fields = |password: &'static str, token: &str| {
        vec![
            ("form_token", token.to_owned()),
            ("username", "wang.fang".to_owned()),
            ("display_name", "王芳".to_owned()),
            ("role", "inspector".to_owned()),
            ("unit_id", String::new()),
            ("district", "330102".to_owned()),
            ("password", password.to_owned()),
        ]
    };
    let post = |fields: Vec<(&'static str, String)>| {
        let admin = &admin;
        async move {
            let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            admin.post("/console/users", &pairs).await
        }
    };

    // What the API refuses is refused here, in words, and nothing is created.
    let weak = post(fields("short", &token)).await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(weak.body.contains("不能少于 10 个字符"), "{}", weak.body);
    let forged = post(fields("a-long-enough-secret-9", "forged")).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(
        f.app
            .login_answer("wang.fang", "a-long-enough-secret-9")
            .await
            .status,
        StatusCode::UNAUTHORIZED,
        "no account was made"
    );

    let made = post(fields("a-long-enough-secret-9", &token)).await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let page = admin.get(made.location()).await;
    assert!(page.body.contains("王芳"), "{}", page.body);
    assert!(page.body.contains("暗访员"));
    let inspector = f.app.login("wang.fang", "a-long-enough-secret-9").await;
    assert_eq!(inspector.get("/api/v1/me").await.body["district"], "330102");

    // Disabling it from its page ends its sessions at once.
    let disabled = admin
        .post(
            made.location(),
            &[
                ("form_token", &token),
                ("display_name", "王芳"),
                ("role", "inspector"),
                ("unit_id", ""),
                ("district", "330102"),
            ],
        )
        .await;
    assert_eq!(disabled.status, StatusCode::SEE_OTHER, "{}", disabled.body);
    assert_eq!(
        inspector.get("/api/v1/me").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert!(admin.get(made.location()).await.body.contains("已停用"));

    // In English on request, the same page.
    admin.get("/console/lang/en").await;
    let english = admin.get("/console/users").await;
    assert!(english.body.contains("New account"), "{}", english.body);
    assert!(english.body.contains("lang=\"en\""));
    admin.get("/console/lang/zh").await;

    // An admin cannot disable themself from the console either.
    let me = f.admin.get("/api/v1/me").await.body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let own = admin
        .post(
            &format!("/console/users/{me}"),
            &[
                ("form_token", &token),
                ("display_name", "管理员"),
                ("role", "admin"),
            ],
        )
        .await;
    assert_eq!(own.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", own.body);
    assert_eq!(f.admin.get("/api/v1/me").await.status, StatusCode::OK);
}

async fn an_admin_keeps_units_and_districts_from_the_console(backend: Backend) {
    let f = Fixture::new(backend).await;
    let admin = admin_browser(&f).await;
    let units_before = audited(&f, "unit.create").await;
    let districts = admin.get("/console/districts").await;
    assert_eq!(districts.status, StatusCode::OK, "{}", districts.body);
    let token = districts.form_token();
    let not_a_province = admin
        .post(
            "/console/districts",
            &[
                ("form_token", &token),
                ("code", "160101"),
                ("name", "无此省"),
            ],
        )
        .await;
    assert_eq!(not_a_province.status, StatusCode::UNPROCESSABLE_ENTITY);
    let added = admin
        .post(
            "/console/districts",
            &[
                ("form_token", &token),
                ("code", "330110"),
                ("name", "余杭区"),
            ],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let renamed = admin
        .post(
            "/console/districts/330110",
            &[("form_token", &token), ("name", "余杭区（新）")],
        )
        .await;
    assert_eq!(renamed.status, StatusCode::SEE_OTHER);
    assert!(
        admin
            .get("/console/districts")
            .await
            .body
            .contains("余杭区（新）")
    );

    let units = admin.get("/console/units").await;
    assert!(
        units.body.contains("330110 余杭区（新）"),
        "a choice of district"
    );
    let unit_fields = |district: &'static str| {
        vec![
            ("form_token", token.clone()),
            ("code", "YH-EMP-01".to_owned()),
            ("name", "余杭区就业服务中心".to_owned()),
            ("type_code", "EMP".to_owned()),
            ("district", district.to_owned()),
            ("address", String::new()),
            ("latitude", "30.42".to_owned()),
            ("longitude", "120.30".to_owned()),
            ("geofence_m", String::new()),
        ]
    };
    let post = |fields: Vec<(&'static str, String)>, path: String| {
        let admin = &admin;
        async move {
            let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            admin.post(&path, &pairs).await
        }
    };
    let unlisted = post(unit_fields("330199"), "/console/units".into()).await;
    assert_eq!(unlisted.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        audited(&f, "unit.create").await,
        units_before,
        "nothing created"
    );
    let made = post(unit_fields("330110"), "/console/units".into()).await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let id = made.location().rsplit('/').next().unwrap().to_owned();
    let unit = f.admin.get(&format!("/api/v1/units/{id}")).await.body;
    assert_eq!(unit["district_name"], "余杭区（新）");
    assert_eq!(unit["geofence_m"], 300);

    // Left out of draws from its page.
    let mut fields = unit_fields("330110");
    fields.retain(|(k, _)| !matches!(*k, "code" | "type_code"));
    let edited = post(fields, format!("/console/units/{id}")).await;
    assert_eq!(edited.status, StatusCode::SEE_OTHER, "{}", edited.body);
    assert_eq!(
        f.admin.get(&format!("/api/v1/units/{id}")).await.body["active"],
        false
    );
}

async fn an_admin_changes_the_rules_and_the_letterhead_from_the_console(backend: Backend) {
    let f = Fixture::new(backend).await;
    let admin = admin_browser(&f).await;
    let page = admin.get("/console/settings").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let token = page.form_token();
    let rules = |minor: &'static str| {
        vec![
            ("form_token", token.as_str()),
            ("min_visit_minutes", "5"),
            ("max_visit_minutes", "240"),
            ("late_submission_hours", "48"),
            ("review_lease_minutes", "30"),
            ("major_deadline_days", "7"),
            ("minor_deadline_days", minor),
            ("notice_min_inspections", "2"),
            ("review_wait_alert_hours", "72"),
        ]
    };
    let out_of_range = admin.post("/console/settings", &rules("400")).await;
    assert_eq!(out_of_range.status, StatusCode::UNPROCESSABLE_ENTITY);
    let before = f.admin.get("/api/v1/settings").await.body;
    assert_ne!(before["minor_deadline_days"], 400);
    let saved = admin.post("/console/settings", &rules("20")).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(
        f.admin.get("/api/v1/settings").await.body["minor_deadline_days"],
        20
    );

    let letterhead = admin
        .post(
            "/console/settings/letterhead",
            &[
                ("form_token", &token),
                ("issuing_body", "杭州市人力资源和社会保障局"),
                ("number_prefix", "杭人社暗"),
                ("addressees", "各窗口服务单位\r\n各区人力社保局"),
                ("copy_to", "市纪委监委驻局纪检监察组"),
                ("printing_office", "杭州市人力资源和社会保障局办公室"),
                ("signature_required", "true"),
            ],
        )
        .await;
    assert_eq!(
        letterhead.status,
        StatusCode::SEE_OTHER,
        "{}",
        letterhead.body
    );
    let stored = f.admin.get("/api/v1/settings/letterhead").await.body;
    assert_eq!(
        stored["addressees"],
        serde_json::json!(["各窗口服务单位", "各区人力社保局"])
    );
    assert_eq!(stored["signature_required"], true);
    assert!(
        admin
            .get("/console/settings")
            .await
            .body
            .contains("各区人力社保局")
    );
}

async fn an_admin_drafts_edits_and_publishes_a_checklist_version_from_the_console(
    backend: Backend,
) {
    let f = Fixture::new(backend).await;
    let admin = admin_browser(&f).await;
    let list = admin.get("/console/checklists").await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    let token = list.form_token();
    let drafted = admin
        .post("/console/checklists", &[("form_token", &token)])
        .await;
    assert_eq!(drafted.status, StatusCode::SEE_OTHER, "{}", drafted.body);
    let draft = drafted.location().to_owned();
    let id = draft.rsplit('/').next().unwrap().to_owned();
    let page = admin.get(&draft).await;
    assert!(page.body.contains("ATT-01"), "{}", page.body);

    let form = admin.get(&format!("{draft}/items/ATT-01")).await;
    assert!(form.body.contains("生冷硬顶横"), "{}", form.body);
    let item = |title: &'static str, weight: &'static str| {
        vec![
            ("form_token", token.as_str()),
            ("original", "ATT-01"),
            ("code", "ATT-01"),
            ("title", title),
            ("title_en", "Cold or harsh attitude"),
            ("guidance", ""),
            ("weight", weight),
            ("critical", "true"),
            ("kind", "judgement"),
            ("unit", "minutes"),
            ("applies_to", "EMP"),
            ("applies_to", "HOT"),
        ]
    };
    let zero = admin
        .post(&format!("{draft}/items"), &item("态度生硬", "0"))
        .await;
    assert_eq!(
        zero.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        zero.body
    );
    let saved = admin
        .post(&format!("{draft}/items"), &item("态度生硬、推诿", "8"))
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let removed = admin
        .post(
            &format!("{draft}/items/DIG-01/remove"),
            &[("form_token", &token)],
        )
        .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER, "{}", removed.body);

    // Nobody else sees the draft, and new reports still use the current version.
    assert_eq!(
        f.supervisor
            .get(&format!("/api/v1/checklists/{id}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let published = admin
        .post(&format!("{draft}/publish"), &[("form_token", &token)])
        .await;
    assert_eq!(
        published.status,
        StatusCode::SEE_OTHER,
        "{}",
        published.body
    );
    let current = f.inspector.get("/api/v1/checklists/current").await.body;
    assert_eq!(current["id"], id.as_str());
    let items = current["items"].as_array().unwrap();
    let att = items.iter().find(|i| i["code"] == "ATT-01").unwrap();
    assert_eq!(att["title"], "态度生硬、推诿");
    assert_eq!(att["weight"], 8);
    assert_eq!(att["applies_to"], serde_json::json!(["EMP", "HOT"]));
    assert!(items.iter().all(|i| i["code"] != "DIG-01"));
    // Published: no more edits, from the page or the form.
    assert!(!admin.get(&draft).await.body.contains("/publish"));
    let late = admin
        .post(&format!("{draft}/items"), &item("再改", "8"))
        .await;
    assert_eq!(late.status, StatusCode::CONFLICT, "{}", late.body);
    assert_eq!(audited(&f, "checklist.publish").await, 1);
}

async fn no_other_role_finds_the_administrators_pages_or_can_use_their_forms(backend: Backend) {
    let f = Fixture::new(backend).await;
    let manager = f.manager_of_unit().await;
    let mut before = Vec::new();
    for action in CHANGES {
        before.push(audited(&f, action).await);
    }
    let user = f.supervisor.get("/api/v1/me").await.body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let checklist = f.checklist["id"].as_str().unwrap().to_owned();
    let unit = f.unit_id.clone();
    let pages = [
        "/console/admin".to_owned(),
        "/console/users".to_owned(),
        format!("/console/users/{user}"),
        "/console/units".to_owned(),
        format!("/console/units/{unit}"),
        "/console/districts".to_owned(),
        "/console/checklists".to_owned(),
        format!("/console/checklists/{checklist}"),
        format!("/console/checklists/{checklist}/items/ATT-01"),
        "/console/settings".to_owned(),
    ];
    let forms = [
        "/console/users".to_owned(),
        format!("/console/users/{user}"),
        format!("/console/users/{user}/password"),
        "/console/units".to_owned(),
        format!("/console/units/{unit}"),
        "/console/districts".to_owned(),
        "/console/districts/330102".to_owned(),
        "/console/checklists".to_owned(),
        format!("/console/checklists/{checklist}/items"),
        format!("/console/checklists/{checklist}/items/ATT-01/remove"),
        format!("/console/checklists/{checklist}/publish"),
        "/console/settings".to_owned(),
        "/console/settings/letterhead".to_owned(),
    ];
    for who in [
        &f.supervisor,
        &f.leader,
        &f.inspector,
        &manager,
        &f.unit_manager,
    ] {
        let browser = Browser::sign_in(&f.app.address, &who.username, &who.password).await;
        let nothing = browser
            .get(&format!("/console/reports/{}", uuid::Uuid::new_v4()))
            .await;
        let mut home = browser.get("/console").await;
        if home.status == StatusCode::SEE_OTHER {
            home = browser.get(home.location()).await;
        }
        assert!(
            !home.body.contains("/console/admin"),
            "no administration menu for {}",
            who.username
        );
        let token = home.form_token();
        for path in &pages {
            let page = browser.get(path).await;
            assert_eq!(
                (page.status, page.body.as_str()),
                (StatusCode::NOT_FOUND, nothing.body.as_str()),
                "{path} for {}",
                who.username
            );
        }
        for path in &forms {
            let answer = browser
                .post(
                    path,
                    &[
                        ("form_token", &token),
                        ("name", "改了"),
                        ("code", "330199"),
                        ("password", "a-long-enough-secret-9"),
                        ("minor_deadline_days", "99"),
                    ],
                )
                .await;
            assert_eq!(
                answer.status,
                StatusCode::NOT_FOUND,
                "{path} for {}",
                who.username
            );
        }
    }
    // Nothing changed: no audited change at all, the rules as they were.
    for (action, before) in CHANGES.iter().zip(before) {
        assert_eq!(audited(&f, action).await, before, "{action}");
    }
    assert_ne!(
        f.admin.get("/api/v1/settings").await.body["minor_deadline_days"],
        99
    );
}
