//! The rectification ledger (整改台账): a desk narrows the findings by whatever it works on that
//! day, and every filter really narrows; a unit's manager keeps seeing only its own published
//! findings, whatever it asks.

use std::collections::BTreeSet;

use anfang_tests::reports::Fixture;
use anfang_tests::{Backend, Session, both_backends};
use chrono::{DateTime, Duration, FixedOffset, Utc};
use reqwest::StatusCode;
use serde_json::{Value, json};

both_backends!(
    every_ledger_filter_narrows_to_exactly_the_matching_findings_and_counts_them,
    the_ledger_sorts_by_deadline_or_visit_and_pages_through_the_same_findings,
    a_unit_manager_filters_only_within_its_own_published_findings,
    a_filter_that_does_not_exist_or_a_value_that_does_not_parse_is_refused_by_name,
    the_filtered_ledger_exports_as_csv_and_xlsx_within_each_roles_view,
    a_verified_finding_is_closed_out_and_each_unit_counts_open_overdue_and_closed,
);

/// Three approved reports: EMP three days ago (ATT-01 major, PRC-07 and ENV-01 minor, published;
/// the unit rectifies ENV-01 and appeals PRC-07), HOT yesterday (one minor), EMP today (DSC-04
/// major and critical, ATT-01 again: a repeat).
struct Ledger {
    f: Fixture,
    manager: Session,
    first: String,
    hotline: String,
    latest: String,
}

impl Ledger {
    async fn new(backend: Backend) -> Ledger {
        let f = Fixture::new(backend).await;
        let first = f.approved_with_problems_at(-3 * 24 * 60).await;
        let published = f
            .action(&f.supervisor, &first, "findings/publish", None)
            .await;
        assert_eq!(published.status, StatusCode::OK, "{}", published.text);
        let latest = f
            .approve(Fixture::with_rating(
                Fixture::with_rating(
                    f.body(),
                    "DSC-04",
                    json!({ "item_code": "DSC-04", "outcome": "major", "note": "工作人员暗示需要好处费才给办理" }),
                ),
                "ATT-01",
                json!({ "item_code": "ATT-01", "outcome": "minor" }),
            ))
            .await;
        let hotline = f.approve(hotline_report(&f)).await;
        let manager = f.manager_of_unit().await;
        let of_first = findings_of(&f.supervisor, &first).await;
        let by_item = |code: &str| {
            of_first
                .iter()
                .find(|x| x["item_code"] == code)
                .map(|x| x["id"].as_str().unwrap().to_owned())
                .unwrap()
        };
        let rectified = manager
            .post(
                &format!("/api/v1/findings/{}/rectification", by_item("ENV-01")),
                json!({ "text": "已清理大厅杂物" }),
            )
            .await;
        assert_eq!(rectified.status, StatusCode::OK, "{}", rectified.text);
        let appealed = manager
            .post(
                &format!("/api/v1/findings/{}/appeal", by_item("PRC-07")),
                json!({ "reason": "当日系统故障，已有记录" }),
            )
            .await;
        assert_eq!(appealed.status, StatusCode::OK, "{}", appealed.text);
        Ledger {
            f,
            manager,
            first,
            hotline,
            latest,
        }
    }
}

/// A report on the hotline unit yesterday with its first judgement item rated minor.
fn hotline_report(f: &Fixture) -> Value {
    let mut body = anfang_tests::reports::report_body(
        &f.checklist,
        &f.hotline_id,
        "HOT",
        f.visit_ended_at - Duration::days(1),
    );
    let ratings = body["ratings"].as_array_mut().unwrap();
    let judged = ratings
        .iter_mut()
        .find(|r| r.get("outcome").is_some())
        .unwrap();
    judged["outcome"] = json!("minor");
    body
}

async fn findings_of(who: &Session, report: &str) -> Vec<Value> {
    items(
        &who.get(&format!("/api/v1/findings?report_id={report}"))
            .await,
    )
}

fn items(answer: &anfang_tests::Answer) -> Vec<Value> {
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    answer.body["items"].as_array().unwrap().clone()
}

fn ids(findings: &[Value]) -> BTreeSet<String> {
    findings
        .iter()
        .map(|x| x["id"].as_str().unwrap().to_owned())
        .collect()
}

fn at(finding: &Value, field: &str) -> DateTime<Utc> {
    finding[field].as_str().unwrap().parse().unwrap()
}

/// The bureau's day (Asia/Shanghai keeps +08:00 all year) of an instant, and its end.
fn beijing_day(t: DateTime<Utc>) -> (String, DateTime<Utc>) {
    let local = t.with_timezone(&FixedOffset::east_opt(8 * 3600).unwrap());
    let next = local.date_naive().succ_opt().unwrap();
    let end = next
        .and_hms_opt(0, 0, 0)
        .unwrap()
        .and_local_timezone(FixedOffset::east_opt(8 * 3600).unwrap())
        .unwrap()
        .to_utc();
    (local.date_naive().to_string(), end)
}

async fn every_ledger_filter_narrows_to_exactly_the_matching_findings_and_counts_them(
    backend: Backend,
) {
    let l = Ledger::new(backend).await;
    let f = &l.f;
    let everything = f.supervisor.get("/api/v1/findings?limit=100").await;
    let all = items(&everything);
    assert_eq!(all.len(), 6, "{}", everything.text);
    assert_eq!(everything.body["total"], 6);

    let first_visit = all
        .iter()
        .filter(|x| x["report_id"] == l.first.as_str())
        .map(|x| at(x, "visit_at"))
        .next()
        .unwrap();
    let (first_day, first_day_end) = beijing_day(first_visit);
    let latest_visit = all
        .iter()
        .filter(|x| x["report_id"] == l.latest.as_str())
        .map(|x| at(x, "visit_at"))
        .next()
        .unwrap();
    let soon = Utc::now() + Duration::days(10);
    let (soon_day, soon_day_end) = beijing_day(soon);
    let latest_from = (latest_visit - Duration::minutes(1)).to_rfc3339();

    let unit = f.unit_id.clone();
    let hotline = f.hotline_id.clone();
    type Check<'a> = (String, Box<dyn Fn(&Value) -> bool + 'a>);
    let checks: Vec<Check> = vec![
        (
            format!("unit_id={unit}"),
            Box::new(|x| x["unit_id"] == unit.as_str()),
        ),
        (
            "unit_type=HOT".into(),
            Box::new(|x| x["unit_id"] == hotline.as_str()),
        ),
        (
            "district=330105".into(),
            Box::new(|x| x["unit_id"] == hotline.as_str()),
        ),
        (
            format!("report_id={}", l.latest),
            Box::new(|x| x["report_id"] == l.latest.as_str()),
        ),
        (
            "status=rectified".into(),
            Box::new(|x| x["status"] == "rectified"),
        ),
        ("status=open".into(), Box::new(|x| x["status"] == "open")),
        (
            "severity=major".into(),
            Box::new(|x| x["severity"] == "major"),
        ),
        ("critical=true".into(), Box::new(|x| x["critical"] == true)),
        ("repeat=true".into(), Box::new(|x| x["repeat"] == true)),
        ("repeat=false".into(), Box::new(|x| x["repeat"] == false)),
        (
            "published=true".into(),
            Box::new(|x| !x["published_at"].is_null()),
        ),
        (
            "published=false".into(),
            Box::new(|x| x["published_at"].is_null()),
        ),
        (
            "appeal=pending".into(),
            Box::new(|x| !x["appeal"].is_null() && x["appeal"]["decision"].is_null()),
        ),
        (
            "waiting_for=unit".into(),
            Box::new(|x| {
                !x["published_at"].is_null() && x["status"] == "open" && x["appeal"].is_null()
            }),
        ),
        (
            "waiting_for=verification".into(),
            Box::new(|x| x["status"] == "rectified"),
        ),
        (
            "waiting_for=appeal_decision".into(),
            Box::new(|x| !x["appeal"].is_null()),
        ),
        (
            format!("deadline_until={soon_day}"),
            Box::new(|x| at(x, "deadline") < soon_day_end),
        ),
        (
            format!("deadline_from={soon_day}"),
            Box::new(|x| at(x, "deadline") >= soon_day_end - Duration::days(1)),
        ),
        (
            format!("visited_until={first_day}"),
            Box::new(|x| at(x, "visit_at") < first_day_end),
        ),
        (
            format!("visited_from={}", urlencode(&latest_from)),
            Box::new(|x| x["report_id"] == l.latest.as_str()),
        ),
        (
            format!("severity=minor&unit_id={unit}&published=false"),
            Box::new(|x| {
                x["severity"] == "minor"
                    && x["unit_id"] == unit.as_str()
                    && x["published_at"].is_null()
            }),
        ),
    ];
    for (query, matches) in &checks {
        let answer = f
            .supervisor
            .get(&format!("/api/v1/findings?limit=100&{query}"))
            .await;
        let got = items(&answer);
        let expected: Vec<Value> = all.iter().filter(|x| matches(x)).cloned().collect();
        assert!(
            !expected.is_empty() && expected.len() < all.len(),
            "{query}: the fixture must tell a working filter from an ignored one"
        );
        assert_eq!(ids(&got), ids(&expected), "{query}");
        assert_eq!(answer.body["total"], expected.len(), "{query}");
    }

    // A campaign none of these visits belongs to matches nothing.
    let none = f
        .supervisor
        .get(&format!(
            "/api/v1/findings?campaign_id={}",
            uuid::Uuid::new_v4()
        ))
        .await;
    assert_eq!((items(&none).len(), &none.body["total"]), (0, &json!(0)));
    // Leaders keep the whole ledger too; inspectors have none.
    let leader = f.leader.get("/api/v1/findings?severity=major").await;
    assert_eq!(leader.body["total"], 2, "{}", leader.text);
    assert_eq!(
        f.inspector
            .get("/api/v1/findings?severity=major")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let _ = &l.manager;
}

fn urlencode(s: &str) -> String {
    s.replace('+', "%2B").replace(':', "%3A")
}

async fn the_ledger_sorts_by_deadline_or_visit_and_pages_through_the_same_findings(
    backend: Backend,
) {
    let l = Ledger::new(backend).await;
    let f = &l.f;
    let created = items(&f.supervisor.get("/api/v1/findings?limit=100").await);
    for (sort, field) in [("deadline", "deadline"), ("visit", "visit_at")] {
        let sorted = items(
            &f.supervisor
                .get(&format!("/api/v1/findings?limit=100&sort={sort}"))
                .await,
        );
        let times: Vec<DateTime<Utc>> = sorted.iter().map(|x| at(x, field)).collect();
        assert!(times.is_sorted(), "{sort}: {times:?}");
        assert_ne!(
            sorted.iter().map(|x| &x["id"]).collect::<Vec<_>>(),
            created.iter().map(|x| &x["id"]).collect::<Vec<_>>(),
            "{sort}: the fixture's creation order differs from this order"
        );
        // Two at a time, the pages hold the same findings in the same order, each with the total.
        let mut paged = Vec::new();
        let mut cursor = String::new();
        loop {
            let page = f
                .supervisor
                .get(&format!(
                    "/api/v1/findings?limit=2&sort={sort}&cursor={cursor}"
                ))
                .await;
            assert_eq!(page.body["total"], 6, "{}", page.text);
            paged.extend(items(&page));
            match page.body["next_cursor"].as_str() {
                Some(next) => cursor = next.to_owned(),
                None => break,
            }
        }
        assert_eq!(
            paged.iter().map(|x| &x["id"]).collect::<Vec<_>>(),
            sorted.iter().map(|x| &x["id"]).collect::<Vec<_>>(),
            "{sort}"
        );
    }
}

async fn a_unit_manager_filters_only_within_its_own_published_findings(backend: Backend) {
    let l = Ledger::new(backend).await;
    let f = &l.f;
    let own = l.manager.get("/api/v1/findings?limit=100").await;
    let own_items = items(&own);
    assert_eq!(own_items.len(), 3, "{}", own.text);
    assert_eq!(own.body["total"], 3);
    assert!(own_items.iter().all(|x| x["report_id"] == l.first.as_str()));

    // Whatever it asks, nothing outside its own published findings shows, not even as a count.
    for query in [
        "published=false".to_owned(),
        format!("unit_id={}", f.hotline_id),
        "unit_type=HOT".to_owned(),
        format!("report_id={}", l.latest),
        format!("report_id={}", l.hotline),
        "critical=true".to_owned(),
        "repeat=true".to_owned(),
    ] {
        let answer = l.manager.get(&format!("/api/v1/findings?{query}")).await;
        assert_eq!(
            (items(&answer).len(), &answer.body["total"]),
            (0, &json!(0)),
            "{query}"
        );
    }
    let waiting = l.manager.get("/api/v1/findings?waiting_for=unit").await;
    assert_eq!(waiting.body["total"], 1, "{}", waiting.text);

    // Campaigns and coming visits are not its to ask about: refused whatever the value, so the
    // answer tells nothing.
    for query in [
        format!("campaign_id={}", uuid::Uuid::new_v4()),
        "waiting_for=follow_up".to_owned(),
    ] {
        let answer = l.manager.get(&format!("/api/v1/findings?{query}")).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(answer.code(), "invalid_parameter");
        let field = query.split('=').next().unwrap();
        assert_eq!(answer.body["errors"][0]["field"], field);
        assert_eq!(answer.body["errors"][0]["code"], "not_allowed");
    }
}

async fn a_filter_that_does_not_exist_or_a_value_that_does_not_parse_is_refused_by_name(
    backend: Backend,
) {
    let f = Fixture::new(backend).await;
    f.approved_with_problems_at(0).await;
    let photo = uuid::Uuid::new_v4();
    // The misspellings a desk really makes, on every list and every query.
    let unknown = [
        (
            &f.supervisor,
            format!("/api/v1/findings?unit={}", f.unit_id),
            "unit",
        ),
        (
            &f.supervisor,
            "/api/v1/reports?stauts=submitted".to_owned(),
            "stauts",
        ),
        (
            &f.supervisor,
            "/api/v1/assignments?state=pending".to_owned(),
            "state",
        ),
        (&f.admin, "/api/v1/users?role=admin".to_owned(), "role"),
        (&f.admin, "/api/v1/units?type=EMP".to_owned(), "type"),
        (
            &f.supervisor,
            "/api/v1/campaigns?active=true".to_owned(),
            "active",
        ),
        (
            &f.leader,
            "/api/v1/notices?period=2026-11".to_owned(),
            "period",
        ),
        (
            &f.leader,
            "/api/v1/stats?from=2026-11-01&to=2026-11-30&group_by=unit&grouping=unit".to_owned(),
            "grouping",
        ),
        (
            &f.supervisor,
            format!("/api/v1/photos/{photo}?size=thumb"),
            "size",
        ),
        (
            &f.supervisor,
            "/api/v1/findings?limit=5&page=2".to_owned(),
            "page",
        ),
    ];
    for (who, path, name) in unknown {
        let answer = who.get(&path).await;
        assert_eq!(
            answer.status,
            StatusCode::BAD_REQUEST,
            "{path}: {}",
            answer.text
        );
        assert_eq!(answer.code(), "invalid_parameter", "{path}");
        assert_eq!(answer.body["errors"][0]["field"], name, "{path}");
        assert_eq!(answer.body["errors"][0]["code"], "not_allowed", "{path}");
    }
    let twice = f
        .supervisor
        .get("/api/v1/findings?status=open&status=verified")
        .await;
    assert_eq!(twice.status, StatusCode::BAD_REQUEST);
    assert_eq!(twice.body["errors"][0]["code"], "repeated");

    // A value that does not parse names its parameter and says what it takes.
    for (path, name, expected) in [
        ("/api/v1/findings?critical=maybe", "critical", "true"),
        (
            "/api/v1/findings?deadline_from=soon",
            "deadline_from",
            "YYYY-MM-DD",
        ),
        ("/api/v1/findings?status=closed", "status", "finding status"),
        ("/api/v1/findings?sort=newest", "sort", "deadline"),
        (
            "/api/v1/reports?visited_until=30/11/2026",
            "visited_until",
            "RFC 3339",
        ),
        ("/api/v1/findings?unit_id=EMP-1", "unit_id", "UUID"),
        (
            "/api/v1/stats?from=2026-11-01&to=November&group_by=unit",
            "to",
            "YYYY-MM-DD",
        ),
    ] {
        let answer = f
            .app
            .client
            .get(f.app.url(path))
            .bearer_auth(&f.supervisor.access_token)
            .header("accept-language", "en")
            .send()
            .await
            .unwrap();
        let answer = anfang_tests::read(answer).await;
        assert_eq!(
            answer.status,
            StatusCode::BAD_REQUEST,
            "{path}: {}",
            answer.text
        );
        assert_eq!(answer.code(), "invalid_parameter", "{path}");
        assert_eq!(answer.body["errors"][0]["field"], name, "{path}");
        let message = answer.body["errors"][0]["message"].as_str().unwrap();
        assert!(message.contains(expected), "{path}: {message}");
    }

    // A day and an RFC 3339 time are taken alike, on lists and statistics.
    let today = beijing_day(Utc::now()).0;
    for path in [
        format!("/api/v1/reports?visited_from={today}"),
        format!("/api/v1/findings?visited_until={today}&deadline_from=2026-01-01T00:00:00Z"),
        format!("/api/v1/stats?from={today}&to=2099-01-01T00:00:00%2B08:00&group_by=unit"),
    ] {
        let answer = f.supervisor.get(&path).await;
        assert_eq!(answer.status, StatusCode::OK, "{path}: {}", answer.text);
    }
    let reversed = f
        .supervisor
        .get("/api/v1/stats?from=2026-11-30&to=2026-11-01&group_by=unit")
        .await;
    assert_eq!(
        reversed.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reversed.text
    );
    assert_eq!(reversed.body["errors"][0]["field"], "to");
}

/// A download, read whole.
async fn download(
    who: &Session,
    app: &anfang_tests::TestApp,
    path: &str,
) -> (StatusCode, String, Vec<u8>) {
    let answer = app
        .client
        .get(app.url(path))
        .bearer_auth(&who.access_token)
        .send()
        .await
        .unwrap();
    let status = answer.status();
    let kind = answer
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, kind, answer.bytes().await.unwrap().to_vec())
}

fn csv_rows(bytes: &[u8]) -> Vec<csv::StringRecord> {
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "a byte-order mark for spreadsheets"
    );
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    assert_eq!(&reader.headers().unwrap()[0], "finding_id");
    reader.records().map(Result::unwrap).collect()
}

async fn the_filtered_ledger_exports_as_csv_and_xlsx_within_each_roles_view(backend: Backend) {
    let l = Ledger::new(backend).await;
    let f = &l.f;
    // The unit writes something a spreadsheet would run.
    let att = findings_of(&l.manager, &l.first)
        .await
        .into_iter()
        .find(|x| x["item_code"] == "ATT-01")
        .unwrap();
    let formula = "=HYPERLINK(\"http://evil.example\",\"整改\")";
    let rectified = l
        .manager
        .post(
            &format!(
                "/api/v1/findings/{}/rectification",
                att["id"].as_str().unwrap()
            ),
            json!({ "text": formula }),
        )
        .await;
    assert_eq!(rectified.status, StatusCode::OK, "{}", rectified.text);

    let (status, kind, bytes) = download(
        &f.supervisor,
        &f.app,
        "/api/v1/findings/export?format=csv&severity=major&sort=deadline",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(kind.starts_with("text/csv"), "{kind}");
    let rows = csv_rows(&bytes);
    let listed = items(
        &f.supervisor
            .get("/api/v1/findings?severity=major&sort=deadline")
            .await,
    );
    assert_eq!(
        rows.iter().map(|r| r[0].to_owned()).collect::<Vec<_>>(),
        listed
            .iter()
            .map(|x| x["id"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>(),
        "the same findings in the same order as the ledger"
    );
    let first = rows
        .iter()
        .find(|r| &r[0] == att["id"].as_str().unwrap())
        .unwrap();
    assert_eq!(
        first.iter().skip(1).take(6).collect::<Vec<_>>(),
        [
            "EMP-330102-1",
            "EMP-330102-1 窗口",
            "EMP",
            "公共就业服务机构",
            "330102",
            "上城区"
        ],
        "the unit, its type and its district by code and by name"
    );
    assert_eq!(&first[8], "生冷硬顶横");
    assert_eq!(&first[14], "已整改待核验");
    assert_eq!(
        &first[19],
        format!("'{formula}"),
        "a formula is shown as text"
    );

    let (status, kind, bytes) =
        download(&f.leader, &f.app, "/api/v1/findings/export?format=xlsx").await;
    assert_eq!(status, StatusCode::OK);
    assert!(kind.contains("spreadsheetml"), "{kind}");
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range("整改台账").unwrap();
    assert_eq!(sheet.height(), 7, "a header and the six findings");
    assert_eq!(sheet.get_value((0, 0)).unwrap().to_string(), "finding_id");

    // A unit exports its own published findings, and is refused what it may not filter by.
    let (status, _, bytes) = download(&l.manager, &f.app, "/api/v1/findings/export").await;
    assert_eq!(status, StatusCode::OK);
    let own = csv_rows(&bytes);
    assert_eq!(own.len(), 3);
    assert!(own.iter().all(|r| &r[1] == "EMP-330102-1"));
    let (status, _, _) = download(
        &l.manager,
        &f.app,
        &format!(
            "/api/v1/findings/export?campaign_id={}",
            uuid::Uuid::new_v4()
        ),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _, _) = download(&f.inspector, &f.app, "/api/v1/findings/export").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _) =
        download(&f.supervisor, &f.app, "/api/v1/findings/export?format=pdf").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let exports = f.app.sql_query_one(
        "SELECT CAST(COUNT(*) AS TEXT) AS id FROM audit_log WHERE action = 'finding.ledger_export'",
    );
    assert_eq!(exports.as_deref(), Some("3"), "every export is recorded");
}

async fn a_verified_finding_is_closed_out_and_each_unit_counts_open_overdue_and_closed(
    backend: Backend,
) {
    let l = Ledger::new(backend).await;
    let f = &l.f;
    let att = findings_of(&l.manager, &l.first)
        .await
        .into_iter()
        .find(|x| x["item_code"] == "ATT-01")
        .unwrap();
    let id = att["id"].as_str().unwrap().to_owned();
    assert!(att["closed_out"].is_null(), "not closed out while open");
    let photo = anfang_tests::photos::upload_to(
        &f.app,
        &l.manager,
        &format!("/api/v1/findings/{id}/photos"),
        anfang_tests::photos::jpeg(320, 240, 5, 85),
        "image/jpeg",
        &[],
    )
    .await;
    assert_eq!(photo.status, StatusCode::CREATED, "{}", photo.text);
    for (who, step, body) in [
        (
            &l.manager,
            "rectification",
            json!({ "text": "已对当事人批评教育并组织培训" }),
        ),
        (&f.supervisor, "verify", json!({ "decision": "verify" })),
    ] {
        let answer = who
            .post(&format!("/api/v1/findings/{id}/{step}"), body)
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{step}: {}", answer.text);
    }
    let verified_at = Utc::now();
    let seen = l.manager.get(&format!("/api/v1/findings/{id}")).await;
    let closed = &seen.body["closed_out"];
    assert_eq!(closed["by"], f.supervisor.user_id.as_str(), "{}", seen.text);
    assert!(!closed["by_name"].as_str().unwrap().is_empty());
    let at: DateTime<Utc> = closed["at"].as_str().unwrap().parse().unwrap();
    assert!((verified_at - at).abs() < Duration::seconds(30));
    assert_eq!(closed["rectification"], "已对当事人批评教育并组织培训");
    let urls = closed["photo_urls"].as_array().unwrap();
    assert_eq!(urls.len(), 1);
    assert_eq!(
        l.manager.get(urls[0].as_str().unwrap()).await.status,
        StatusCode::OK,
        "the unit opens its own rectification photo"
    );

    let line = |answer: &anfang_tests::Answer, unit: &str| {
        let lines = items(answer);
        lines.iter().find(|x| x["unit_id"] == unit).map(|x| {
            (
                x["open"].as_u64().unwrap(),
                x["overdue"].as_u64().unwrap(),
                x["closed"].as_u64().unwrap(),
            )
        })
    };
    let all = f.supervisor.get("/api/v1/findings/summary").await;
    assert_eq!(line(&all, &f.unit_id), Some((4, 0, 1)), "{}", all.text);
    assert_eq!(line(&all, &f.hotline_id), Some((1, 0, 0)));
    let majors = f
        .supervisor
        .get("/api/v1/findings/summary?severity=major")
        .await;
    assert_eq!(
        line(&majors, &f.unit_id),
        Some((1, 0, 1)),
        "{}",
        majors.text
    );
    assert_eq!(
        line(&majors, &f.hotline_id),
        None,
        "the filter narrows the summary"
    );
    // The unit sees its own line, of its published findings only.
    let own = l.manager.get("/api/v1/findings/summary").await;
    assert_eq!(items(&own).len(), 1);
    assert_eq!(line(&own, &f.unit_id), Some((2, 0, 1)), "{}", own.text);
    assert_eq!(
        f.inspector.get("/api/v1/findings/summary").await.status,
        StatusCode::NOT_FOUND
    );
}
