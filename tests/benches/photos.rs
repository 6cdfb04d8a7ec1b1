//! The photo pipeline on phone-sized photos, next to vipsthumbnail on the same files.
//!
//!   cargo bench -p anfang-tests --bench photos        (needs `vipsthumbnail`: libvips-tools)
//!
//! Makes `BENCH_PHOTOS` (default 8) 4000×3000 JPEGs of 4–5 MB, then times:
//! - anfang's pipeline (type check, end-marker check, EXIF, decode, display 1600 px and
//!   thumbnail 320 px re-encoded, SHA-256, perceptual hash), one photo per core in flight, as
//!   the server runs it;
//! - vipsthumbnail producing the same two sizes from the same files;
//!
//! and measures anfang's peak memory per photo in flight (peak RSS over the baseline, Linux).

use std::path::PathBuf;
use std::time::Instant;

use anfang_infra::images::{self, ImageLimits};

use anfang_tests::memory::{current_rss_kib, peak_rss_kib, reset_peak};
use anfang_tests::photos::phone_photo;

fn main() {
    let count: u32 = std::env::var("BENCH_PHOTOS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(8);
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let dir = std::env::temp_dir().join(format!("anfang-photo-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("bench directory");
    let files: Vec<(PathBuf, Vec<u8>)> = (0..count)
        .map(|i| {
            let bytes = phone_photo(i + 1);
            let path = dir.join(format!("photo-{i}.jpg"));
            std::fs::write(&path, &bytes).expect("write photo");
            (path, bytes)
        })
        .collect();
    let mean_mb = files.iter().map(|(_, b)| b.len()).sum::<usize>() as f64 / f64::from(count) / 1e6;
    println!(
        "photo benchmark: {count} photos of 4000×3000, {mean_mb:.1} MB each on average, {cores} cores"
    );
    let limits = ImageLimits::default();

    // Peak memory with one, then `cores`, photos in flight.
    let baseline = current_rss_kib();
    reset_peak();
    images::process(
        &files[0].1,
        Some("image/jpeg"),
        &limits,
        chrono_tz::Asia::Shanghai,
    )
    .expect("processed");
    let one = peak_rss_kib().saturating_sub(baseline);
    reset_peak();
    std::thread::scope(|s| {
        for (_, bytes) in files.iter().take(cores) {
            s.spawn(|| {
                images::process(
                    bytes,
                    Some("image/jpeg"),
                    &limits,
                    chrono_tz::Asia::Shanghai,
                )
                .expect("processed")
            });
        }
    });
    let many = peak_rss_kib().saturating_sub(baseline);
    println!(
        "{:<40} {:.1} MB with 1 in flight, {:.1} MB per photo with {cores} in flight (target < 60 MB)",
        "anfang peak memory per photo",
        one as f64 / 1024.0,
        many as f64 / 1024.0 / cores as f64
    );

    // Throughput: one photo per core at a time, as the server's semaphore allows.
    let started = Instant::now();
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..cores {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some((_, bytes)) = files.get(i) else {
                        break;
                    };
                    let processed = images::process(
                        bytes,
                        Some("image/jpeg"),
                        &limits,
                        chrono_tz::Asia::Shanghai,
                    )
                    .expect("processed");
                    assert!(processed.display.len() > 1000 && processed.thumb.len() > 100);
                }
            });
        }
    });
    let ours = f64::from(count) / started.elapsed().as_secs_f64();
    println!(
        "{:<40} {ours:.2} photos/s",
        "anfang pipeline (display + thumbnail)"
    );

    let started = Instant::now();
    for (size, suffix) in [("1600x1600", "display"), ("320x320", "thumb")] {
        let status = std::process::Command::new("vipsthumbnail")
            .args(files.iter().map(|(p, _)| p.as_os_str()))
            .args(["--size", size, "-o"])
            .arg(format!("%s-{suffix}.jpg[Q=82,strip]"))
            .status()
            .expect("vipsthumbnail runs (apt-get install libvips-tools)");
        assert!(status.success());
    }
    let theirs = f64::from(count) / started.elapsed().as_secs_f64();
    println!(
        "{:<40} {theirs:.2} photos/s",
        "vipsthumbnail (the same two sizes)"
    );
    println!(
        "{:<40} {:.2} (target ≥ 1.00)",
        "anfang / vips",
        ours / theirs
    );
    let _ = std::fs::remove_dir_all(&dir);
}
