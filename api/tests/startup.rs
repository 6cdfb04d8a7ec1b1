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
