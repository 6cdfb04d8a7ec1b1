//! `anfang notice generate`, as an external scheduler (cron, a Kubernetes CronJob) runs it, on
//! the embedded SQLite database and on PostgreSQL.

use std::path::Path;

use calamine::Reader;

mod support;
use support::PostgresDatabase;

fn anfang(data: &Path, database_url: Option<&str>, args: &[&str]) -> std::process::Output {
    support::anfang(data, database_url, args, "")
}

#[test]
fn the_command_line_drafts_a_month_and_writes_every_format_on_sqlite() {
    drafts_a_month_and_writes_every_format("sqlite", None);
}

#[test]
fn the_command_line_drafts_a_month_and_writes_every_format_on_postgres() {
    let database = PostgresDatabase::create("anfang_cli");
    drafts_a_month_and_writes_every_format("postgres", Some(&database.url()));
}

fn drafts_a_month_and_writes_every_format(backend: &str, database_url: Option<&str>) {
    let data = std::env::temp_dir().join(format!(
        "anfang-notice-cli-{backend}-{}",
        std::process::id()
    ));
    let out = data.join("out");
    let run = anfang(
        &data,
        database_url,
        &[
            "notice",
            "generate",
            "--period",
            "2026-09",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        stdout.contains("for 2026-09: draft (0 inspections, 0 findings)"),
        "{stdout}"
    );

    let file = |ext: &str| std::fs::read(out.join(format!("notice-2026-09.{ext}"))).unwrap();
    let json: serde_json::Value = serde_json::from_slice(&file("json")).unwrap();
    assert_eq!(
        (json["period"].as_str(), json["status"].as_str()),
        (Some("2026-09"), Some("draft"))
    );
    assert_eq!(json["content"]["totals"]["inspections"], 0);
    assert!(
        String::from_utf8(file("csv"))
            .unwrap()
            .starts_with("\u{feff}finding_id,period,")
    );
    let html = String::from_utf8(file("html")).unwrap();
    assert!(
        html.contains("2026年9月明察暗访情况通报") && html.contains("草稿"),
        "{html}"
    );
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(file("xlsx"))).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "汇总",
            "覆盖情况",
            "单位排名",
            "类型排名",
            "区划排名",
            "问题清单",
            "整改情况",
            "逾期问题"
        ]
    );
    let summary = book.worksheet_range("汇总").unwrap();
    assert_eq!(summary.get_value((1, 1)).unwrap().to_string(), "2026-09");
    assert_eq!(summary.get_value((2, 1)).unwrap().to_string(), "0");
    assert!(file("pdf").starts_with(b"%PDF-"), "the official document");
    assert!(file("docx").starts_with(b"PK"), "and its editable copy");

    // Run again: the draft is redrafted, not duplicated; a malformed month is refused.
    let again = anfang(
        &data,
        database_url,
        &["notice", "generate", "--period", "2026-09"],
    );
    assert!(again.status.success());
    assert!(String::from_utf8_lossy(&again.stdout).contains(json["id"].as_str().unwrap()));
    let bad = anfang(
        &data,
        database_url,
        &["notice", "generate", "--period", "2026-9"],
    );
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--period"));
    let _ = std::fs::remove_dir_all(data);
}
