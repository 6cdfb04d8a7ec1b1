//! Report throughput and queue latency on PostgreSQL, next to pgbench on the same machine.
//!
//!   cargo bench -p anfang-tests --bench reports
//!
//! 1. 16 phones (concurrent clients) each write a report with 30 ratings (`PUT`) and submit it,
//!    for `BENCH_SECONDS` (default 20): reports per second and latency percentiles.
//! 2. pgbench, 16 clients, the same SQL those two requests run (authentication, the lookups,
//!    the inserts and the guarded update, in the same two transactions), for as long.
//! 3. A million submitted reports: the queue's page 1 and page 10,000 (100 a page, reached by
//!    following `next_cursor`), 300 requests each: latency percentiles.
//!
//! `BENCH_PAGES` (default 10,000) sets how deep the queue test goes; the queue holds
//! `BENCH_PAGES × 100` reports.
//!
//! Needs PostgreSQL at `ANFANG_TEST_POSTGRES_URL` (default 127.0.0.1:5432, user postgres) and
//! `pgbench` on the PATH. Creates and drops its own database.

use std::time::{Duration, Instant};

use anfang_tests::reports::Fixture;
use anfang_tests::{Backend, Session, TestApp};
use serde_json::Value;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * (sorted.len() as f64 - 1.0)).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

fn summary(name: &str, mut samples: Vec<Duration>) -> (Duration, Duration) {
    samples.sort();
    let (p50, p95, p99) = (
        percentile(&samples, 50.0),
        percentile(&samples, 95.0),
        percentile(&samples, 99.0),
    );
    println!(
        "{name:<34} n={:<6} p50={:>7.2} ms  p95={:>7.2} ms  p99={:>7.2} ms",
        samples.len(),
        p50.as_secs_f64() * 1e3,
        p95.as_secs_f64() * 1e3,
        p99.as_secs_f64() * 1e3
    );
    (p50, p99)
}

/// 16 phones writing and submitting reports until the time is up.
async fn http_load(f: &Fixture, phones: &[Session], seconds: u64) -> (f64, Vec<Duration>) {
    let body = f.body();
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut tasks = tokio::task::JoinSet::new();
    for phone in phones {
        let (client, base, token, body) = (
            f.app.client.clone(),
            f.app.address.clone(),
            phone.access_token.clone(),
            body.clone(),
        );
        tasks.spawn(async move {
            let mut latencies = Vec::new();
            while Instant::now() < deadline {
                let id = uuid::Uuid::new_v4();
                let started = Instant::now();
                let put = client
                    .put(format!("{base}/api/v1/reports/{id}"))
                    .bearer_auth(&token)
                    .json(&body)
                    .send()
                    .await
                    .expect("PUT sent");
                assert_eq!(
                    put.status(),
                    201,
                    "{}",
                    put.text().await.unwrap_or_default()
                );
                let submit = client
                    .post(format!("{base}/api/v1/reports/{id}/submit"))
                    .bearer_auth(&token)
                    .send()
                    .await
                    .expect("submit sent");
                assert_eq!(
                    submit.status(),
                    200,
                    "{}",
                    submit.text().await.unwrap_or_default()
                );
                latencies.push(started.elapsed());
            }
            latencies
        });
    }
    let started = Instant::now();
    let latencies: Vec<Duration> = tasks.join_all().await.into_iter().flatten().collect();
    let elapsed = started.elapsed().as_secs_f64();
    (latencies.len() as f64 / elapsed, latencies)
}

/// The SQL of one PUT (30 ratings) and one submit, as the server runs it, for pgbench. (The
/// published checklist is read once and kept in memory, so it is not read here either.)
fn pgbench_script(f: &Fixture, user_id: &str, session_id: &str) -> String {
    let checklist = f.checklist_id();
    let unit = &f.unit_id;
    let auth = format!(
        "SELECT users.id, users.username, users.display_name, users.role, users.unit_id, users.district, users.active, users.created_at \
         FROM sessions INNER JOIN users ON users.id = sessions.user_id WHERE sessions.id = '{session_id}' AND sessions.user_id = '{user_id}' \
         AND sessions.revoked_at IS NULL AND sessions.expires_at > now() AND users.active = true LIMIT 1;"
    );
    let ratings: Vec<String> = f
        .clean_ratings("EMP")
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let code = r["item_code"].as_str().unwrap_or_default();
            let value = if r.get("value").is_some() {
                "0"
            } else {
                "NULL"
            };
            format!("(:rid, {i}, '{code}', 'ok', {value}, false, NULL)")
        })
        .collect();
    format!(
        "SELECT gen_random_uuid()::text AS rid \\gset\n\
         BEGIN;\n{auth}\n\
         SELECT * FROM reports WHERE id = :rid LIMIT 1;\n\
         SELECT * FROM units WHERE id = '{unit}' LIMIT 1;\n\
         INSERT INTO reports (id, inspector_id, unit_id, unit_type, district, checklist_id, channel, scenario, visit_started_at, visit_ended_at, \
         narrative, location, device_info, status, version, content_hash, score_half, grade, critical_failure, flags, created_at, updated_at, queued_at) \
         VALUES (:rid, '{user_id}', '{unit}', 'EMP', '330102', '{checklist}', 'on_site', '咨询失业保险金申领条件', now() - interval '145 minutes', now() - interval '2 hours', \
         '窗口人员接待及时，解答清楚。', '{{\"latitude\":30.25,\"longitude\":120.17,\"accuracy_m\":15.0}}', 'Android 14', 'draft', 1, md5(:rid), 200, 'excellent', false, '[]', now(), now(), now());\n\
         INSERT INTO report_ratings (report_id, position, item_code, outcome, value, unanswered, note) VALUES {};\n\
         INSERT INTO report_events (report_id, at, actor_id, action, from_status, to_status, comment) VALUES (:rid, now(), '{user_id}', 'create', NULL, 'draft', NULL);\n\
         INSERT INTO audit_log (at, actor_id, action, target_type, target_id, client_ip, request_id, details) VALUES (now(), '{user_id}', 'report.create', 'report', :rid, '127.0.0.1', 'bench', NULL);\n\
         COMMIT;\n\
         BEGIN;\n{auth}\n\
         SELECT * FROM reports WHERE id = :rid LIMIT 1;\n\
         SELECT * FROM report_ratings WHERE report_id = :rid ORDER BY position;\n\
         SELECT key, value FROM settings;\n\
         UPDATE reports SET status = 'submitted', version = 2, flags = '[]', submitted_at = now(), queued_at = now(), updated_at = now() WHERE id = :rid AND version = 1;\n\
         INSERT INTO report_events (report_id, at, actor_id, action, from_status, to_status, comment) VALUES (:rid, now(), '{user_id}', 'submit', 'draft', 'submitted', NULL);\n\
         INSERT INTO audit_log (at, actor_id, action, target_type, target_id, client_ip, request_id, details) VALUES (now(), '{user_id}', 'report.submit', 'report', :rid, '127.0.0.1', 'bench', NULL);\n\
         COMMIT;\n",
        ratings.join(", ")
    )
    .replace(":rid", "':rid'")
    .replace("'':rid''", "':rid'")
}

fn run_pgbench(database_url: &str, script: &str, seconds: u64) -> f64 {
    let path = std::env::temp_dir().join(format!("anfang-bench-{}.sql", std::process::id()));
    std::fs::write(&path, script).expect("write the pgbench script");
    let output = std::process::Command::new("pgbench")
        .args([
            "-n",
            "-c",
            "16",
            "-j",
            "2",
            "-T",
            &seconds.to_string(),
            "-f",
        ])
        .arg(&path)
        .arg(database_url)
        .output()
        .expect("pgbench runs (is it on the PATH?)");
    let _ = std::fs::remove_file(&path);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "pgbench failed: {stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let tps = stdout
        .lines()
        .find_map(|l| {
            l.strip_prefix("tps = ")
                .and_then(|rest| rest.split_whitespace().next())
                .and_then(|v| v.parse().ok())
        })
        .expect("pgbench printed its tps");
    let latency = stdout
        .lines()
        .find(|l| l.starts_with("latency average"))
        .unwrap_or("");
    println!("{:<34} {latency}", "pgbench, same SQL, 16 clients");
    tps
}

/// A million submitted reports, written directly (what matters is the queue's index).
fn load_reports(app: &TestApp, f: &Fixture, inspector: &str, count: u64) {
    let started = Instant::now();
    app.sql(&format!(
        "INSERT INTO reports (id, inspector_id, unit_id, unit_type, district, checklist_id, channel, scenario, visit_started_at, visit_ended_at, \
         status, version, content_hash, score_half, grade, critical_failure, flags, created_at, updated_at, submitted_at, queued_at) \
         SELECT md5(i::text)::uuid::text, '{inspector}', '{unit}', 'EMP', '330102', '{checklist}', 'on_site', '咨询', \
         TIMESTAMP '2026-01-01' + i * INTERVAL '1 second', TIMESTAMP '2026-01-01' + i * INTERVAL '1 second' + INTERVAL '20 minutes', \
         'submitted', 2, md5(i::text), 200, 'excellent', false, '[]', TIMESTAMP '2026-01-01', TIMESTAMP '2026-01-01', \
         TIMESTAMP '2026-01-01' + i * INTERVAL '1 second', TIMESTAMP '2026-01-01' + i * INTERVAL '1 second' \
         FROM generate_series(1, {count}) AS i",
        unit = f.unit_id,
        checklist = f.checklist_id()
    ))
    .expect("the queue's reports");
    app.sql("ANALYZE reports").expect("analyze");
    println!(
        "{:<34} {:.1} s",
        format!("loading {count} reports"),
        started.elapsed().as_secs_f64()
    );
}

async fn get_page(f: &Fixture, token: &str, cursor: Option<&str>) -> (Duration, Value) {
    let path = match cursor {
        Some(c) => format!("/api/v1/reports?status=submitted&limit=100&cursor={c}"),
        None => "/api/v1/reports?status=submitted&limit=100".to_owned(),
    };
    let started = Instant::now();
    let answer = f.app.get(&path, token).await;
    let elapsed = started.elapsed();
    assert_eq!(answer.status, 200, "{}", answer.text);
    (elapsed, answer.body)
}

fn main() {
    let seconds: u64 = std::env::var("BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let pages: u64 = std::env::var("BENCH_PAGES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async move {
        let f = Fixture::new(Backend::Postgres).await;
        let mut phones = Vec::new();
        for _ in 0..16 {
            phones.push(f.app.user_with_role(&f.admin, "inspector").await);
        }
        println!(
            "anfang report benchmark: PostgreSQL, {seconds} s per phase, {} cores",
            std::thread::available_parallelism().map_or(0, |n| n.get())
        );

        // Warm up the pools and caches.
        let _ = http_load(&f, &phones, 2).await;
        let (ours, latencies) = http_load(&f, &phones, seconds).await;
        summary("anfang PUT+submit, 16 phones", latencies);

        let phone = &phones[0];
        let session = f
            .app
            .sql_query_one(&format!(
                "SELECT id FROM sessions WHERE user_id = '{}' LIMIT 1",
                phone.user_id
            ))
            .expect("a session");
        let url = f.app.database_url().expect("postgres");
        let script = pgbench_script(&f, &phone.user_id, &session);
        let theirs = tokio::task::spawn_blocking(move || run_pgbench(&url, &script, seconds))
            .await
            .expect("pgbench task");
        println!(
            "{:<34} anfang {ours:.1}/s, pgbench {theirs:.1}/s: ratio {:.2} (target ≥ 0.70)",
            "reports per second",
            ours / theirs
        );

        load_reports(&f.app, &f, &phones[1].user_id, pages * 100);
        let token = &f.supervisor.access_token;
        let walk = Instant::now();
        let mut cursor: Option<String> = None;
        for _ in 1..pages {
            let (_, body) = get_page(&f, token, cursor.as_deref()).await;
            cursor = body["next_cursor"].as_str().map(str::to_owned);
        }
        println!(
            "{:<34} {:.1} s",
            format!("walking to page {pages}"),
            walk.elapsed().as_secs_f64()
        );
        let deep = cursor.expect("the last page exists");
        let (mut first, mut last) = (Vec::new(), Vec::new());
        for _ in 0..300 {
            first.push(get_page(&f, token, None).await.0);
            let (elapsed, body) = get_page(&f, token, Some(&deep)).await;
            assert_eq!(body["items"].as_array().map(Vec::len), Some(100));
            last.push(elapsed);
        }
        let (_, p99_first) = summary("queue page 1 (100 items)", first);
        let (_, p99_last) = summary(&format!("queue page {pages} (100 items)"), last);
        println!(
            "{:<34} {:.2} (target ≤ 1.20)",
            format!("p99 page {pages} / page 1"),
            p99_last.as_secs_f64() / p99_first.as_secs_f64()
        );
    });
}
