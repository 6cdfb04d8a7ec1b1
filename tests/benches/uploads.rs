//! A long recording sent by resumable upload over loopback, next to curl sending the same file
//! to the same S3-protocol store in one request, and the server's peak memory meanwhile.
//!
//!   cargo bench -p anfang-tests --bench uploads        (needs curl)
//!
//! `BENCH_UPLOAD_MIB` (default 1024) is the recording's size, `BENCH_UPLOAD_PATCH_MIB`
//! (default 64) the bytes per `PATCH`. The server, its SQLite database and the store (s3s-fs,
//! in-process, on a temporary directory) run in this process; each `PATCH` streams from the
//! file on disk through a socket of its own, so the client holds a few kilobytes. Rounds
//! alternate (curl, tus, curl, tus) so neither side gets the warmer page cache.

use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anfang_tests::media::{Movie, write_movie};
use anfang_tests::memory::{current_rss_kib, peak_rss_kib, reset_peak};
use anfang_tests::reports::Fixture;
use anfang_tests::uploads::{create, location};
use anfang_tests::{Backend, Session, Store, s3};

/// Sends `len` bytes of `file` from `at` as one `PATCH`, streamed from disk; the status.
fn patch_from_file(session: &Session, upload: &str, file: &Path, at: u64, len: u64) -> u16 {
    let mut socket = std::net::TcpStream::connect(session.host()).expect("connected");
    write!(
        socket,
        "PATCH {upload} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n\
         Tus-Resumable: 1.0.0\r\nUpload-Offset: {at}\r\n\
         Content-Type: application/offset+octet-stream\r\nContent-Length: {len}\r\n\
         Connection: close\r\n\r\n",
        host = session.host(),
        token = session.access_token,
    )
    .expect("headers sent");
    let mut source = std::fs::File::open(file).expect("the file");
    source.seek(SeekFrom::Start(at)).expect("seek");
    std::io::copy(&mut source.take(len), &mut socket).expect("body sent");
    let mut status = String::new();
    BufReader::new(socket)
        .read_line(&mut status)
        .expect("an answer");
    status
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

fn curl_put(endpoint: &str, file: &Path, key: &str) -> f64 {
    let started = Instant::now();
    let out = std::process::Command::new("curl")
        .args([
            "-sS",
            "-o",
            "/dev/null",
            "-w",
            "%{http_code}",
            "--aws-sigv4",
        ])
        .arg("aws:amz:us-east-1:s3")
        .arg("--user")
        .arg(format!("{}:{}", s3::ACCESS_KEY, s3::SECRET_KEY))
        .arg("-H")
        .arg("x-amz-content-sha256: UNSIGNED-PAYLOAD")
        .arg("-T")
        .arg(file)
        .arg(format!("{endpoint}/{}/bench/{key}", s3::BUCKET))
        .output()
        .expect("curl runs");
    let seconds = started.elapsed().as_secs_f64();
    let code = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        code,
        "200",
        "curl: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    seconds
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let mib: u64 = std::env::var("BENCH_UPLOAD_MIB")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1024);
    let patch_mib: u64 = std::env::var("BENCH_UPLOAD_PATCH_MIB")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(64);
    let f = Fixture::with_store(Backend::Sqlite, Store::S3).await;
    let endpoint = f.app.s3_endpoint().expect("an S3 store").to_owned();
    let path: PathBuf =
        std::env::temp_dir().join(format!("anfang-upload-bench-{}.mp4", std::process::id()));
    let size = {
        let mut out = std::io::BufWriter::new(std::fs::File::create(&path).expect("file"));
        let size = write_movie(
            &mut out,
            &Movie {
                media_bytes: usize::try_from(mib << 20).expect("fits"),
                ..Movie::default()
            },
        )
        .expect("written");
        out.flush().expect("flushed");
        size
    };
    println!(
        "upload benchmark: a recording of {:.0} MiB, PATCHes of {patch_mib} MiB, over loopback",
        size as f64 / f64::from(1 << 20)
    );

    let mut curl = Vec::new();
    let mut tus = Vec::new();
    let mut peaks = Vec::new();
    for round in 0..2 {
        curl.push(curl_put(&endpoint, &path, &format!("curl-{round}.mp4")));

        let report = f.draft(f.body()).await;
        let evidence = uuid::Uuid::new_v4().to_string();
        let meta = [
            ("report_id", report.as_str()),
            ("kind", "recording"),
            ("evidence_id", evidence.as_str()),
        ];
        let baseline = current_rss_kib();
        reset_peak();
        let started = Instant::now();
        let upload = location(&create(&f.inspector, size, &meta).await);
        let mut at = 0;
        while at < size {
            let len = (patch_mib << 20).min(size - at);
            let (session, upload, file) = (f.inspector.clone(), upload.clone(), path.clone());
            let status = tokio::task::spawn_blocking(move || {
                patch_from_file(&session, &upload, &file, at, len)
            })
            .await
            .expect("sent");
            assert_eq!(status, 204, "PATCH at {at}");
            at += len;
        }
        tus.push(started.elapsed().as_secs_f64());
        peaks.push(peak_rss_kib().saturating_sub(baseline));
        let listed = f
            .inspector
            .get(&format!("/api/v1/reports/{report}/recordings"))
            .await;
        assert_eq!(listed.body["items"][0]["bytes"], size, "{}", listed.text);
    }
    let _ = std::fs::remove_file(&path);

    let best = |times: &[f64]| times.iter().copied().fold(f64::INFINITY, f64::min);
    let rate = |seconds: f64| size as f64 / f64::from(1 << 20) / seconds;
    let (curl_best, tus_best) = (best(&curl), best(&tus));
    println!("| | MiB/s (best of {}) | seconds, each round |", curl.len());
    println!("|---|---|---|");
    println!(
        "| curl, one PUT to the store | {:.0} | {} |",
        rate(curl_best),
        curl.iter()
            .map(|s| format!("{s:.1}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!(
        "| anfang, tus PATCHes of {patch_mib} MiB, the recording checked and stored | {:.0} | {} |",
        rate(tus_best),
        tus.iter()
            .map(|s| format!("{s:.1}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!("ratio anfang / curl: {:.2}", curl_best / tus_best);
    println!(
        "peak memory over the baseline while receiving (server and store in one process): {}",
        peaks
            .iter()
            .map(|k| format!("{:.1} MiB", *k as f64 / 1024.0))
            .collect::<Vec<_>>()
            .join(", ")
    );
}
