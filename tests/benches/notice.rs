//! Drafting a monthly notice on PostgreSQL, next to the bare SQL it runs, by psql, on the same
//! rows in the same run.
//!
//!   cargo bench -p anfang-tests --bench notice
//!
//! Loads `BENCH_REPORTS` (default 100,000) approved reports in October 2026 over 300 units of
//! the 15 types, each with the checklist's 30 ratings (3 million), about 4 % of them minor or
//! major findings, and a fifth as many reports in September (the month compared against).
//! Then, `BENCH_RUNS` (default 5) times each, alternating:
//! 1. `POST /api/v1/notices {"period": "2026-10"}` (redrafting the draft): every aggregate,
//!    the snapshot, recording the month's findings, the audit entry.
//! 2. `psql -f` on the same statements with the month's bounds written in: the aggregates and
//!    the recording of the findings, in one transaction rolled back.
//!
//! Then the notice is signed and published, and `BENCH_RUNS` times each, alternating, with the
//! stored renderings removed before each run so that every download renders:
//! 3. the official document as PDF (`GET /notices/{id}/export?format=pdf`, typst) and as DOCX;
//! 4. the same DOCX printed to PDF by LibreOffice (`soffice --headless --convert-to pdf`), the
//!    way an office makes a PDF of an editable document;
//! 5. the rectification order of the unit with the most findings, as PDF.
//!
//! Needs PostgreSQL at `ANFANG_TEST_POSTGRES_URL` (default 127.0.0.1:5432, user postgres),
//! `psql` and `soffice` on the PATH. Creates and drops its own database.

use std::time::{Duration, Instant};

use anfang_tests::reports::Fixture;
use anfang_tests::{Backend, TestApp};
use serde_json::json;

/// October 2026 in Asia/Shanghai, and September.
const OCTOBER: (&str, &str) = ("2026-09-30 16:00:00", "2026-10-31 16:00:00");
const SEPTEMBER: (&str, &str) = ("2026-08-31 16:00:00", "2026-09-30 16:00:00");

fn load(app: &TestApp, f: &Fixture, reports: u64) {
    let started = Instant::now();
    let checklist = f.checklist_id();
    let inspector = app
        .sql_query_one("SELECT id FROM users WHERE role = 'inspector' LIMIT 1")
        .expect("an inspector");
    let statements = [
        "INSERT INTO units (id, code, name, type_code, district, geofence_m, active, created_at, updated_at)
         SELECT md5('unit' || i)::uuid::text, 'B-' || lpad(i::text, 3, '0'), '基准单位' || i,
                (SELECT array_agg(code ORDER BY position) FROM unit_types)[1 + i % 15],
                (ARRAY['330102', '330103', '330105', '330106'])[1 + i % 4], 200, true, now(), now()
         FROM generate_series(0, 299) AS i"
            .to_owned(),
        format!(
            "INSERT INTO reports (id, inspector_id, unit_id, unit_type, district, checklist_id, channel, scenario,
                visit_started_at, visit_ended_at, status, version, content_hash, score_half, grade,
                critical_failure, flags, created_at, updated_at, submitted_at, decided_at, queued_at)
             SELECT md5('r' || i)::uuid::text, '{inspector}', u.id, u.type_code, u.district, '{checklist}',
                'on_site', '咨询', v.at, v.at + INTERVAL '20 minutes', 'approved', 3, md5(i::text),
                200 - (i * 7) % 61, CASE WHEN (i * 7) % 61 <= 10 THEN 'excellent' WHEN (i * 7) % 61 <= 30
                THEN 'good' WHEN (i * 7) % 61 <= 60 THEN 'pass' ELSE 'fail' END, false, '[]',
                v.at, v.at, v.at, v.at, v.at
             FROM generate_series(1, {total}) AS i
             JOIN units u ON u.code = 'B-' || lpad((i % 300)::text, 3, '0')
             CROSS JOIN LATERAL (SELECT CASE WHEN i <= {reports}
                 THEN TIMESTAMP '{oct}' + i * INTERVAL '26 seconds'
                 ELSE TIMESTAMP '{sep}' + (i - {reports}) * INTERVAL '120 seconds' END AS at) v",
            total = reports + reports / 5,
            oct = OCTOBER.0,
            sep = SEPTEMBER.0,
        ),
        format!(
            "INSERT INTO report_ratings (report_id, position, item_code, outcome, value, unanswered, note)
             SELECT r.id, ci.position, ci.code,
                CASE WHEN abs(hashtext(r.id || ci.code)) % 100 < 3 THEN 'minor'
                     WHEN abs(hashtext(r.id || ci.code)) % 100 < 4 THEN 'major' ELSE 'ok' END,
                NULL, false, NULL
             FROM reports r CROSS JOIN checklist_items ci
             WHERE ci.checklist_id = '{checklist}' AND r.scenario = '咨询'"
        ),
        "INSERT INTO findings (id, report_id, unit_id, item_code, severity, critical, status, deadline,
            is_repeat, visit_at, published_at, created_at, updated_at)
         SELECT md5(r.id || rr.item_code)::uuid::text, r.id, r.unit_id, rr.item_code, rr.outcome, ci.critical,
            (ARRAY['open', 'rectifying', 'rectified', 'verified', 'overdue', 'overturned'])
                [1 + abs(hashtext(rr.item_code || r.id)) % 6],
            r.decided_at + INTERVAL '7 days', abs(hashtext(r.id)) % 10 = 0, r.visit_started_at,
            r.decided_at, r.decided_at, r.decided_at
         FROM report_ratings rr JOIN reports r ON r.id = rr.report_id
         JOIN checklist_items ci ON ci.checklist_id = r.checklist_id AND ci.code = rr.item_code
         WHERE rr.outcome IN ('minor', 'major')"
            .to_owned(),
        "ANALYZE".to_owned(),
    ];
    for statement in statements {
        app.sql(&statement).expect("bench data");
    }
    let count = |sql: &str| app.sql_query_one(sql).unwrap_or_default();
    println!(
        "loaded {} reports, {} ratings, {} findings in {:.0} s",
        count("SELECT COUNT(*)::text AS id FROM reports"),
        count("SELECT COUNT(*)::text AS id FROM report_ratings"),
        count("SELECT COUNT(*)::text AS id FROM findings"),
        started.elapsed().as_secs_f64()
    );
}

/// The statements a notice runs, with the months' bounds written in, as psql runs them.
fn bare_sql(notice_id: &str) -> String {
    let months =
        |(start, end): (&str, &str)| (format!("TIMESTAMP '{start}'"), format!("TIMESTAMP '{end}'"));
    let (o1, o2) = months(OCTOBER);
    let (s1, s2) = months(SEPTEMBER);
    let reports = "COUNT(*), COUNT(DISTINCT r.unit_id), COALESCE(SUM(COALESCE(r.standing_score_half, r.score_half)), 0),
        COALESCE(SUM(CASE WHEN COALESCE(r.standing_grade, r.grade) = 'excellent' THEN 1 ELSE 0 END), 0),
        COALESCE(SUM(CASE WHEN COALESCE(r.standing_grade, r.grade) = 'good' THEN 1 ELSE 0 END), 0),
        COALESCE(SUM(CASE WHEN COALESCE(r.standing_grade, r.grade) = 'pass' THEN 1 ELSE 0 END), 0),
        COALESCE(SUM(CASE WHEN COALESCE(r.standing_grade, r.grade) = 'fail' THEN 1 ELSE 0 END), 0)
        FROM reports r WHERE r.status = 'approved'";
    let findings = "COUNT(*), COALESCE(SUM(CASE WHEN f.severity = 'major' THEN 1 ELSE 0 END), 0),
        COALESCE(SUM(CASE WHEN f.critical THEN 1 ELSE 0 END), 0),
        COALESCE(SUM(CASE WHEN f.is_repeat THEN 1 ELSE 0 END), 0)
        FROM findings f JOIN reports r ON r.id = f.report_id WHERE f.status <> 'overturned'";
    let rows = "SELECT f.id, f.report_id, u.code, u.name, f.item_code, f.severity, f.critical, f.is_repeat,
        f.status, f.visit_at, f.deadline FROM findings f JOIN units u ON u.id = f.unit_id";
    let mut sql = String::from("BEGIN;\n");
    let in_month =
        |column: &str, (a, b): (&String, &String)| format!("{column} >= {a} AND {column} < {b}");
    sql += "SELECT id, code, name, type_code, district FROM units;\n";
    sql += "SELECT ci.code, ci.title FROM checklist_items ci JOIN checklists c ON c.id = ci.checklist_id WHERE c.status = 'published' ORDER BY c.version;\n";
    sql += "SELECT code, name, name_en FROM unit_types ORDER BY position;\n";
    let october = in_month("r.visit_started_at", (&o1, &o2));
    sql += &format!("SELECT '', {reports} AND {october};\n");
    sql += &format!(
        "SELECT '', {findings} AND {};\n",
        in_month("f.visit_at", (&o1, &o2))
    );
    for (key, month) in [
        ("r.unit_type", (&o1, &o2)),
        ("r.unit_id", (&o1, &o2)),
        ("r.unit_id", (&s1, &s2)),
        ("r.district", (&o1, &o2)),
    ] {
        sql += &format!(
            "SELECT {key}, {reports} AND {} GROUP BY {key} ORDER BY {key};\n",
            in_month("r.visit_started_at", month)
        );
    }
    for (key, month) in [
        ("f.unit_id", (&o1, &o2)),
        ("r.unit_type", (&o1, &o2)),
        ("r.district", (&o1, &o2)),
        ("f.item_code", (&o1, &o2)),
        ("f.item_code", (&s1, &s2)),
        ("SUBSTR(f.item_code, 1, 3)", (&o1, &o2)),
        ("SUBSTR(f.item_code, 1, 3)", (&s1, &s2)),
    ] {
        sql += &format!(
            "SELECT {key}, {findings} AND {} GROUP BY {key} ORDER BY {key};\n",
            in_month("f.visit_at", month)
        );
    }
    let october_findings = in_month("f.visit_at", (&o1, &o2));
    sql += &format!(
        "SELECT f.id, f.report_id, f.unit_id, u.code, u.name, u.type_code, f.item_code, f.severity, f.critical,
            f.is_repeat, f.visit_at,
            EXISTS (SELECT 1 FROM photos p WHERE p.report_id = f.report_id AND p.item_code = f.item_code)
         FROM findings f JOIN units u ON u.id = f.unit_id
         WHERE f.status <> 'overturned' AND {october_findings} AND (f.severity = 'major' OR f.critical);\n"
    );
    sql += &format!(
        "SELECT f.unit_id, u.code, u.name, SUM(CASE WHEN f.status = 'open' THEN 1 ELSE 0 END),
            SUM(CASE WHEN f.status = 'rectifying' THEN 1 ELSE 0 END), SUM(CASE WHEN f.status = 'rectified' THEN 1 ELSE 0 END),
            SUM(CASE WHEN f.status = 'verified' THEN 1 ELSE 0 END), SUM(CASE WHEN f.status = 'overdue' THEN 1 ELSE 0 END)
         FROM findings f JOIN units u ON u.id = f.unit_id WHERE f.status <> 'overturned' AND {october_findings}
         GROUP BY f.unit_id, u.code, u.name ORDER BY u.code;\n"
    );
    sql += &format!(
        "{rows} WHERE f.status = 'overdue' AND f.published_at IS NOT NULL ORDER BY f.deadline, f.id;\n"
    );
    sql += &format!(
        "{rows} WHERE f.status <> 'overturned' AND {october_findings} AND f.is_repeat ORDER BY u.code, f.item_code, f.id;\n"
    );
    sql += &format!("DELETE FROM notice_findings WHERE notice_id = '{notice_id}';\n");
    sql += &format!(
        "INSERT INTO notice_findings (notice_id, finding_id, report_id, unit_id, unit_code, unit_name, unit_type,
            district, item_code, severity, critical, is_repeat, status, deadline, visit_at)
         SELECT '{notice_id}', f.id, f.report_id, f.unit_id, u.code, u.name, r.unit_type, r.district, f.item_code,
            f.severity, f.critical, f.is_repeat, f.status, f.deadline, f.visit_at
         FROM findings f JOIN reports r ON r.id = f.report_id JOIN units u ON u.id = f.unit_id
         WHERE f.status <> 'overturned' AND {october_findings};\n"
    );
    sql + "ROLLBACK;\n"
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn main() {
    let reports: u64 = std::env::var("BENCH_REPORTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async move {
        let f = Fixture::new(Backend::Postgres).await;
        println!(
            "anfang notice benchmark: PostgreSQL, {reports} reports in the month, {} cores",
            std::thread::available_parallelism().map_or(0, |n| n.get())
        );
        load(&f.app, &f, reports);
        let database_url = f.app.database_url().expect("a PostgreSQL database");
        let period = json!({ "period": "2026-10" });

        let first = f
            .app
            .post(
                "/api/v1/notices",
                &f.supervisor.access_token,
                period.clone(),
            )
            .await;
        assert_eq!(first.status, 201, "{}", first.text);
        let notice_id = first.body["id"].as_str().expect("notice id").to_owned();
        println!(
            "the month: {} inspections, {} findings, {} units ranked",
            first.body["content"]["totals"]["inspections"],
            first.body["content"]["totals"]["findings"],
            first.body["content"]["unit_ranking"]
                .as_array()
                .map_or(0, |u| u.len())
        );
        let script =
            std::env::temp_dir().join(format!("anfang-notice-bench-{}.sql", std::process::id()));
        std::fs::write(&script, bare_sql(&notice_id)).expect("write the psql script");

        let (mut app_times, mut sql_times) = (Vec::new(), Vec::new());
        for _ in 0..runs {
            let started = Instant::now();
            let answer = f
                .app
                .post(
                    "/api/v1/notices",
                    &f.supervisor.access_token,
                    period.clone(),
                )
                .await;
            app_times.push(started.elapsed());
            assert_eq!(answer.status, 200, "{}", answer.text);

            let started = Instant::now();
            let output = std::process::Command::new("psql")
                .args([
                    "-X",
                    "-q",
                    "-v",
                    "ON_ERROR_STOP=1",
                    "-o",
                    "/dev/null",
                    "-d",
                    &database_url,
                    "-f",
                ])
                .arg(&script)
                .output()
                .expect("psql runs");
            sql_times.push(started.elapsed());
            assert!(
                output.status.success(),
                "{}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        let _ = std::fs::remove_file(&script);
        let documents = documents(&f, &notice_id, runs).await;
        let (ours, bare) = (median(app_times), median(sql_times));
        println!(
            "{:<44} median {:>8.1} ms",
            "anfang POST /notices (redraft)",
            ours.as_secs_f64() * 1e3
        );
        println!(
            "{:<44} median {:>8.1} ms",
            "psql, the same statements",
            bare.as_secs_f64() * 1e3
        );
        println!(
            "ratio (target <= 1.25): {:.2}",
            ours.as_secs_f64() / bare.as_secs_f64()
        );
        for (what, time, bytes) in documents {
            println!(
                "{what:<44} median {:>8.1} ms  {:>6.0} KiB",
                time.as_secs_f64() * 1e3,
                bytes as f64 / 1024.0
            );
        }
    });
}

async fn download(f: &Fixture, path: &str) -> (Duration, Vec<u8>) {
    let started = Instant::now();
    let response = f
        .app
        .client
        .get(f.app.url(path))
        .bearer_auth(&f.supervisor.access_token)
        .send()
        .await
        .expect("download");
    assert_eq!(response.status(), 200, "{path}");
    let bytes = response.bytes().await.expect("body").to_vec();
    (started.elapsed(), bytes)
}

/// Signs and publishes the notice, then times its documents; each a median with its size.
async fn documents(f: &Fixture, notice: &str, runs: usize) -> Vec<(&'static str, Duration, usize)> {
    for (who, step) in [
        (&f.supervisor, "submit"),
        (&f.leader, "sign"),
        (&f.supervisor, "publish"),
    ] {
        let answer = who
            .post(&format!("/api/v1/notices/{notice}/{step}"), json!({}))
            .await;
        assert_eq!(answer.status, 200, "{step}: {}", answer.text);
    }
    let orders = f
        .supervisor
        .get(&format!("/api/v1/notices/{notice}/orders"))
        .await;
    let biggest = orders.body["items"]
        .as_array()
        .and_then(|units| units.iter().max_by_key(|u| u["findings"].as_u64()))
        .expect("units with orders")
        .clone();
    println!(
        "published; {} units have orders, the largest ({}) {} findings",
        orders.body["items"].as_array().map_or(0, Vec::len),
        biggest["unit_code"],
        biggest["findings"]
    );
    let stored = f.app.objects_dir().join("notices").join(notice);
    let scratch = tempfile::tempdir().expect("scratch directory");
    let (mut pdf, mut docx, mut office, mut order) = (vec![], vec![], vec![], vec![]);
    let mut sizes = [0usize; 4];
    for _ in 0..runs {
        let _ = std::fs::remove_dir_all(&stored);
        let (time, bytes) =
            download(f, &format!("/api/v1/notices/{notice}/export?format=pdf")).await;
        pdf.push(time);
        sizes[0] = bytes.len();
        let (time, bytes) =
            download(f, &format!("/api/v1/notices/{notice}/export?format=docx")).await;
        docx.push(time);
        sizes[1] = bytes.len();

        let source = scratch.path().join("notice.docx");
        std::fs::write(&source, &bytes).expect("write the DOCX");
        let started = Instant::now();
        let output = std::process::Command::new("soffice")
            .arg(format!(
                "-env:UserInstallation=file://{}",
                scratch.path().join("profile").display()
            ))
            .args(["--headless", "--convert-to", "pdf", "--outdir"])
            .arg(scratch.path())
            .arg(&source)
            .output()
            .expect("soffice runs");
        office.push(started.elapsed());
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        sizes[2] =
            std::fs::metadata(scratch.path().join("notice.pdf")).map_or(0, |m| m.len() as usize);

        let unit = biggest["unit_id"].as_str().expect("unit id");
        let (time, bytes) = download(
            f,
            &format!("/api/v1/notices/{notice}/orders/{unit}?format=pdf"),
        )
        .await;
        order.push(time);
        sizes[3] = bytes.len();
    }
    vec![
        ("anfang notice as PDF (typst)", median(pdf), sizes[0]),
        ("anfang notice as DOCX", median(docx), sizes[1]),
        ("LibreOffice: that DOCX to PDF", median(office), sizes[2]),
        (
            "anfang largest unit's order as PDF",
            median(order),
            sizes[3],
        ),
    ]
}
