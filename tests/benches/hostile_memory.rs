//! What hostile requests cost the server in memory, next to honest ones of the same number.
//!
//!   cargo bench -p anfang-tests --bench hostile_memory
//!
//! Builds and starts the release server as a process of its own (SQLite, local store), and
//! measures its peak resident memory over its idle baseline (Linux `VmHWM` of that process,
//! reset between rounds; the client's own buffers are not counted) while each set is in flight
//! at once:
//! - honest: 16 phone photos of 4–5 MB (12 MP JPEG) uploaded to a draft, and 16 reports of 30
//!   ratings written;
//! - hostile: 16 gzip bodies that inflate to 128 MiB each (8 to `/auth/login`, unsigned, and 8
//!   to `PUT /reports`), 16 images whose decoding would take hundreds of MB (16-bit RGBA
//!   7071², a 36-byte GIF on an 8000×6000 screen, a PNG whose iCCP profile inflates to 200 MB,
//!   a 12 MP PNG with alpha), and 16 uploads of 20 MiB by a leader to a report that does not
//!   exist.
//!
//! `BENCH_ROUNDS` (default 3) repeats each set; the largest peak of the rounds is reported.
//! `BENCH_SERVER=path/to/anfang` measures another build (an older one, say) instead of
//! building this one.

use std::process::{Child, Command, Stdio};

use anfang_tests::photos::{gif_flood, iccp_bomb, phone_photo, rgba16_flood};
use anfang_tests::reports::report_body;
use anfang_tests::{ADMIN_PASSWORD, at_once};
use bytes::Bytes;
use serde_json::{Value, json};

fn gzip_of(size: usize, prefix: &str, suffix: &str) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(prefix.as_bytes()).unwrap();
    let chunk = vec![b'a'; 1 << 20];
    for _ in 0..size / chunk.len() {
        encoder.write_all(&chunk).unwrap();
    }
    encoder.write_all(suffix.as_bytes()).unwrap();
    encoder.finish().unwrap()
}

fn alpha_png(width: u32, height: u32) -> Vec<u8> {
    let image = image::RgbaImage::from_fn(width, height, |x, y| {
        image::Rgba([(x % 251) as u8, (y % 241) as u8, 90, 200])
    });
    let mut out = Vec::new();
    image::DynamicImage::ImageRgba8(image)
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

/// The server, in a process of its own.
struct Server {
    child: Child,
    base: String,
    client: reqwest::Client,
    data: std::path::PathBuf,
}

impl Server {
    fn start() -> Server {
        let binary = match std::env::var_os("BENCH_SERVER") {
            Some(path) => std::path::PathBuf::from(path),
            None => {
                let built = Command::new(env!("CARGO"))
                    .args(["build", "--release", "--quiet", "-p", "anfang-api"])
                    .args(["--bin", "anfang"])
                    .status()
                    .expect("cargo builds the server");
                assert!(built.success());
                std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/release/anfang")
            }
        };
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .unwrap()
            .port();
        let data = std::env::temp_dir().join(format!("anfang-memory-bench-{}", std::process::id()));
        let child = Command::new(binary)
            .arg("serve")
            .env("ANFANG_DATA_DIR", &data)
            .env("ANFANG_BIND", format!("127.0.0.1:{port}"))
            .env("ANFANG_ADMIN_PASSWORD", ADMIN_PASSWORD)
            .env("ANFANG_NOTICE_SCHEDULE", "off")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()
            .expect("the server starts");
        Server {
            child,
            base: format!("http://127.0.0.1:{port}"),
            client: reqwest::Client::new(),
            data,
        }
    }

    fn status(&self, field: &str) -> u64 {
        std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .ok()
            .and_then(|s| {
                s.lines()
                    .find(|l| l.starts_with(field))
                    .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
            })
            .unwrap_or(0)
    }

    fn reset_peak(&self) {
        let _ = std::fs::write(format!("/proc/{}/clear_refs", self.child.id()), "5");
    }

    async fn call(&self, method: reqwest::Method, path: &str, token: &str, body: Value) -> Value {
        let answer = self
            .client
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert!(answer.status().is_success(), "{path}: {}", answer.status());
        answer.json().await.unwrap_or(Value::Null)
    }

    async fn login(&self, username: &str, password: &str) -> String {
        let answer = self
            .call(
                reqwest::Method::POST,
                "/api/v1/auth/login",
                "",
                json!({ "username": username, "password": password }),
            )
            .await;
        answer["access_token"].as_str().unwrap().to_owned()
    }

    async fn ready(&self) {
        for _ in 0..600 {
            let up = self
                .client
                .get(format!("{}/readyz", self.base))
                .send()
                .await;
            if up.is_ok_and(|r| r.status().is_success()) {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("the server did not start");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.data);
    }
}

/// A multipart photo form, built once and shared without copies.
fn photo_form(bytes: &[u8], mime: &str) -> Bytes {
    let mut body = format!(
        "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p\"\r\n\
         Content-Type: {mime}\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(b"\r\n--XyZ--\r\n");
    Bytes::from(body)
}

/// Sends `body` and gives the status; 0 when the server cut the connection while it was sent
/// (it may answer before reading a body it refuses).
async fn send(request: reqwest::RequestBuilder, body: Bytes) -> u16 {
    request
        .body(body)
        .send()
        .await
        .map_or(0, |r| r.status().as_u16())
}

/// Runs `round` `rounds` times from an idle server; the largest peak over the baseline, MiB.
async fn peak_mib<F, Fut>(server: &Server, rounds: usize, round: F) -> (f64, Vec<u16>)
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Vec<u16>>,
{
    let mut worst = 0u64;
    let mut statuses = Vec::new();
    for _ in 0..rounds {
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        let baseline = server.status("VmRSS:");
        server.reset_peak();
        statuses = round().await;
        worst = worst.max(server.status("VmHWM:").saturating_sub(baseline));
    }
    statuses.sort_unstable();
    (worst as f64 / 1024.0, statuses)
}

fn tally(statuses: &[u16]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < statuses.len() {
        let n = statuses[i..]
            .iter()
            .take_while(|s| **s == statuses[i])
            .count();
        out.push(format!("{}×{n}", statuses[i]));
        i += n;
    }
    out.join(" ")
}

fn main() {
    let rounds: usize = std::env::var("BENCH_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let server = Server::start();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async move {
        let s = &server;
        s.ready().await;
        let admin = s.login("admin", ADMIN_PASSWORD).await;
        let unit = s
            .call(
                reqwest::Method::POST,
                "/api/v1/units",
                &admin,
                json!({ "code": "EMP-1", "name": "就业服务中心", "type_code": "EMP",
                        "district": "330102", "latitude": 30.25, "longitude": 120.17 }),
            )
            .await["id"]
            .as_str()
            .unwrap()
            .to_owned();
        for (name, role, extra) in [
            ("inspector-1", "inspector", json!({ "district": "330106" })),
            ("leader-1", "leader", json!({})),
        ] {
            let mut body = json!({ "username": name, "password": "pass-word-2026",
                                   "display_name": "测试", "role": role });
            body.as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
            s.call(reqwest::Method::POST, "/api/v1/users", &admin, body).await;
        }
        let inspector = s.login("inspector-1", "pass-word-2026").await;
        let leader = s.login("leader-1", "pass-word-2026").await;
        let checklist = s
            .call(reqwest::Method::GET, "/api/v1/checklists/current", &admin, Value::Null)
            .await;
        let ended = chrono::Utc::now() - chrono::Duration::hours(1);
        let report_json = report_body(&checklist, &unit, "EMP", ended);
        let report = uuid::Uuid::new_v4().to_string();
        s.call(
            reqwest::Method::PUT,
            &format!("/api/v1/reports/{report}"),
            &inspector,
            report_json.clone(),
        )
        .await;

        let photos: Vec<Bytes> = (0..4)
            .map(|i| photo_form(&phone_photo(i), "image/jpeg"))
            .collect();
        let bomb_login = Bytes::from(gzip_of(128 << 20, r#"{"username":"admin","password":""#, r#""}"#));
        let bomb_report = Bytes::from(gzip_of(128 << 20, r#"{"narrative":""#, r#""}"#));
        let hostile_images: Vec<Bytes> = [
            photo_form(&rgba16_flood(7071, 7071), "image/png"),
            photo_form(&gif_flood(8000, 6000), "image/gif"),
            photo_form(&iccp_bomb(200 << 20), "image/png"),
            photo_form(&alpha_png(4000, 3000), "image/png"),
        ]
        .into();
        let big = photo_form(&vec![0xFF; 20 << 20], "image/jpeg");
        let report_bytes = Bytes::from(report_json.to_string());
        println!(
            "inputs: photo forms {:.1} MB; gzip bombs {} KB (128 MiB inflated); hostile image forms {} bytes",
            photos[0].len() as f64 / 1e6,
            bomb_login.len() / 1024,
            hostile_images
                .iter()
                .map(|b| b.len().to_string())
                .collect::<Vec<_>>()
                .join(", "),
        );
        let url = |path: String| format!("{}{path}", s.base);
        let multipart = "multipart/form-data; boundary=XyZ";

        let (honest, honest_codes) = peak_mib(s, rounds, || async {
            let uploads = at_once(16, |i| {
                let request = s
                    .client
                    .post(url(format!("/api/v1/reports/{report}/photos")))
                    .bearer_auth(&inspector)
                    .header("content-type", multipart);
                send(request, photos[i % 4].clone())
            });
            let writes = at_once(16, |_| {
                let request = s
                    .client
                    .put(url(format!("/api/v1/reports/{}", uuid::Uuid::new_v4())))
                    .bearer_auth(&inspector)
                    .header("content-type", "application/json");
                send(request, report_bytes.clone())
            });
            let (uploads, writes) = tokio::join!(uploads, writes);
            [uploads, writes].concat()
        })
        .await;

        let (hostile, hostile_codes) = peak_mib(s, rounds, || async {
            let bombs = at_once(16, |i| {
                let request = if i % 2 == 0 {
                    s.client.post(url("/api/v1/auth/login".into()))
                } else {
                    s.client
                        .put(url(format!("/api/v1/reports/{}", uuid::Uuid::new_v4())))
                        .bearer_auth(&inspector)
                }
                .header("content-type", "application/json")
                .header("content-encoding", "gzip");
                let body = if i % 2 == 0 { &bomb_login } else { &bomb_report };
                send(request, body.clone())
            });
            let images = at_once(16, |i| {
                let request = s
                    .client
                    .post(url(format!("/api/v1/reports/{report}/photos")))
                    .bearer_auth(&inspector)
                    .header("content-type", multipart);
                send(request, hostile_images[i % 4].clone())
            });
            let floods = at_once(16, |_| {
                let request = s
                    .client
                    .post(url(format!("/api/v1/reports/{}/photos", uuid::Uuid::new_v4())))
                    .bearer_auth(&leader)
                    .header("content-type", multipart);
                send(request, big.clone())
            });
            let (bombs, images, floods) = tokio::join!(bombs, images, floods);
            [bombs, images, floods].concat()
        })
        .await;

        let idle = s.status("VmRSS:") as f64 / 1024.0;
        println!();
        println!("server idle: {idle:.1} MiB resident");
        println!("| what, all in flight at once | server's peak RSS over idle | answers |");
        println!("|---|---|---|");
        println!(
            "| honest: 16 photo uploads (5 MB) + 16 report writes | {honest:.1} MiB | {} |",
            tally(&honest_codes)
        );
        println!(
            "| hostile: 16 gzip bombs + 16 costly images + 16 oversize uploads | {hostile:.1} MiB | {} |",
            tally(&hostile_codes)
        );
        println!("| ratio hostile / honest | {:.2} | |", hostile / honest.max(0.1));
    });
}
