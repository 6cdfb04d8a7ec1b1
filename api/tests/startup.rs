//! The binary refuses to start on a bad setting, and says which one.

use std::process::Command;

fn anfang(vars: &[(&str, &str)], args: &[&str]) -> std::process::Output {
    let data = std::env::temp_dir().join(format!("anfang-startup-{}", std::process::id()));
    let mut command = Command::new(env!("CARGO_BIN_EXE_anfang"));
    command.args(args).env("ANFANG_DATA_DIR", &data);
    for (k, v) in vars {
        command.env(k, v);
    }
    let output = command.output().expect("the binary runs");
    let _ = std::fs::remove_dir_all(data);
    output
}

#[test]
fn a_bad_setting_stops_start_up_naming_the_variable() {
    for (var, value) in [
        ("ANFANG_BIND", "not-an-address"),
        ("ANFANG_DATABASE_URL", "mysql://localhost/anfang"),
        ("ANFANG_TIMEZONE", "Asia/Atlantis"),
        ("ANFANG_JWT_SECRET", "too-short"),
        ("ANFANG_NOTICE_SCHEDULE", "on the first"),
        ("ANFANG_OVERDUE_CHECK_SECONDS", "0"),
    ] {
        let output = anfang(&[(var, value)], &["serve"]);
        assert!(!output.status.success(), "{var} accepted");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(var), "{var}: {stderr}");
    }
}

#[test]
fn the_openapi_command_prints_the_committed_document() {
    let output = anfang(&[], &["openapi"]);
    assert!(output.status.success());
    let committed =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi.yaml")).unwrap();
    assert!(
        output.stdout == committed.as_bytes(),
        "run `cargo run -q -- openapi > openapi.yaml`"
    );
}

#[test]
fn a_misspelt_variable_stops_start_up_naming_it() {
    let output = anfang(&[("ANFANG_DATABSE_URL", "postgres://x/anfang")], &["serve"]);
    assert!(!output.status.success(), "started on SQLite regardless");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("ANFANG_DATABSE_URL"), "{stderr}");
}

/// Sends `request` to `port` and returns the whole answer (the server closes after it).
fn exchange(port: u16, request: &str) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.write_all(request.as_bytes()).expect("send");
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer
}

#[test]
fn a_running_server_logs_each_request_once_without_its_token_and_answers_its_health_check() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port");
    let data = std::env::temp_dir().join(format!("anfang-log-{}", std::process::id()));
    let mut server = Command::new(env!("CARGO_BIN_EXE_anfang"))
        .arg("serve")
        .env("ANFANG_DATA_DIR", &data)
        .env("ANFANG_BIND", format!("127.0.0.1:{port}"))
        .env("ANFANG_ADMIN_PASSWORD", "admin-password-1")
        .env("ANFANG_NOTICE_SCHEDULE", "off")
        .env("RUST_LOG", "info")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the server starts");
    let mut up = false;
    for _ in 0..300 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            up = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let secret = "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXRva2Vu.bm90LWEtc2lnbmF0dXJl";
    let answer = exchange(
        port,
        &format!(
            "GET /api/v1/me?token={secret} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {secret}\r\nConnection: close\r\n\r\n"
        ),
    );
    let health = |port: u16| {
        Command::new(env!("CARGO_BIN_EXE_anfang"))
            .arg("healthcheck")
            .env("ANFANG_BIND", format!("0.0.0.0:{port}"))
            .output()
            .expect("healthcheck runs")
            .status
            .success()
    };
    let healthy = health(port);
    let _ = server.kill();
    let output = server.wait_with_output().expect("the server's output");
    assert!(healthy, "the container health check sees the server ready");
    assert!(!health(port), "and sees it gone");
    let _ = std::fs::remove_dir_all(data);
    assert!(up, "the server listened");
    assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");
    let id = answer
        .lines()
        .find_map(|l| l.strip_prefix("x-request-id: "))
        .expect("the answer names its request id")
        .trim()
        .to_owned();
    let log = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    let lines: Vec<&str> = log.lines().filter(|l| l.contains(&id)).collect();
    assert_eq!(lines.len(), 1, "one line for the request: {log}");
    for part in ["GET", "/api/v1/me", "401", "duration_ms"] {
        assert!(lines[0].contains(part), "{part} in {}", lines[0]);
    }
    assert!(!log.contains(secret), "the token is never logged: {log}");
}
