//! Can a unit manager tell, by the time an answer takes, a real photo or report id from a
//! made-up one? Both must cost the same: the answer (404, the same bytes) is decided before
//! any lookup.
//!
//!   cargo bench -p anfang-tests --bench secrecy_timing
//!
//! The real server in this process (SQLite); `BENCH_TRIES` (default 2000) requests for each id,
//! real and made-up alternating, over one keep-alive connection; medians and the difference.

use std::time::Instant;

use anfang_tests::photos::{jpeg, upload};
use anfang_tests::reports::Fixture;
use anfang_tests::{Backend, Session};

async fn median_micros(f: &Fixture, who: &Session, paths: [&str; 2], tries: usize) -> [f64; 2] {
    let mut times = [Vec::with_capacity(tries), Vec::with_capacity(tries)];
    for _ in 0..tries {
        for (i, path) in paths.iter().enumerate() {
            let started = Instant::now();
            let answer = f.app.get(path, &who.access_token).await;
            times[i].push(started.elapsed().as_secs_f64() * 1e6);
            assert_eq!(answer.status, 404, "{path}");
        }
    }
    times.map(|mut t| {
        t.sort_by(f64::total_cmp);
        t[t.len() / 2]
    })
}

fn main() {
    let tries: usize = std::env::var("BENCH_TRIES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2000);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async move {
        let f = Fixture::new(Backend::Sqlite).await;
        let report = f.submitted().await;
        let draft = f.draft(f.body()).await;
        let photo = upload(
            &f.app,
            &f.inspector,
            &draft,
            jpeg(64, 48, 1, 85),
            "image/jpeg",
            &[],
        )
        .await
        .body["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let made_up = uuid::Uuid::new_v4().to_string();
        println!(
            "| what a unit manager asks for | real id, median | made-up id, median | difference |"
        );
        println!("|---|---|---|---|");
        for (what, real, fake) in [
            (
                "a photo (`GET /photos/{id}`)",
                format!("/api/v1/photos/{photo}?variant=thumb"),
                format!("/api/v1/photos/{made_up}?variant=thumb"),
            ),
            (
                "a report (`GET /reports/{id}`)",
                format!("/api/v1/reports/{report}"),
                format!("/api/v1/reports/{made_up}"),
            ),
        ] {
            let [real_us, fake_us] =
                median_micros(&f, &f.unit_manager, [&real, &fake], tries).await;
            println!(
                "| {what} | {real_us:.0} µs | {fake_us:.0} µs | {:+.0} µs |",
                real_us - fake_us
            );
        }
    });
}
