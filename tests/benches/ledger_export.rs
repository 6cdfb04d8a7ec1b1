//! Exporting the rectification ledger on PostgreSQL, next to the database's own CSV export of
//! the same rows, by psql, in the same run.
//!
//!   cargo bench -p anfang-tests --bench ledger_export
//!
//! Loads `BENCH_FINDINGS` (default 100,000) findings over 300 units, one per approved report,
//! each on one of the checklist's items. Then, `BENCH_RUNS` (default 3) times each,
//! alternating:
//! 1. `GET /api/v1/findings/export?format=csv` (and `xlsx`) as a supervisor, read and thrown
//!    away as it arrives: the ledger's query a thousand findings at a time, names, items and
//!    notes, the CSV or XLSX writer. The server runs in this process: its peak resident memory
//!    above what it held before the download is the server's (the client keeps no bytes).
//! 2. `psql -c "\copy (SELECT … the same columns, joined …) TO STDOUT CSV HEADER"`: the
//!    database writing the rows itself, one statement, no paging.
//!
//! Needs PostgreSQL at `ANFANG_TEST_POSTGRES_URL` (default 127.0.0.1:5432, user postgres) and
//! `psql` on the PATH. Creates and drops its own database.

use std::time::{Duration, Instant};

use anfang_tests::memory::{current_rss_kib, peak_rss_kib, reset_peak};
use anfang_tests::reports::Fixture;
use anfang_tests::{Backend, TestApp};

fn load(app: &TestApp, f: &Fixture, findings: u64) {
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
                180, 'good', false, '[]', v.at, v.at, v.at, v.at, v.at
             FROM generate_series(1, {findings}) AS i
             JOIN units u ON u.code = 'B-' || lpad((i % 300)::text, 3, '0')
             CROSS JOIN LATERAL (SELECT TIMESTAMP '2026-10-01 01:00:00' + i * INTERVAL '26 seconds' AS at) v"
        ),
        format!(
            "INSERT INTO findings (id, report_id, unit_id, item_code, severity, critical, status, deadline,
                is_repeat, visit_at, published_at, rectification, created_at, updated_at)
             SELECT md5('f' || r.id)::uuid::text, r.id, r.unit_id, ci.code,
                CASE WHEN abs(hashtext(r.id)) % 4 = 0 THEN 'major' ELSE 'minor' END, ci.critical,
                (ARRAY['open', 'rectifying', 'rectified', 'verified', 'overdue'])[1 + abs(hashtext(r.id)) % 5],
                r.decided_at + INTERVAL '30 days', abs(hashtext(r.id)) % 10 = 0, r.visit_started_at,
                r.decided_at, CASE WHEN abs(hashtext(r.id)) % 3 = 0 THEN '已整改，窗口人员已接受批评教育' END,
                r.decided_at, r.decided_at
             FROM reports r
             JOIN LATERAL (SELECT code, critical FROM checklist_items
                           WHERE checklist_id = '{checklist}'
                           ORDER BY position OFFSET abs(hashtext(r.id)) % 20 LIMIT 1) ci ON true"
        ),
        "ANALYZE".to_owned(),
    ];
    for statement in statements {
        app.sql(&statement).expect("bench data");
    }
    println!(
        "loaded {} findings in {:.0} s",
        app.sql_query_one("SELECT COUNT(*)::text AS id FROM findings")
            .unwrap_or_default(),
        started.elapsed().as_secs_f64()
    );
}

/// The same columns as the ledger's CSV, written by the database itself.
const BARE: &str =
    "\\copy (SELECT f.id, u.code, u.name, u.type_code, t.name, u.district, f.item_code, ci.title,
    substr(f.item_code, 1, 3), f.severity, f.critical, f.is_repeat, f.status, f.status,
    (f.visit_at AT TIME ZONE 'UTC' AT TIME ZONE 'Asia/Shanghai')::date,
    to_char(f.deadline AT TIME ZONE 'UTC' AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'),
    to_char(f.published_at AT TIME ZONE 'UTC' AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'),
    to_char(f.rectified_at AT TIME ZONE 'UTC' AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'),
    f.rectification, f.appeal_decision, rr.note
  FROM findings f JOIN units u ON u.id = f.unit_id JOIN unit_types t ON t.code = u.type_code
  JOIN reports r ON r.id = f.report_id
  JOIN checklist_items ci ON ci.checklist_id = r.checklist_id AND ci.code = f.item_code
  LEFT JOIN report_ratings rr ON rr.report_id = f.report_id AND rr.item_code = f.item_code
  ORDER BY f.created_at, f.id) TO STDOUT WITH (FORMAT csv, HEADER)";

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

/// Downloads `path`, counting the bytes as they arrive; (time, bytes, server's peak KiB above
/// what the process held before).
async fn download(app: &TestApp, token: &str, path: &str) -> (Duration, u64, u64) {
    let before = current_rss_kib();
    reset_peak();
    let started = Instant::now();
    let mut answer = app
        .client
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .expect("the export answers");
    assert_eq!(answer.status(), 200);
    let mut bytes = 0;
    while let Some(chunk) = answer.chunk().await.expect("the export streams") {
        bytes += chunk.len() as u64;
    }
    (
        started.elapsed(),
        bytes,
        peak_rss_kib().saturating_sub(before),
    )
}

fn main() {
    let findings: u64 = std::env::var("BENCH_FINDINGS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async move {
        let f = Fixture::new(Backend::Postgres).await;
        println!(
            "anfang ledger export benchmark: PostgreSQL, {findings} findings, {} cores",
            std::thread::available_parallelism().map_or(0, |n| n.get())
        );
        load(&f.app, &f, findings);
        let database_url = f.app.database_url().expect("a PostgreSQL database");
        let token = f.supervisor.access_token.clone();
        let (mut csv, mut xlsx, mut bare) = (Vec::new(), Vec::new(), Vec::new());
        let (mut csv_peak, mut xlsx_peak) = (0, 0);
        let (mut csv_bytes, mut xlsx_bytes, mut bare_bytes) = (0, 0, 0);
        for _ in 0..runs {
            let (time, bytes, peak) =
                download(&f.app, &token, "/api/v1/findings/export?format=csv").await;
            csv.push(time);
            csv_bytes = bytes;
            csv_peak = csv_peak.max(peak);
            let (time, bytes, peak) =
                download(&f.app, &token, "/api/v1/findings/export?format=xlsx").await;
            xlsx.push(time);
            xlsx_bytes = bytes;
            xlsx_peak = xlsx_peak.max(peak);

            let started = Instant::now();
            let output = std::process::Command::new("psql")
                .args([
                    "-X",
                    "-q",
                    "-v",
                    "ON_ERROR_STOP=1",
                    "-d",
                    &database_url,
                    "-c",
                    BARE,
                ])
                .output()
                .expect("psql runs");
            bare.push(started.elapsed());
            assert!(
                output.status.success(),
                "{}",
                String::from_utf8_lossy(&output.stderr)
            );
            bare_bytes = output.stdout.len();
        }
        let row = |name: &str, time: Duration, bytes: u64, peak: Option<u64>| {
            println!(
                "{name:<46} median {:>8.0} ms  {:>6.1} MB{}",
                time.as_secs_f64() * 1e3,
                bytes as f64 / 1e6,
                peak.map_or(String::new(), |kib| format!(
                    "  server peak +{:.1} MiB",
                    kib as f64 / 1024.0
                ))
            );
        };
        let (csv, xlsx, bare) = (median(csv), median(xlsx), median(bare));
        row(
            "anfang GET /findings/export?format=csv",
            csv,
            csv_bytes,
            Some(csv_peak),
        );
        row(
            "anfang GET /findings/export?format=xlsx",
            xlsx,
            xlsx_bytes,
            Some(xlsx_peak),
        );
        row(
            "psql \\copy of the same rows (CSV)",
            bare,
            bare_bytes as u64,
            None,
        );
        println!(
            "ratio csv / psql: {:.2}",
            csv.as_secs_f64() / bare.as_secs_f64()
        );
    });
}
