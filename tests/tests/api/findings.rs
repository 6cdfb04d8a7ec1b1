//! Approved reports leave findings; the unit sees them once published, rectifies them, and may
//! appeal once to a supervisor who did not approve the report.

use anfang_tests::reports::Fixture;
use anfang_tests::{Backend, Session, both_backends};
use reqwest::StatusCode;
use serde_json::{Value, json};

both_backends!(
    approving_a_report_creates_one_finding_per_problem_with_deadlines_and_repeats,
    the_unit_sees_nothing_before_publication_and_only_its_own_after,
    a_rectification_is_verified_or_sent_back,
    one_appeal_decided_by_a_supervisor_who_did_not_approve_the_report,
    a_follow_up_visit_must_be_reported_before_the_rectification_is_verified,
    rectification_photos_are_the_units_to_send_and_its_own_and_supervisors_to_see,
    a_published_finding_left_past_its_deadline_becomes_overdue,
);

async fn manager_of_unit(f: &Fixture) -> Session {
    let body = json!({ "username": "emp-manager", "password": "pass-word-2026", "display_name": "窗口负责人",
                       "role": "unit_manager", "unit_id": f.unit_id });
    assert_eq!(
        f.admin.post("/api/v1/users", body).await.status,
        StatusCode::CREATED
    );
    f.app.login("emp-manager", "pass-word-2026").await
}

fn of_report<'a>(list: &'a Value, report: &str) -> Vec<&'a Value> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["report_id"] == report)
        .collect()
}

async fn approving_a_report_creates_one_finding_per_problem_with_deadlines_and_repeats(
    backend: Backend,
) {
    let f = Fixture::new(backend).await;
    let report = f.approved_with_problems_at(0).await;
    let approved_at = decided_at(&f, &report).await;
    let list = f.supervisor.get("/api/v1/findings").await;
    let found = of_report(&list.body, &report);
    let summary: Vec<(&str, &str, bool)> = found
        .iter()
        .map(|x| {
            (
                x["item_code"].as_str().unwrap(),
                x["severity"].as_str().unwrap(),
                x["repeat"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("ATT-01", "major", false),
            ("PRC-07", "minor", false),
            ("ENV-01", "minor", false)
        ]
    );
    for finding in &found {
        let deadline: chrono::DateTime<chrono::Utc> =
            finding["deadline"].as_str().unwrap().parse().unwrap();
        let days = if finding["severity"] == "major" {
            7
        } else {
            30
        };
        assert_eq!(
            deadline,
            approved_at + chrono::Duration::days(days),
            "{}",
            finding["item_code"]
        );
        assert_eq!(finding["status"], "open");
        assert_eq!(finding["unit_id"], f.unit_id.as_str());
    }

    let again = f.approved_with_problems_at(60).await;
    let list = f.supervisor.get("/api/v1/findings").await;
    assert!(
        of_report(&list.body, &again)
            .iter()
            .all(|x| x["repeat"] == true),
        "the same items at the same unit within 90 days"
    );
    let clean = f.approved().await;
    assert!(of_report(&f.supervisor.get("/api/v1/findings").await.body, &clean).is_empty());
}

async fn the_unit_sees_nothing_before_publication_and_only_its_own_after(backend: Backend) {
    let f = Fixture::new(backend).await;
    let manager = manager_of_unit(&f).await;
    let empty = manager.get("/api/v1/findings").await;
    let report = f.approved_with_problems_at(0).await;
    let list = f.supervisor.get("/api/v1/findings").await;
    let finding = of_report(&list.body, &report)[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let before = manager.get("/api/v1/findings").await;
    assert_eq!(
        (before.status, &before.text),
        (empty.status, &empty.text),
        "nothing before publication"
    );
    let real = manager.get(&format!("/api/v1/findings/{finding}")).await;
    let fake = manager
        .get(&format!("/api/v1/findings/{}", uuid::Uuid::new_v4()))
        .await;
    assert_eq!((real.status, real.text), (fake.status, fake.text));
    let early = manager
        .post(
            &format!("/api/v1/findings/{finding}/rectification"),
            json!({ "text": "已整改" }),
        )
        .await;
    assert_eq!(early.status, StatusCode::NOT_FOUND);
    assert_eq!(
        manager
            .post(&format!("/api/v1/findings/{finding}/publish"), json!({}))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    let published = f
        .supervisor
        .post(&format!("/api/v1/findings/{finding}/publish"), json!({}))
        .await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.text);
    let mine = manager.get("/api/v1/findings").await;
    let ids: Vec<&str> = mine.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [finding.as_str()],
        "exactly the published finding of its own unit"
    );
    let other = f.unit_manager.get("/api/v1/findings").await;
    assert_eq!(
        other.body["items"],
        json!([]),
        "another unit's manager sees nothing"
    );
    assert_eq!(
        f.unit_manager
            .get(&format!("/api/v1/findings/{finding}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        f.inspector.get("/api/v1/findings").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        manager
            .get(&format!("/api/v1/reports/{report}"))
            .await
            .status,
        StatusCode::NOT_FOUND,
        "reports stay hidden"
    );
}

async fn a_rectification_is_verified_or_sent_back(backend: Backend) {
    let f = Fixture::new(backend).await;
    let manager = manager_of_unit(&f).await;
    let report = f.approved_with_problems_at(0).await;
    let list = f.supervisor.get("/api/v1/findings").await;
    let id = of_report(&list.body, &report)[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = |step: &str| format!("/api/v1/findings/{id}/{step}");
    f.supervisor.post(&path("publish"), json!({})).await;

    let premature = f
        .supervisor
        .post(&path("verify"), json!({ "decision": "verify" }))
        .await;
    assert_eq!(
        premature.status,
        StatusCode::CONFLICT,
        "nothing to verify yet"
    );
    let rectified = manager
        .post(
            &path("rectification"),
            json!({ "text": "已对窗口人员进行批评教育并组织服务规范培训。" }),
        )
        .await;
    assert_eq!(rectified.status, StatusCode::OK, "{}", rectified.text);
    assert_eq!(rectified.body["status"], "rectified");
    let back = f
        .supervisor
        .post(
            &path("verify"),
            json!({ "decision": "send_back", "comment": "请补充培训签到表" }),
        )
        .await;
    assert_eq!(back.body["status"], "rectifying");
    assert_eq!(back.body["verdict_comment"], "请补充培训签到表");
    manager
        .post(
            &path("rectification"),
            json!({ "text": "已补充培训签到表。" }),
        )
        .await;
    let verified = f
        .supervisor
        .post(&path("verify"), json!({ "decision": "verify" }))
        .await;
    assert_eq!(verified.body["status"], "verified");
    let late = manager
        .post(&path("rectification"), json!({ "text": "再次整改" }))
        .await;
    assert_eq!(late.status, StatusCode::CONFLICT, "verified is final");
    for (who, step, body) in [
        (&f.leader, "verify", json!({ "decision": "verify" })),
        (&manager, "verify", json!({ "decision": "verify" })),
        (
            &f.supervisor,
            "rectification",
            json!({ "text": "代为整改" }),
        ),
    ] {
        assert_eq!(
            who.post(&path(step), body).await.status,
            StatusCode::FORBIDDEN,
            "{step}"
        );
    }
    assert_eq!(
        f.leader.get(&format!("/api/v1/findings/{id}")).await.status,
        StatusCode::OK,
        "leaders read"
    );
}

async fn one_appeal_decided_by_a_supervisor_who_did_not_approve_the_report(backend: Backend) {
    let f = Fixture::new(backend).await;
    let manager = manager_of_unit(&f).await;
    let report = f.approved_with_problems_at(0).await;
    let list = f.supervisor.get("/api/v1/findings").await;
    let id = of_report(&list.body, &report)[1]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = |step: &str| format!("/api/v1/findings/{id}/{step}");
    f.supervisor.post(&path("publish"), json!({})).await;

    let appealed = manager
        .post(
            &path("appeal"),
            json!({ "reason": "当日系统故障导致排队，非窗口人员原因，附系统故障通报。" }),
        )
        .await;
    assert_eq!(appealed.status, StatusCode::OK, "{}", appealed.text);
    assert!(appealed.body["appeal"]["filed_at"].as_str().is_some());
    let twice = manager
        .post(&path("appeal"), json!({ "reason": "再次申诉" }))
        .await;
    assert_eq!(
        (twice.status, twice.code()),
        (StatusCode::CONFLICT, "appeal_exists")
    );
    let own = f
        .supervisor
        .post(&path("appeal-decision"), json!({ "decision": "overturn" }))
        .await;
    assert_eq!(
        own.status,
        StatusCode::FORBIDDEN,
        "the report's reviewer does not judge the appeal"
    );
    let decided = f
        .other_supervisor
        .post(
            &path("appeal-decision"),
            json!({ "decision": "overturn", "comment": "经核实属系统故障" }),
        )
        .await;
    assert_eq!(decided.status, StatusCode::OK, "{}", decided.text);
    assert_eq!(decided.body["status"], "overturned");
    assert_eq!(decided.body["appeal"]["decision"], "overturn");
    let again = f
        .other_supervisor
        .post(&path("appeal-decision"), json!({ "decision": "uphold" }))
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "decided once");
}

/// The first finding of an approved report, and the manager of its unit.
async fn first_finding_and_its_manager(f: &Fixture) -> (String, Session) {
    let report = f.approved_with_problems_at(0).await;
    let list = f.supervisor.get("/api/v1/findings").await;
    let finding = of_report(&list.body, &report)[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    (finding, manager_of_unit(f).await)
}

async fn a_follow_up_visit_must_be_reported_before_the_rectification_is_verified(backend: Backend) {
    let f = Fixture::new(backend).await;
    let (finding, manager) = first_finding_and_its_manager(&f).await;
    let step = |who: &Session, action: &str, body: Value| {
        let path = format!("/api/v1/findings/{finding}/{action}");
        let token = who.access_token.clone();
        let app = &f.app;
        async move { app.post(&path, &token, body).await }
    };
    assert_eq!(
        step(&f.supervisor, "publish", json!({})).await.status,
        StatusCode::OK
    );
    let rectified = step(&manager, "rectification", json!({ "text": "已整改" })).await;
    assert_eq!(rectified.status, StatusCode::OK, "{}", rectified.text);

    let plan = json!({ "name": "复查批次", "starts_on": "2026-11-01", "ends_on": "2026-12-31", "unit_types": ["EMP"],
                       "checklist_id": f.checklist_id(), "scenarios": [{ "matter": "咨询失业保险金申领条件", "documents": ["身份证"] }] });
    let campaign = f.supervisor.post("/api/v1/campaigns", plan).await;
    let campaign = campaign.body["id"].as_str().unwrap().to_owned();
    let request =
        |inspectors: Vec<&str>| json!({ "campaign_id": campaign, "inspector_ids": inspectors });
    let inactive = step(
        &f.supervisor,
        "follow-up",
        request(vec![&f.inspector.user_id]),
    )
    .await;
    assert_eq!(
        inactive.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a campaign not under way"
    );
    let activated = f
        .supervisor
        .post(&format!("/api/v1/campaigns/{campaign}/activate"), json!({}))
        .await;
    assert_eq!(activated.status, StatusCode::OK, "{}", activated.text);

    // 回避: an inspector of the unit's own district may not go.
    let local = f
        .admin
        .post(
            "/api/v1/users",
            json!({ "username": "local-inspector", "password": "pass-word-2026",
              "display_name": "本区暗访员", "role": "inspector", "district": "330102" }),
        )
        .await;
    let local_id = local.body["id"].as_str().unwrap().to_owned();
    let recused = step(
        &f.supervisor,
        "follow-up",
        request(vec![&f.inspector.user_id, &local_id]),
    )
    .await;
    assert_eq!(recused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(recused.body["errors"][0]["field"], "inspector_ids[1]");
    for who in [&manager, &f.inspector, &f.leader] {
        let refused = step(who, "follow-up", request(vec![&f.inspector.user_id])).await;
        assert!(
            matches!(
                refused.status,
                StatusCode::FORBIDDEN | StatusCode::NOT_FOUND
            ),
            "{}",
            refused.text
        );
    }

    let required = step(
        &f.supervisor,
        "follow-up",
        request(vec![&f.inspector.user_id]),
    )
    .await;
    assert_eq!(required.status, StatusCode::CREATED, "{}", required.text);
    assert_eq!(required.body["follow_up_of"], finding.as_str());
    let visit = required.body["id"].as_str().unwrap().to_owned();
    let mine = f.inspector.get("/api/v1/assignments").await;
    assert!(
        mine.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["id"] == visit.as_str())
    );
    assert_eq!(
        manager
            .get(&format!("/api/v1/assignments/{visit}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    let early = step(&f.supervisor, "verify", json!({ "decision": "verify" })).await;
    assert_eq!(
        (early.status, early.code()),
        (StatusCode::CONFLICT, "follow_up_pending")
    );

    // The inspector goes back and reports; then the rectification can be verified.
    let mut body = f.body();
    body["assignment_id"] = json!(visit);
    let id = f.draft(body).await;
    assert_eq!(
        f.action(&f.inspector, &id, "submit", None).await.status,
        StatusCode::OK
    );
    let verified = step(&f.supervisor, "verify", json!({ "decision": "verify" })).await;
    assert_eq!(verified.status, StatusCode::OK, "{}", verified.text);
    assert_eq!(verified.body["status"], "verified");
}

async fn rectification_photos_are_the_units_to_send_and_its_own_and_supervisors_to_see(
    backend: Backend,
) {
    use anfang_tests::photos::{jpeg, upload_to};
    let f = Fixture::new(backend).await;
    let (finding, manager) = first_finding_and_its_manager(&f).await;
    let path = format!("/api/v1/findings/{finding}/photos");
    let photo_id = uuid::Uuid::new_v4().to_string();
    let picture = jpeg(120, 90, 3, 90);
    let send = |who: &Session| {
        let (app, path, who, picture, photo_id) = (
            &f.app,
            path.clone(),
            who.clone(),
            picture.clone(),
            photo_id.clone(),
        );
        async move {
            upload_to(
                app,
                &who,
                &path,
                picture,
                "image/jpeg",
                &[("photo_id", &photo_id)],
            )
            .await
        }
    };

    // Unpublished, the finding does not exist for the unit.
    assert_eq!(send(&manager).await.status, StatusCode::NOT_FOUND);
    let published = f
        .supervisor
        .post(&format!("/api/v1/findings/{finding}/publish"), json!({}))
        .await;
    assert_eq!(published.status, StatusCode::OK);
    let sent = send(&manager).await;
    assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.text);
    assert_eq!(
        send(&manager).await.status,
        StatusCode::OK,
        "a retry returns the same photo"
    );
    // Another unit's manager, an inspector: no such finding. A supervisor does not send them.
    assert_eq!(send(&f.unit_manager).await.status, StatusCode::NOT_FOUND);
    assert_eq!(send(&f.inspector).await.status, StatusCode::NOT_FOUND);
    assert_eq!(send(&f.supervisor).await.status, StatusCode::FORBIDDEN);
    let with_item = upload_to(
        &f.app,
        &manager,
        &path,
        picture.clone(),
        "image/jpeg",
        &[("item_code", "ATT-01")],
    )
    .await;
    assert_eq!(
        with_item.status,
        StatusCode::BAD_REQUEST,
        "{}",
        with_item.text
    );

    let listed = f.supervisor.get(&path).await;
    assert_eq!(listed.body["items"].as_array().unwrap().len(), 1);
    assert_eq!(listed.body["items"][0]["id"], photo_id.as_str());
    assert_eq!(
        f.unit_manager.get(&path).await.status,
        StatusCode::NOT_FOUND
    );
    let download = |who: &Session, variant: &str| {
        let (app, token, url) = (
            &f.app,
            who.access_token.clone(),
            format!("{path}/{photo_id}?variant={variant}"),
        );
        async move { app.get(&url, &token).await.status }
    };
    assert_eq!(download(&manager, "thumb").await, StatusCode::OK);
    assert_eq!(download(&f.supervisor, "original").await, StatusCode::OK);
    assert_eq!(download(&manager, "original").await, StatusCode::FORBIDDEN);
    assert_eq!(
        download(&f.unit_manager, "thumb").await,
        StatusCode::NOT_FOUND
    );
    let swept = anfang_usecases::photos::sweep(&f.app.state.usecases, chrono::Duration::zero())
        .await
        .unwrap();
    assert_eq!(swept, 0, "a rectification photo's objects are referenced");
    assert_eq!(download(&manager, "display").await, StatusCode::OK);

    // Once verified, the rectification is closed: no more photos.
    let rectified = manager
        .post(
            &format!("/api/v1/findings/{finding}/rectification"),
            json!({ "text": "已整改，见照片" }),
        )
        .await;
    assert_eq!(rectified.status, StatusCode::OK);
    let verified = f
        .supervisor
        .post(
            &format!("/api/v1/findings/{finding}/verify"),
            json!({ "decision": "verify" }),
        )
        .await;
    assert_eq!(verified.status, StatusCode::OK);
    let late = upload_to(
        &f.app,
        &manager,
        &path,
        jpeg(120, 90, 4, 90),
        "image/jpeg",
        &[],
    )
    .await;
    assert_eq!(late.status, StatusCode::CONFLICT);
}

/// Deadlines follow `/settings`, and a critical item is 立即整改 even when rated minor. The
/// periodic sweep turns a published finding left past its deadline `overdue`, once however
/// often it runs; it leaves alone one already rectified and one never published (the unit was
/// never told). An overdue finding still takes a late rectification.
async fn a_published_finding_left_past_its_deadline_becomes_overdue(backend: Backend) {
    let f = Fixture::with_settings(backend, &[("OVERDUE_CHECK_SECONDS", "1")]).await;
    let manager = manager_of_unit(&f).await;
    let changed = f
        .admin
        .patch(
            "/api/v1/settings",
            json!({ "major_deadline_days": 3, "minor_deadline_days": 10 }),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.text);
    let mut body = f.body();
    for rating in [
        json!({ "item_code": "ATT-01", "outcome": "major", "note": "工作人员当面呵斥群众，拒绝解答" }),
        json!({ "item_code": "DSC-04", "outcome": "minor" }),
        json!({ "item_code": "ENV-01", "outcome": "minor" }),
    ] {
        body = Fixture::with_rating(body, rating["item_code"].as_str().unwrap(), rating.clone());
    }
    let report = f.approve(body).await;
    let approved_at = decided_at(&f, &report).await;
    let list = f.supervisor.get("/api/v1/findings").await;
    let found = of_report(&list.body, &report);
    let id_of = |code: &str| {
        found.iter().find(|x| x["item_code"] == code).unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let mut days: Vec<(&str, i64)> = found
        .iter()
        .map(|x| {
            let deadline: chrono::DateTime<chrono::Utc> =
                x["deadline"].as_str().unwrap().parse().unwrap();
            (
                x["item_code"].as_str().unwrap(),
                (deadline - approved_at).num_days(),
            )
        })
        .collect();
    days.sort();
    assert_eq!(days, [("ATT-01", 3), ("DSC-04", 3), ("ENV-01", 10)]);
    let (att, dsc, env) = (id_of("ATT-01"), id_of("DSC-04"), id_of("ENV-01"));

    for id in [&att, &dsc] {
        let published = post_step(&f.supervisor, id, "publish", json!({})).await;
        assert_eq!(published.status, StatusCode::OK, "{}", published.text);
    }
    let text = json!({ "text": "已退还财物并对当事人作出处理" });
    let rectified = post_step(&manager, &dsc, "rectification", text).await;
    assert_eq!(rectified.status, StatusCode::OK, "{}", rectified.text);
    f.app
        .sql(&format!(
            "UPDATE findings SET deadline = '2026-01-01 00:00:00' WHERE report_id = '{report}'"
        ))
        .unwrap();

    let mut waited = 0;
    while status_of(&manager, &att).await != "overdue" && waited < 100 {
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        waited += 1;
    }
    assert_eq!(status_of(&manager, &att).await, "overdue", "the sweep ran");
    // Let the sweep run twice more: nothing is marked again.
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    assert_eq!(status_of(&manager, &dsc).await, "rectified");
    assert_eq!(
        status_of(&f.supervisor, &env).await,
        "open",
        "never published: not overdue"
    );
    assert_eq!(
        f.app.sql_query_one(
            "SELECT CAST(COUNT(*) AS TEXT) AS id FROM audit_log WHERE action = 'finding.overdue'"
        ),
        Some("1".to_owned())
    );

    let text = json!({ "text": "已对当事人批评教育，窗口调整人员" });
    let late = post_step(&manager, &att, "rectification", text).await;
    assert_eq!(
        (late.status, late.body["status"].as_str()),
        (StatusCode::OK, Some("rectified")),
        "{}",
        late.text
    );
}

async fn status_of(who: &Session, id: &str) -> Value {
    let path = format!("/api/v1/findings/{id}");
    who.get(&path).await.body["status"].clone()
}

/// When the report was approved.
async fn decided_at(f: &Fixture, report: &str) -> chrono::DateTime<chrono::Utc> {
    let path = format!("/api/v1/reports/{report}");
    let answer = f.supervisor.get(&path).await;
    answer.body["decided_at"].as_str().unwrap().parse().unwrap()
}

/// `POST /findings/{id}/{action}` as `who`.
async fn post_step(who: &Session, id: &str, action: &str, body: Value) -> anfang_tests::Answer {
    let path = format!("/api/v1/findings/{id}/{action}");
    who.post(&path, body).await
}
