//! The monthly notice: every figure of a hand-computed month, drafts hidden from units,
//! publication freezing it and publishing its findings, exports read back, statistics, and
//! the scheduler drafting a month exactly once however many replicas race for it.

use anfang_tests::documents;
use anfang_tests::photos::{jpeg, upload};
use anfang_tests::reports::{Fixture, report_body};
use anfang_tests::{Backend, Session, TestApp, both_backends};
use chrono::{DateTime, Duration, Utc};
use reqwest::StatusCode;
use serde_json::{Value, json};

both_backends!(
    a_month_is_summed_up_ranked_and_frozen_once_published,
    only_supervisors_draft_and_publish_and_units_never_see_drafts,
    a_new_installation_drafts_no_month_from_before_it_existed,
    exports_show_days_and_times_as_the_bureau_reads_them,
    typical_cases_are_chosen_for_the_bureau_not_by_sort_order,
);

async fn manager_of(f: &Fixture, unit_id: &str, username: &str) -> Session {
    let body = json!({ "username": username, "password": "pass-word-2026", "display_name": "窗口负责人",
                       "role": "unit_manager", "unit_id": unit_id });
    let created = f.admin.post("/api/v1/users", body).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    f.app.login(username, "pass-word-2026").await
}

/// A visit ending at `ended`, with `problems` rated, written, submitted and approved.
async fn approved(
    f: &Fixture,
    unit: (&str, &str),
    ended: DateTime<Utc>,
    problems: &[Value],
    photo_of: Option<&str>,
) -> String {
    approved_by_channel(f, unit, "on_site", ended, problems, photo_of).await
}

async fn approved_by_channel(
    f: &Fixture,
    unit: (&str, &str),
    channel: &str,
    ended: DateTime<Utc>,
    problems: &[Value],
    photo_of: Option<&str>,
) -> String {
    let mut body = report_body(&f.checklist, unit.0, unit.1, ended);
    body["channel"] = json!(channel);
    for rating in problems {
        body = Fixture::with_rating(body, rating["item_code"].as_str().unwrap(), rating.clone());
    }
    let id = f.draft(body).await;
    if let Some(item) = photo_of {
        let sent = upload(
            &f.app,
            &f.inspector,
            &id,
            jpeg(96, 64, 7, 90),
            "image/jpeg",
            &[("item_code", item)],
        )
        .await;
        assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.text);
    }
    for (who, action, body) in [
        (&f.inspector, "submit", None),
        (&f.supervisor, "claim", None),
        (
            &f.supervisor,
            "review",
            Some(json!({ "decision": "approve" })),
        ),
    ] {
        let answer = f.action(who, &id, action, body).await;
        assert_eq!(answer.status, StatusCode::OK, "{action}: {}", answer.text);
    }
    id
}

fn at(raw: &str) -> DateTime<Utc> {
    raw.parse().unwrap()
}

async fn finding_of(f: &Fixture, report: &str, item: &str) -> String {
    let list = f.supervisor.get("/api/v1/findings?limit=100").await;
    list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["report_id"] == report && x["item_code"] == item)
        .unwrap_or_else(|| panic!("no finding {item} of {report}"))["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// A supervisor sends the notice for signature and a leader signs it off.
async fn evidence_zip(app: &TestApp, who: &Session, notice: &str) -> (StatusCode, Vec<u8>) {
    let response = app
        .client
        .get(app.url(&format!("/api/v1/notices/{notice}/evidence.zip")))
        .bearer_auth(&who.access_token)
        .send()
        .await
        .expect("sent");
    let status = response.status();
    (status, response.bytes().await.expect("a body").to_vec())
}

pub async fn sign_off(f: &Fixture, notice: &str) {
    let submitted = f
        .supervisor
        .post(&format!("/api/v1/notices/{notice}/submit"), json!({}))
        .await;
    assert_eq!(submitted.status, StatusCode::OK, "{}", submitted.text);
    let signed = f
        .leader
        .post(&format!("/api/v1/notices/{notice}/sign"), json!({}))
        .await;
    assert_eq!(signed.status, StatusCode::OK, "{}", signed.text);
}

async fn step(who: &Session, finding: &str, action: &str, body: Value) {
    let answer = who
        .post(&format!("/api/v1/findings/{finding}/{action}"), body)
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{action}: {}", answer.text);
}

async fn download(
    app: &TestApp,
    session: &Session,
    notice: &str,
    format: &str,
) -> (StatusCode, String, Vec<u8>) {
    let response = app
        .client
        .get(app.url(&format!("/api/v1/notices/{notice}/export?format={format}")))
        .bearer_auth(&session.access_token)
        .send()
        .await
        .unwrap();
    let status = response.status();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (
        status,
        content_type,
        response.bytes().await.unwrap().to_vec(),
    )
}

/// The month (October 2026, Asia/Shanghai), computed by hand:
///
/// | unit | type | district | visits in October | score | findings |
/// |---|---|---|---|---|---|
/// | E1 EMP-330102-1 | EMP | 330102 | r1 clean, r2 ATT-01 minor | 100, 95 | ATT-01 (verified) |
/// | E2 EMP-330102-2 | EMP | 330102 | r3 ATT-01 major + photo, r4 PRC-03 minor | 90, 96→100 | ATT-01 repeat (open); PRC-03 overturned |
/// | E3 EMP-330103-1 | EMP | 330103 | r5 ENV-01 minor | 98.5 | ENV-01 (overdue) |
/// | H HOT-330105-1 | HOT | 330105 | r6 clean | 100 | — |
///
/// September: E1 100, 100; E2 95 (ATT-01 minor), 100. E2 is last of EMP both months: 约谈.
async fn a_month_is_summed_up_ranked_and_frozen_once_published(backend: Backend) {
    let f = Fixture::new(backend).await;
    let e1 = (f.unit_id.as_str(), "EMP");
    let e2_id = f
        .app
        .create_unit(&f.admin, "EMP-330102-2", "EMP", "330102")
        .await;
    let e3_id = f
        .app
        .create_unit(&f.admin, "EMP-330103-1", "EMP", "330103")
        .await;
    let (e2, e3, h) = (
        (e2_id.as_str(), "EMP"),
        (e3_id.as_str(), "EMP"),
        (f.hotline_id.as_str(), "HOT"),
    );
    let minor = |code: &str| json!({ "item_code": code, "outcome": "minor" });

    // September first, so that October's ATT-01 at E2 is a repeat.
    approved(&f, e1, at("2026-09-10T03:00:00Z"), &[], None).await;
    approved(&f, e1, at("2026-09-11T03:00:00Z"), &[], None).await;
    approved(&f, e2, at("2026-09-12T03:00:00Z"), &[minor("ATT-01")], None).await;
    approved(&f, e2, at("2026-09-13T03:00:00Z"), &[], None).await;

    // 2026-09-30T16:30Z is 00:30 on 1 October in Shanghai: October's.
    approved(&f, e1, at("2026-09-30T16:30:00Z"), &[], None).await;
    let r2 = approved(&f, e1, at("2026-10-05T03:00:00Z"), &[minor("ATT-01")], None).await;
    let major = json!({ "item_code": "ATT-01", "outcome": "major", "note": "工作人员当面呵斥群众，拒绝解答" });
    let r3 = approved(&f, e2, at("2026-10-08T03:00:00Z"), &[major], Some("ATT-01")).await;
    let r4 = approved(&f, e2, at("2026-10-09T03:00:00Z"), &[minor("PRC-03")], None).await;
    let r5 = approved(&f, e3, at("2026-10-12T03:00:00Z"), &[minor("ENV-01")], None).await;
    approved(&f, h, at("2026-10-20T03:00:00Z"), &[], None).await;
    // 2026-10-31T16:30Z is already November in Shanghai: not October's.
    approved(&f, e3, at("2026-10-31T16:30:00Z"), &[minor("DSC-03")], None).await;

    // E1 rectifies ATT-01 and a supervisor verifies it.
    let m1 = manager_of(&f, &f.unit_id, "manager-e1").await;
    let att_e1 = finding_of(&f, &r2, "ATT-01").await;
    step(&f.supervisor, &att_e1, "publish", json!({})).await;
    step(
        &m1,
        &att_e1,
        "rectification",
        json!({ "text": "已对窗口人员开展文明用语培训" }),
    )
    .await;
    step(
        &f.supervisor,
        &att_e1,
        "verify",
        json!({ "decision": "verify" }),
    )
    .await;
    // E2's PRC-03 is appealed and overturned: it leaves every figure, r4 counts 100.
    let m2 = manager_of(&f, &e2_id, "manager-e2").await;
    let prc_e2 = finding_of(&f, &r4, "PRC-03").await;
    step(&f.supervisor, &prc_e2, "publish", json!({})).await;
    step(
        &m2,
        &prc_e2,
        "appeal",
        json!({ "reason": "当日系统升级，需补盖公章属特殊情况" }),
    )
    .await;
    step(
        &f.other_supervisor,
        &prc_e2,
        "appeal-decision",
        json!({ "decision": "overturn" }),
    )
    .await;
    // E3's ENV-01 is published with its report and lets its deadline pass.
    let published = f
        .supervisor
        .post(&format!("/api/v1/reports/{r5}/findings/publish"), json!({}))
        .await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.text);
    assert_eq!(published.body["items"].as_array().unwrap().len(), 1);
    let env_e3 = finding_of(&f, &r5, "ENV-01").await;
    f.app
        .sql(&format!(
            "UPDATE findings SET deadline = '2026-11-01 00:00:00' WHERE id = '{env_e3}'"
        ))
        .unwrap();
    let marked = anfang_usecases::findings::mark_overdue(&f.app.state.usecases)
        .await
        .unwrap();
    assert_eq!(
        marked, 1,
        "the overdue sweep marks exactly the finding past its deadline"
    );
    let env = f
        .supervisor
        .get(&format!("/api/v1/findings/{env_e3}"))
        .await;
    assert_eq!(env.body["status"], "overdue");
    let att_e2 = finding_of(&f, &r3, "ATT-01").await;

    let drafted = f
        .supervisor
        .post("/api/v1/notices", json!({ "period": "2026-10" }))
        .await;
    assert_eq!(drafted.status, StatusCode::CREATED, "{}", drafted.text);
    assert_eq!(drafted.body["status"], "draft");
    let notice = drafted.body["id"].as_str().unwrap().to_owned();
    let c = &drafted.body["content"];

    assert_eq!(c["period"], "2026-10");
    assert_eq!(c["starts_at"], "2026-09-30T16:00:00Z");
    assert_eq!(c["ends_at"], "2026-10-31T16:00:00Z");
    // 100 + 95 + 90 + 100 + 98.5 + 100 = 583.5 over 6 visits.
    assert_eq!(
        c["totals"],
        json!({ "inspections": 6, "units_inspected": 4, "mean_score": 97.25,
                "grades": { "excellent": 5, "good": 1, "pass": 0, "fail": 0 },
                "findings": 3, "major": 1, "critical": 0, "repeats": 1 })
    );
    assert_eq!(
        c["coverage"],
        json!([
            { "type_code": "EMP", "type_name": c["coverage"][0]["type_name"], "units_covered": 3, "inspections": 5 },
            { "type_code": "HOT", "type_name": c["coverage"][1]["type_name"], "units_covered": 1, "inspections": 1 },
        ])
    );
    let units: Vec<(String, Value, Value, u64, u64, bool)> = c["unit_ranking"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["code"].as_str().unwrap().to_owned(),
                u["rank"].clone(),
                u["mean_score"].clone(),
                u["inspections"].as_u64().unwrap(),
                u["findings"].as_u64().unwrap(),
                u["talk"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        units,
        [
            (
                "EMP-330102-1".to_owned(),
                json!(1),
                json!(97.5),
                2,
                1,
                false
            ),
            ("EMP-330102-2".to_owned(), json!(2), json!(95.0), 2, 1, true),
            (
                "EMP-330103-1".to_owned(),
                Value::Null,
                json!(98.5),
                1,
                1,
                false
            ),
            (
                "HOT-330105-1".to_owned(),
                Value::Null,
                json!(100.0),
                1,
                0,
                false
            ),
        ],
        "too few visits: listed, not ranked"
    );
    let hot = &c["unit_ranking"][3];
    assert_eq!(
        (&hot["type_name"], &hot["district"], &hot["district_name"]),
        (
            &c["coverage"][1]["type_name"],
            &json!("330105"),
            &json!("拱墅区")
        ),
        "a standing names the unit's type and district as they were at generation"
    );
    let ranked = |key: &str| -> Vec<(String, Value, Value, u64)> {
        c[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| {
                (
                    g["code"].as_str().unwrap().to_owned(),
                    g["rank"].clone(),
                    g["mean_score"].clone(),
                    g["findings"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    assert_eq!(
        ranked("type_ranking"),
        [
            ("HOT".into(), json!(1), json!(100.0), 0),
            ("EMP".into(), json!(2), json!(96.7), 3)
        ]
    );
    assert_eq!(
        ranked("district_ranking"),
        [
            ("330105".into(), json!(1), json!(100.0), 0),
            ("330103".into(), json!(2), json!(98.5), 1),
            ("330102".into(), json!(3), json!(96.25), 2),
        ]
    );
    let district_names: Vec<&str> = c["district_ranking"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["name"].as_str().unwrap())
        .collect();
    assert_eq!(district_names, ["拱墅区", "下城区", "上城区"], "by name");
    let problems = |key: &str| -> Vec<(String, u64, u64, i64)> {
        c[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p["code"].as_str().unwrap().to_owned(),
                    p["count"].as_u64().unwrap(),
                    p["previous"].as_u64().unwrap(),
                    p["change"].as_i64().unwrap(),
                )
            })
            .collect()
    };
    assert_eq!(
        problems("problems_by_item"),
        [("ATT-01".into(), 2, 1, 1), ("ENV-01".into(), 1, 0, 1)]
    );
    assert_eq!(
        problems("problems_by_dimension"),
        [("ATT".into(), 2, 1, 1), ("ENV".into(), 1, 0, 1)]
    );
    assert_eq!(c["problems_by_item"][0]["title"], "生冷硬顶横");
    assert_eq!(c["problems_by_dimension"][0]["title"], "服务态度");
    let cases = c["typical_cases"].as_array().unwrap();
    assert_eq!(cases.len(), 1);
    assert_eq!(
        (
            cases[0]["finding_id"].as_str(),
            cases[0]["repeat"].as_bool()
        ),
        (Some(att_e2.as_str()), Some(true))
    );
    assert_eq!(cases[0]["photo_ids"].as_array().unwrap().len(), 1);
    assert_eq!(
        (&cases[0]["channel"], &cases[0]["note"]),
        (&json!("on_site"), &json!("工作人员当面呵斥群众，拒绝解答")),
        "a case says how the visit was made and what the inspector wrote"
    );
    let rectification: Vec<(String, [u64; 5])> = c["rectification"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let n = |k: &str| r[k].as_u64().unwrap();
            (
                r["code"].as_str().unwrap().to_owned(),
                [
                    n("open"),
                    n("rectifying"),
                    n("rectified"),
                    n("verified"),
                    n("overdue"),
                ],
            )
        })
        .collect();
    assert_eq!(
        rectification,
        [
            ("EMP-330102-1".into(), [0, 0, 0, 1, 0]),
            ("EMP-330102-2".into(), [1, 0, 0, 0, 0]),
            ("EMP-330103-1".into(), [0, 0, 0, 0, 1]),
        ]
    );
    let ids = |key: &str| -> Vec<String> {
        c[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["finding_id"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(ids("overdue"), [env_e3.as_str()]);
    assert_eq!(ids("repeats"), [att_e2.as_str()]);
    let talks: Vec<&str> = c["talks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["code"].as_str().unwrap())
        .collect();
    assert_eq!(talks, ["EMP-330102-2"]);

    // The same figures from the statistics endpoint, for any range.
    let stats = f
        .leader
        .get("/api/v1/stats?from=2026-10-01&to=2026-10-31&group_by=unit")
        .await;
    assert_eq!(stats.status, StatusCode::OK, "{}", stats.text);
    assert_eq!(stats.body["totals"]["inspections"], 6);
    assert_eq!(stats.body["totals"]["mean_score"], 97.25);
    assert_eq!(stats.body["totals"]["findings"], 3);
    let e2_stats = stats.body["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["key"] == e2_id.as_str())
        .unwrap()
        .clone();
    assert_eq!(
        (
            e2_stats["inspections"].clone(),
            e2_stats["mean_score"].clone(),
            e2_stats["findings"].clone()
        ),
        (json!(2), json!(95.0), json!(1))
    );
    let by_item = f
        .supervisor
        .get("/api/v1/stats?from=2026-10-01&to=2026-10-31&group_by=item")
        .await;
    let items: Vec<(&str, u64)> = by_item.body["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| (g["key"].as_str().unwrap(), g["findings"].as_u64().unwrap()))
        .collect();
    assert_eq!(items, [("ATT-01", 2), ("ENV-01", 1)]);
    let by_district = f
        .supervisor
        .get("/api/v1/stats?from=2026-10-01&to=2026-10-31&group_by=district")
        .await;
    let districts: Vec<(&str, &str)> = by_district.body["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| (g["key"].as_str().unwrap(), g["name"].as_str().unwrap()))
        .collect();
    assert!(!districts.is_empty(), "{}", by_district.text);
    for (code, name) in districts {
        let expected = match code {
            "330102" => "上城区",
            "330103" => "下城区",
            "330105" => "拱墅区",
            _ => "西湖区",
        };
        assert_eq!(name, expected, "a district is shown by its name");
    }

    // Before publication, E2's manager sees neither the notice nor the open finding.
    let m2_notices = m2.get("/api/v1/notices").await;
    assert_eq!(m2_notices.body["items"], json!([]));
    assert_eq!(
        m2.get(&format!("/api/v1/notices/{notice}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        m2.get(&format!("/api/v1/findings/{att_e2}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        evidence_zip(&f.app, &m2, &notice).await.0,
        StatusCode::NOT_FOUND,
        "nor its evidence"
    );

    let unsigned = f
        .supervisor
        .post(&format!("/api/v1/notices/{notice}/publish"), json!({}))
        .await;
    assert_eq!(
        (unsigned.status, unsigned.code()),
        (StatusCode::CONFLICT, "notice_unsigned"),
        "a leader signs it off first"
    );
    sign_off(&f, &notice).await;
    assert!(
        f.app
            .sql(&format!(
                "DELETE FROM notice_findings WHERE notice_id = '{notice}'"
            ))
            .is_err(),
        "the findings a signed notice covers are part of it"
    );
    let published = f
        .supervisor
        .post(&format!("/api/v1/notices/{notice}/publish"), json!({}))
        .await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.text);
    assert_eq!(published.body["status"], "published");
    // Publishing the notice published its findings, with their time to rectify starting now.
    let att = m2.get(&format!("/api/v1/findings/{att_e2}")).await;
    assert_eq!(att.status, StatusCode::OK, "{}", att.text);
    let deadline: DateTime<Utc> = att.body["deadline"].as_str().unwrap().parse().unwrap();
    assert!(deadline > Utc::now() + Duration::days(6), "{deadline}");
    let listed = m2.get("/api/v1/notices").await;
    assert_eq!(listed.body["items"][0]["id"], notice.as_str());

    // Frozen: later changes to the data do not reach it, nor can it be redrafted or republished.
    step(&m2, &att_e2, "rectification", json!({ "text": "已整改" })).await;
    let again = f
        .supervisor
        .post("/api/v1/notices", json!({ "period": "2026-10" }))
        .await;
    assert_eq!(
        (again.status, again.code()),
        (StatusCode::CONFLICT, "notice_published")
    );
    let republish = f
        .supervisor
        .post(&format!("/api/v1/notices/{notice}/publish"), json!({}))
        .await;
    assert_eq!(
        (republish.status, republish.code()),
        (StatusCode::CONFLICT, "notice_published")
    );
    // Readers of the published notice may not publish it; inspectors do not see it at all.
    for (who, expected) in [
        (&f.leader, StatusCode::FORBIDDEN),
        (&m2, StatusCode::FORBIDDEN),
        (&f.inspector, StatusCode::NOT_FOUND),
    ] {
        let path = format!("/api/v1/notices/{notice}/publish");
        let refused = who.post(&path, json!({})).await;
        assert_eq!(refused.status, expected, "{}", refused.text);
    }
    let (status, _, _) = download(&f.app, &f.inspector, &notice, "csv").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "inspectors get no exports");
    let now = m2.get(&format!("/api/v1/notices/{notice}")).await;
    assert_eq!(now.body["content"], published.body["content"]);
    // The typical case's photo, as one ZIP with its manifest: the display copy for a unit's
    // manager, the original for a supervisor.
    for (who, kind) in [(&m2, "photo, display"), (&f.supervisor, "photo, original")] {
        let (status, zip) = evidence_zip(&f.app, who, &notice).await;
        assert_eq!(status, StatusCode::OK);
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).expect("a ZIP");
        assert_eq!(archive.len(), 2, "one photo and the manifest");
        let mut manifest = String::new();
        std::io::Read::read_to_string(
            &mut archive.by_name("manifest.csv").expect("a manifest"),
            &mut manifest,
        )
        .expect("text");
        assert!(manifest.contains(kind), "{manifest}");
    }
    assert_eq!(
        evidence_zip(&f.app, &f.inspector, &notice).await.0,
        StatusCode::NOT_FOUND,
        "inspectors get no notice, nor its evidence"
    );
    assert!(
        f.app
            .sql(&format!(
                "UPDATE notices SET content = '{{}}' WHERE id = '{notice}'"
            ))
            .is_err(),
        "the database refuses too"
    );
    for statement in [
        format!("UPDATE notice_findings SET status = 'verified' WHERE notice_id = '{notice}'"),
        format!("DELETE FROM notice_findings WHERE notice_id = '{notice}'"),
    ] {
        assert!(
            f.app.sql(&statement).is_err(),
            "the findings it covers are frozen with it: {statement}"
        );
    }

    // Exports: all four, for anyone who may see the notice; each download audited.
    let (status, content_type, json_bytes) = download(&f.app, &m1, &notice, "json").await;
    assert_eq!(
        (status, content_type.as_str()),
        (StatusCode::OK, "application/json")
    );
    let exported: Value = serde_json::from_slice(&json_bytes).unwrap();
    assert_eq!(exported["content"], published.body["content"]);
    assert_eq!(exported["findings"].as_array().unwrap().len(), 3);

    let (_, content_type, csv_bytes) = download(&f.app, &f.leader, &notice, "csv").await;
    assert!(content_type.starts_with("text/csv"), "{content_type}");
    let mut csv = csv::Reader::from_reader(&csv_bytes[3..]);
    let headers = csv.headers().unwrap().clone();
    assert_eq!(&headers[0], "finding_id");
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = csv.records().map(|r| r.unwrap()).collect();
    let mut finding_ids: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
    finding_ids.sort();
    let mut expected = vec![att_e1.as_str(), att_e2.as_str(), env_e3.as_str()];
    expected.sort();
    assert_eq!(
        finding_ids, expected,
        "one row per standing finding of the month"
    );
    let cell_of =
        |id: &str, name: &str| rows.iter().find(|r| &r[0] == id).unwrap()[column(name)].to_owned();
    assert_eq!(
        cell_of(&att_e2, "status"),
        "open",
        "as it stood when the notice was drafted"
    );
    assert_eq!(
        [
            cell_of(&env_e3, "district"),
            cell_of(&env_e3, "district_name")
        ],
        ["330103", "下城区"],
        "a district by its code and its name"
    );
    assert_eq!(
        [
            cell_of(&env_e3, "unit_type"),
            cell_of(&env_e3, "unit_type_name")
        ],
        ["EMP", "公共就业服务机构"]
    );
    let json_e3 = exported["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|row| row["finding_id"] == env_e3.as_str())
        .unwrap();
    assert_eq!(
        (&json_e3["district_name"], &json_e3["unit_type_name"]),
        (&json!("下城区"), &json!("公共就业服务机构"))
    );

    let (_, _, xlsx_bytes) = download(&f.app, &f.supervisor, &notice, "xlsx").await;
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx_bytes)).unwrap();
    use calamine::Reader;
    assert_eq!(
        book.sheet_names(),
        [
            "汇总",
            "覆盖情况",
            "单位排名",
            "类型排名",
            "区划排名",
            "问题清单",
            "整改情况",
            "逾期问题"
        ],
        "one table per sheet"
    );
    use calamine::Data;
    let summary = book.worksheet_range("汇总").unwrap();
    assert_eq!(
        [summary.get_value((2, 0)), summary.get_value((2, 1))],
        [
            Some(&Data::String("暗访次数".into())),
            Some(&Data::Float(6.0))
        ],
        "counts are numbers"
    );
    assert_eq!(
        [summary.get_value((4, 0)), summary.get_value((4, 1))],
        [
            Some(&Data::String("平均得分".into())),
            Some(&Data::Float(97.25))
        ]
    );
    let ranking = book.worksheet_range("单位排名").unwrap();
    let row_of = |code: &str| {
        (1..ranking.height() as u32)
            .find(|&r| ranking.get_value((r, 1)) == Some(&Data::String(code.into())))
            .unwrap_or_else(|| panic!("{code} in the ranking"))
    };
    let e2_row = row_of("EMP-330102-2");
    assert_eq!(
        ranking.get_value((e2_row, 0)),
        Some(&Data::Float(2.0)),
        "a rank is a number: E2 is second of the two units visited twice"
    );
    let hotline_row = row_of("HOT-330105-1");
    assert_eq!(
        [
            ranking.get_value((hotline_row, 0)),
            ranking.get_value((hotline_row, 8))
        ],
        [Some(&Data::Empty), Some(&Data::String("不参与排名".into()))],
        "a unit visited once is listed, not ranked"
    );
    assert_eq!(
        ranking.get_value((e2_row, 8)),
        Some(&Data::String("约谈".into()))
    );
    assert_eq!(
        [3, 4].map(|col| ranking.get_value((e2_row, col)).unwrap().to_string()),
        ["公共就业服务机构", "上城区"],
        "the unit's type and district by name"
    );
    assert_eq!(
        book.worksheet_range("区划排名").unwrap().get_value((1, 2)),
        Some(&Data::String("拱墅区".into()))
    );
    let listed = book.worksheet_range("问题清单").unwrap();
    assert_eq!(listed.height(), 4, "a header and three findings");
    let districts: Vec<String> = (1..4)
        .map(|row| listed.get_value((row, 3)).unwrap().to_string())
        .collect();
    assert!(
        districts
            .iter()
            .all(|d| ["上城区", "下城区"].contains(&d.as_str())),
        "findings name their districts: {districts:?}"
    );
    assert!(
        (1..4).all(|row| matches!(listed.get_value((row, 10)), Some(Data::DateTime(_)))),
        "visit times are dates"
    );

    let (_, content_type, html) = download(&f.app, &f.supervisor, &notice, "html").await;
    assert!(content_type.starts_with("text/html"), "{content_type}");
    let html = String::from_utf8(html).unwrap();
    assert!(html.contains("2026年10月明察暗访情况通报"), "{html}");
    assert!(html.contains("EMP-330102-2 窗口"));
    assert!(
        html.contains("<td>公共就业服务机构</td><td>上城区</td>"),
        "the ranking names the unit's type and district"
    );
    assert!(
        html.contains("data:image/jpeg;base64,"),
        "the typical case carries its thumbnail"
    );
    assert!(
        html.contains("现场暗访") && html.contains("暗访人员记录：工作人员当面呵斥群众"),
        "the typical case's channel and the inspector's note, in words"
    );
    for code in ["ATT-01", "ENV-01", "PRC-03"] {
        assert!(!html.contains(code), "items are named by title, not {code}");
    }
    assert!(
        !html.contains("草稿"),
        "a published notice is not marked draft"
    );

    let audited = f.app.sql_query_one(
        "SELECT CAST(COUNT(*) AS TEXT) AS id FROM audit_log WHERE action = 'notice.export'",
    );
    assert_eq!(audited.as_deref(), Some("4"));

    // The official document (公文), as a person reads it: A4 pages, the number, the title, the
    // units by name, the typical case's photograph; the DOCX opens in LibreOffice.
    let (status, content_type, pdf) = download(&f.app, &m1, &notice, "pdf").await;
    assert_eq!(
        (status, content_type.as_str()),
        (StatusCode::OK, "application/pdf")
    );
    let (_, content_type, docx) = download(&f.app, &f.supervisor, &notice, "docx").await;
    assert_eq!(
        content_type,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    );
    assert!(docx.starts_with(b"PK"), "a DOCX is a zip archive");
    let number = published.body["document_number"]
        .as_str()
        .unwrap()
        .to_owned();
    if documents::available("pdftotext") {
        let read: String = documents::pdf_text(&pdf).split_whitespace().collect();
        for expected in [
            number.as_str(),
            "人力资源和社会保障局文件",
            "关于2026年10月人社服务窗口明察暗访情况的通报",
            "各窗口服务单位：",
            "本月共开展暗访6次",
            "EMP-330102-2窗口",
            "公共就业服务机构",
            "上城区",
            "约谈",
            "现场暗访发现该单位存在",
            "工作人员当面呵斥群众",
            "附件1",
            "特此通报。",
            "生冷硬顶横1个",
            "见随本通报下发的整改通知书",
        ] {
            assert!(read.contains(expected), "the PDF says {expected}: {read}");
        }
        let pages = documents::pdf_page_sizes(&pdf);
        assert!(pages.len() >= 3, "body and two attachments: {pages:?}");
        for (w, h) in &pages {
            assert!(
                w.abs_diff(298) <= 1 && h.abs_diff(421) <= 1,
                "A4 at 36 dpi: {w}×{h}"
            );
        }
        if backend == Backend::Sqlite && documents::available("soffice") {
            let printed: String = documents::pdf_text(&documents::docx_as_pdf(&docx))
                .split_whitespace()
                .collect();
            for expected in [number.as_str(), "明察暗访情况的通报", "特此通报。"] {
                assert!(
                    printed.contains(expected),
                    "the DOCX says {expected}: {printed}"
                );
            }
        }
    }
}

async fn only_supervisors_draft_and_publish_and_units_never_see_drafts(backend: Backend) {
    let f = Fixture::new(backend).await;
    let period = json!({ "period": "2026-10" });
    for who in [&f.inspector, &f.leader, &f.unit_manager] {
        let refused = who.post("/api/v1/notices", period.clone()).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.text);
    }
    let inspector_list = f.inspector.get("/api/v1/notices").await;
    assert_eq!(inspector_list.status, StatusCode::FORBIDDEN);
    for bad in ["2026-13", "October", "2026-10-01", ""] {
        let answer = f
            .supervisor
            .post("/api/v1/notices", json!({ "period": bad }))
            .await;
        assert_eq!(
            (answer.status, answer.code()),
            (StatusCode::UNPROCESSABLE_ENTITY, "validation_failed"),
            "{bad}"
        );
    }
    let future = (Utc::now() + Duration::days(62))
        .format("%Y-%m")
        .to_string();
    let answer = f
        .supervisor
        .post("/api/v1/notices", json!({ "period": future }))
        .await;
    assert_eq!(
        answer.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a month that has not begun"
    );

    let drafted = f.supervisor.post("/api/v1/notices", period.clone()).await;
    assert_eq!(drafted.status, StatusCode::CREATED, "{}", drafted.text);
    let id = drafted.body["id"].as_str().unwrap().to_owned();
    let redrafted = f.admin.post("/api/v1/notices", period.clone()).await;
    assert_eq!(
        (redrafted.status, redrafted.body["id"].as_str()),
        (StatusCode::OK, Some(id.as_str()))
    );

    // A draft does not exist for units, leaders or inspectors: the same 404 as a made-up id.
    let made_up = uuid::Uuid::new_v4();
    for who in [&f.unit_manager, &f.leader, &f.inspector] {
        for path in [
            format!("/api/v1/notices/{id}"),
            format!("/api/v1/notices/{id}/export?format=csv"),
        ] {
            let real = who.get(&path).await;
            let fake = who.get(&path.replace(&id, &made_up.to_string())).await;
            assert_eq!(
                (real.status, &real.body),
                (StatusCode::NOT_FOUND, &fake.body),
                "{path}"
            );
        }
        let publish = who
            .post(&format!("/api/v1/notices/{id}/publish"), json!({}))
            .await;
        assert_eq!(publish.status, StatusCode::NOT_FOUND);
    }
    let leader_list = f.leader.get("/api/v1/notices").await;
    assert_eq!(leader_list.body["items"], json!([]));

    // Months in order, a page at a time.
    let september = f
        .supervisor
        .post("/api/v1/notices", json!({ "period": "2026-09" }))
        .await;
    assert_eq!(september.status, StatusCode::CREATED);
    let first = f.supervisor.get("/api/v1/notices?limit=1").await;
    assert_eq!(first.body["items"][0]["period"], "2026-09");
    let cursor = first.body["next_cursor"].as_str().unwrap();
    let second = f
        .supervisor
        .get(&format!("/api/v1/notices?limit=1&cursor={cursor}"))
        .await;
    assert_eq!(second.body["items"][0]["period"], "2026-10");
    assert_eq!(second.body["next_cursor"], Value::Null);
    let bad_format = f
        .supervisor
        .get(&format!("/api/v1/notices/{id}/export?format=odt"))
        .await;
    assert_eq!(bad_format.status, StatusCode::BAD_REQUEST);

    // Statistics count unpublished findings: not for units nor inspectors.
    for who in [&f.unit_manager, &f.inspector] {
        let refused = who
            .get("/api/v1/stats?from=2026-10-01&to=2026-10-31&group_by=type")
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
    }
    let backwards = f
        .leader
        .get("/api/v1/stats?from=2026-10-31&to=2026-10-01&group_by=type")
        .await;
    assert_eq!(
        (backwards.status, backwards.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "validation_failed")
    );
    let ancient = f
        .leader
        .get("/api/v1/stats?from=0001-01-01&to=2026-10-01&group_by=type")
        .await;
    assert_eq!(
        (ancient.status, ancient.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "validation_failed")
    );
}

/// Two replicas on one PostgreSQL database, each with the scheduler on: the month is drafted
/// once. Then many concurrent firings for another month: exactly one drafts it.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_scheduler_drafts_a_month_once_however_many_replicas_race() {
    let first = TestApp::spawn(Backend::Postgres).await;
    let url = first.database_url().unwrap();
    // Installed long ago, so that the months the firings name are the installation's.
    first
        .sql("UPDATE users SET created_at = '2020-01-01 00:00:00'")
        .unwrap();
    let schedule = [
        ("DATABASE_URL", url.as_str()),
        ("NOTICE_SCHEDULE", "0 2 1 * *"),
    ];
    // Both start at once; each catches up on the last firing (the 1st of this month, 02:00).
    let (a, b) = tokio::join!(
        TestApp::spawn_with(Backend::Postgres, &schedule),
        TestApp::spawn_with(Backend::Postgres, &schedule)
    );
    let count = |sql: &str| first.sql_query_one(sql).unwrap().parse::<u32>().unwrap();
    let mut waited = 0;
    while count("SELECT COUNT(*)::text AS id FROM notices") == 0 && waited < 100 {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        waited += 1;
    }
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(count("SELECT COUNT(*)::text AS id FROM notices"), 1);
    assert_eq!(count("SELECT COUNT(*)::text AS id FROM job_runs"), 1);
    assert_eq!(
        count("SELECT COUNT(*)::text AS id FROM audit_log WHERE action = 'notice.generate'"),
        1
    );

    // A firing on 1 August drafts July; sixteen of them race on two replicas.
    let fire: DateTime<Utc> = "2026-07-31T18:00:00Z".parse().unwrap();
    let runs = (0..16).map(|i| {
        let state = if i % 2 == 0 {
            a.state.clone()
        } else {
            b.state.clone()
        };
        tokio::spawn(async move {
            anfang_usecases::notices::generate_scheduled(&state.usecases, fire).await
        })
    });
    let mut drafted = 0;
    for run in runs {
        if run.await.unwrap().unwrap().is_some() {
            drafted += 1;
        }
    }
    assert_eq!(drafted, 1);
    assert_eq!(
        count("SELECT COUNT(*)::text AS id FROM notices WHERE period = '2026-07'"),
        1
    );
    drop((a, b));
}

/// The scheduler catches up on the last firing when a server starts; on a new installation
/// that firing names a month the server never saw, and no notice is drafted for it. The next
/// firing drafts the month the installation did see.
async fn a_new_installation_drafts_no_month_from_before_it_existed(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let schedule = anfang_infra::scheduler::Schedule::parse("0 2 1 * *").unwrap();
    let tz = app.state.usecases.timezone;
    let missed = schedule.last_before(Utc::now(), tz).unwrap();
    let next = schedule.next_after(Utc::now(), tz).unwrap();
    let generate = |at| anfang_usecases::notices::generate_scheduled(&app.state.usecases, at);

    assert!(generate(missed).await.unwrap().is_none());
    let count = "SELECT CAST(COUNT(*) AS TEXT) AS id FROM notices";
    assert_eq!(app.sql_query_one(count).as_deref(), Some("0"));
    let drafted = generate(next)
        .await
        .unwrap()
        .expect("the next firing drafts");
    assert_eq!(
        drafted.period,
        anfang_domain::notice::NoticePeriod::containing(next, &tz).previous()
    );
    assert_eq!(app.sql_query_one(count).as_deref(), Some("1"));
}

/// A visit at 07:40 on 1 November in Beijing (23:40 UTC the day before) belongs to November and
/// is printed as the 1st; deadlines read in the bureau's zone, to the minute.
async fn exports_show_days_and_times_as_the_bureau_reads_them(backend: Backend) {
    let f = Fixture::new(backend).await;
    let report = approved(
        &f,
        (&f.unit_id, "EMP"),
        at("2026-11-01T00:05:00Z"),
        &[json!({ "item_code": "ATT-01", "outcome": "major", "note": "工作人员当面呵斥群众" })],
        None,
    )
    .await;
    let drafted = f
        .supervisor
        .post("/api/v1/notices", json!({ "period": "2026-11" }))
        .await;
    assert_eq!(drafted.status, StatusCode::CREATED, "{}", drafted.text);
    let id = drafted.body["id"].as_str().unwrap();

    let (_, _, html) = download(&f.app, &f.supervisor, id, "html").await;
    let html = String::from_utf8(html).unwrap();
    assert!(html.contains("2026-11-01"), "the visit's day in Beijing");
    assert!(!html.contains("2026-10-31"), "not the day in UTC");

    let (_, _, csv) = download(&f.app, &f.supervisor, id, "csv").await;
    let mut rows = csv::Reader::from_reader(&csv[3..]);
    let header = rows.headers().unwrap().clone();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let row = rows.records().next().unwrap().unwrap();
    assert_eq!(&row[column("visit_at")], "2026-11-01 07:40");
    let finding = f
        .supervisor
        .get(&format!(
            "/api/v1/findings/{}",
            finding_of(&f, &report, "ATT-01").await
        ))
        .await;
    let deadline: DateTime<Utc> = finding.body["deadline"].as_str().unwrap().parse().unwrap();
    let local = deadline.with_timezone(&chrono_tz::Asia::Shanghai);
    assert_eq!(
        &row[column("deadline")],
        local.format("%Y-%m-%d %H:%M").to_string()
    );

    // In the workbook the visit is a date, as the bureau's clock showed it.
    let (_, _, xlsx) = download(&f.app, &f.supervisor, id, "xlsx").await;
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx)).unwrap();
    use calamine::Reader;
    let listed = book.worksheet_range("问题清单").unwrap();
    let Some(calamine::Data::DateTime(visit)) = listed.get_value((1, 10)) else {
        panic!("a date: {:?}", listed.get_value((1, 10)));
    };
    let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    let expected = chrono::NaiveDate::from_ymd_opt(2026, 11, 1)
        .unwrap()
        .and_hms_opt(7, 40, 0)
        .unwrap();
    let serial = (expected - epoch).num_seconds() as f64 / 86_400.0;
    assert!(
        (visit.as_f64() - serial).abs() < 1e-6,
        "07:40 on 1 November in Beijing: {} against {serial}",
        visit.as_f64()
    );
}

/// November 2026: EMP-330102-1 breaks three items in one visit and has two more bad visits, a
/// second job centre takes a bribe (a critical item), and the hotline leaves a caller hanging.
async fn typical_cases_are_chosen_for_the_bureau_not_by_sort_order(backend: Backend) {
    let f = Fixture::new(backend).await;
    let e1 = (f.unit_id.as_str(), "EMP");
    let e2_id = f
        .app
        .create_unit(&f.admin, "EMP-330102-2", "EMP", "330102")
        .await;
    let e2 = (e2_id.as_str(), "EMP");
    let hot = (f.hotline_id.as_str(), "HOT");
    let major =
        |code: &str, note: &str| json!({ "item_code": code, "outcome": "major", "note": note });

    let one_call = approved(
        &f,
        e1,
        at("2026-11-02T02:00:00Z"),
        &[
            major("ATT-01", "窗口人员对群众态度生硬，多次打断"),
            major("PRC-03", "要求群众往返三个窗口分别盖章办理"),
            major("CMP-03", "对失业保险金申领条件答非所问"),
        ],
        None,
    )
    .await;
    let photographed = approved(
        &f,
        e1,
        at("2026-11-05T02:00:00Z"),
        &[major("ENV-02", "大厅地面垃圾堆积，无人清理")],
        Some("ENV-02"),
    )
    .await;
    let third_at_e1 = approved(
        &f,
        e1,
        at("2026-11-03T02:00:00Z"),
        &[major("DSC-01", "上午十时窗口无人值守二十分钟")],
        None,
    )
    .await;
    let bribe = approved(
        &f,
        e2,
        at("2026-11-20T02:00:00Z"),
        &[major("DSC-04", "工作人员暗示群众送购物卡可加快办理")],
        None,
    )
    .await;
    let call = approved_by_channel(
        &f,
        hot,
        "phone",
        at("2026-11-10T02:00:00Z"),
        &[major("ATT-01", "接线员不耐烦，未答复即挂断电话")],
        None,
    )
    .await;

    let drafted = f
        .supervisor
        .post("/api/v1/notices", json!({ "period": "2026-11" }))
        .await;
    assert_eq!(drafted.status, StatusCode::CREATED, "{}", drafted.text);
    let cases: Vec<(String, String, String)> = drafted.body["content"]["typical_cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["report_id"].as_str().unwrap().to_owned(),
                c["unit_code"].as_str().unwrap().to_owned(),
                c["channel"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let case = |report: &str, unit: &str, channel: &str| {
        (report.to_owned(), unit.to_owned(), channel.to_owned())
    };
    assert_eq!(
        cases,
        [
            // The critical item first; then the hotline, so both unit types are shown before
            // either shows a second; then the photographed major; then the earliest other.
            case(&bribe, "EMP-330102-2", "on_site"),
            case(&call, "HOT-330105-1", "phone"),
            case(&photographed, "EMP-330102-1", "on_site"),
            case(&one_call, "EMP-330102-1", "on_site"),
        ],
        "one case per visit, two per unit: the third bad visit at EMP-330102-1 ({third_at_e1}) \
         and the visit's other two items are left out"
    );
    let first = &drafted.body["content"]["typical_cases"][0];
    assert_eq!(
        (&first["critical"], &first["item_title"], &first["note"]),
        (
            &json!(true),
            &json!("吃拿卡要、收受财物"),
            &json!("工作人员暗示群众送购物卡可加快办理")
        )
    );

    // Nothing is overdue and nothing repeated: the printable notice says so in a sentence
    // rather than printing empty tables.
    let notice = drafted.body["id"].as_str().unwrap();
    let (status, _, html) = download(&f.app, &f.supervisor, notice, "html").await;
    assert_eq!(status, StatusCode::OK);
    let html = String::from_utf8(html).unwrap();
    for sentence in [
        "<p>没有逾期未整改的问题。</p>",
        "<p>本月没有重复发生的问题。</p>",
    ] {
        assert!(html.contains(sentence), "{sentence} in {html}");
    }
    assert!(
        !html.contains("<th>整改期限</th>"),
        "no empty overdue table"
    );
    assert!(html.contains("电话暗访") && html.contains("吃拿卡要、收受财物"));
}
