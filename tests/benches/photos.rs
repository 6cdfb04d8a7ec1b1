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

/// A photo-like 12 MP JPEG: smooth light, texture and sensor noise, so it compresses like one.
fn phone_photo(seed: u32) -> Vec<u8> {
    let (w, h) = (4000u32, 3000u32);
    let mut state = seed.wrapping_mul(2_654_435_761).wrapping_add(1);
    let mut noise = move || {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        (state % 19) as i32 - 9
    };
    let image = image::RgbImage::from_fn(w, h, |x, y| {
        let base = [
            (x * 200 / w) as i32 + 30,
            (y * 180 / h) as i32 + 40,
            ((x + y) * 120 / (w + h)) as i32 + 60,
        ];
        let texture = (((x / 7) ^ (y / 5)) % 17) as i32;
        image::Rgb(base.map(|c| (c + texture + noise()).clamp(0, 255) as u8))
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 92)
        .encode_image(&image)
        .expect("jpeg");
    out
}

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(str::to_owned)
        })
        .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        .unwrap_or(0)
}

fn current_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .map(str::to_owned)
        })
        .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        .unwrap_or(0)
}

/// Resets the peak-RSS counter to the current RSS (Linux: `clear_refs` 5).
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

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
