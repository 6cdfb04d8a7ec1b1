//! The audit trail serves disciplinary cases: admins read it narrowed as a case needs and export
//! it; every reading is itself recorded; nobody else reads it; and it is kept at least six months.

use std::collections::BTreeSet;

use anfang_infra::config::AuditRetention;
use anfang_tests::reports::Fixture;
use anfang_tests::{Backend, Session, both_backends};
use chrono::{DateTime, Duration, Utc};
use reqwest::StatusCode;
use serde_json::Value;

both_backends!(
    an_admin_reads_the_trail_newest_first_narrowed_as_a_case_needs,
    reading_or_exporting_the_trail_is_recorded_and_only_admins_may,
    entries_are_pruned_only_past_the_retention_and_never_within_six_months,
);

fn entries(answer: &anfang_tests::Answer) -> Vec<Value> {
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    answer.body["items"].as_array().unwrap().clone()
}

fn ids(entries: &[Value]) -> Vec<i64> {
    entries.iter().map(|e| e["id"].as_i64().unwrap()).collect()
}

async fn an_admin_reads_the_trail_newest_first_narrowed_as_a_case_needs(backend: Backend) {
    let f = Fixture::new(backend).await;
    let report = f.approved().await;
    let before_review = Utc::now();
    let other = f.submitted().await;

    let all = entries(&f.admin.get("/api/v1/audit?limit=100").await);
    let all_ids = ids(&all);
    assert!(all_ids.len() > 10, "{all_ids:?}");
    assert!(
        all_ids.is_sorted_by(|a, b| a > b),
        "newest first: {all_ids:?}"
    );

    type Check<'a> = (String, Box<dyn Fn(&Value) -> bool + 'a>);
    let inspector = f.inspector.user_id.clone();
    let checks: Vec<Check> = vec![
        (
            format!("actor_id={inspector}"),
            Box::new(|e| e["actor_id"] == inspector.as_str()),
        ),
        (
            "action=report.submit".into(),
            Box::new(|e| e["action"] == "report.submit"),
        ),
        (
            format!("target_type=report&target_id={report}"),
            Box::new(|e| e["target_type"] == "report" && e["target_id"] == report.as_str()),
        ),
        (
            "target_type=user".into(),
            Box::new(|e| e["target_type"] == "user"),
        ),
        (
            format!("from={}", before_review.to_rfc3339().replace('+', "%2B")),
            Box::new(|e| {
                e["at"].as_str().unwrap().parse::<DateTime<Utc>>().unwrap() >= before_review
            }),
        ),
    ];
    for (query, matches) in &checks {
        let got = entries(
            &f.admin
                .get(&format!("/api/v1/audit?limit=100&{query}"))
                .await,
        );
        // The readings of the trail itself come after `all` was read.
        let expected: Vec<i64> = all
            .iter()
            .filter(|e| matches(e))
            .map(|e| e["id"].as_i64().unwrap())
            .collect();
        assert!(
            !expected.is_empty() && expected.len() < all.len(),
            "{query}: the fixture must tell a working filter from an ignored one"
        );
        let got: Vec<i64> = ids(&got)
            .into_iter()
            .filter(|id| all_ids.contains(id))
            .collect();
        assert_eq!(got, expected, "{query}");
    }
    let submit = entries(
        &f.admin
            .get(&format!(
                "/api/v1/audit?action=report.submit&target_id={other}&target_type=report"
            ))
            .await,
    );
    assert_eq!(submit.len(), 1);
    assert_eq!(submit[0]["actor_username"], f.inspector.username.as_str());
    assert_eq!(submit[0]["client_ip"], "127.0.0.1");
    let elsewhere = entries(&f.admin.get("/api/v1/audit?client_ip=10.9.9.9").await);
    assert!(elsewhere.is_empty());

    // Page by page, nothing is seen twice and nothing is skipped.
    let mut paged = Vec::new();
    let mut cursor = String::new();
    loop {
        let page = f
            .admin
            .get(&format!(
                "/api/v1/audit?limit=3&actor_id={inspector}&cursor={cursor}"
            ))
            .await;
        paged.extend(ids(&entries(&page)));
        match page.body["next_cursor"].as_str() {
            Some(next) => cursor = next.to_owned(),
            None => break,
        }
    }
    let whole = ids(&entries(
        &f.admin
            .get(&format!("/api/v1/audit?limit=100&actor_id={inspector}"))
            .await,
    ));
    assert_eq!(paged, whole);

    for (query, field) in [
        (&*format!("client_ip={}", "1".repeat(65)), "client_ip"),
        ("target_type=everything", "target_type"),
        ("action=DROP TABLE", "action"),
        ("from=yesterday", "from"),
        ("actor=admin", "actor"),
    ] {
        let refused = f.admin.get(&format!("/api/v1/audit?{query}")).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(refused.body["errors"][0]["field"], field, "{query}");
    }
}

fn count(f: &Fixture, condition: &str) -> i64 {
    f.app
        .sql_query_one(&format!(
            "SELECT CAST(COUNT(*) AS TEXT) AS id FROM audit_log WHERE {condition}"
        ))
        .unwrap()
        .parse()
        .unwrap()
}

async fn reading_or_exporting_the_trail_is_recorded_and_only_admins_may(backend: Backend) {
    let f = Fixture::new(backend).await;
    f.submitted().await;
    let manager = f.manager_of_unit().await;
    let others: [&Session; 6] = [
        &f.inspector,
        &f.supervisor,
        &f.leader,
        &f.unit_manager,
        &manager,
        &f.other_supervisor,
    ];
    for who in others {
        for path in ["/api/v1/audit", "/api/v1/audit/export?format=csv"] {
            let refused = who.get(path).await;
            assert_eq!(
                refused.status,
                StatusCode::FORBIDDEN,
                "{} {path}",
                who.username
            );
        }
    }
    assert_eq!(count(&f, "action LIKE 'audit.%'"), 0, "nothing was read");

    let read = f.admin.get("/api/v1/audit?action=report.submit").await;
    assert_eq!(entries(&read).len(), 1);
    let recorded = entries(&f.admin.get("/api/v1/audit?action=audit.read&limit=1").await);
    assert_eq!(recorded[0]["actor_id"], f.admin.user_id.as_str());
    assert_eq!(recorded[0]["details"]["action"], "report.submit");

    let export = f
        .app
        .client
        .get(
            f.app
                .url("/api/v1/audit/export?format=csv&target_type=report"),
        )
        .bearer_auth(&f.admin.access_token)
        .send()
        .await
        .unwrap();
    assert_eq!(export.status(), StatusCode::OK);
    assert!(
        export.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv"),
        "{:?}",
        export.headers()
    );
    let bytes = export.bytes().await.unwrap();
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "a byte-order mark for spreadsheets"
    );
    let mut csv = csv::Reader::from_reader(&bytes[3..]);
    assert_eq!(
        csv.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "id",
            "at",
            "actor_id",
            "actor_username",
            "action",
            "target_type",
            "target_id",
            "client_ip",
            "request_id",
            "details"
        ]
    );
    let rows: Vec<csv::StringRecord> = csv.records().map(Result::unwrap).collect();
    assert_eq!(rows.len() as i64, count(&f, "target_type = 'report'"));
    let actions: BTreeSet<&str> = rows.iter().map(|r| &r[4]).collect();
    assert!(
        actions.contains("report.create") && actions.contains("report.submit"),
        "{actions:?}"
    );
    assert!(
        rows.iter().all(|r| r[1].ends_with("+08:00")),
        "times in the bureau's zone"
    );
    assert_eq!(count(&f, "action = 'audit.export'"), 1);

    let xlsx = f.admin.get("/api/v1/audit/export?format=xlsx").await;
    assert_eq!(xlsx.status, StatusCode::BAD_REQUEST);
    assert_eq!(xlsx.body["errors"][0]["field"], "format");
}

async fn entries_are_pruned_only_past_the_retention_and_never_within_six_months(backend: Backend) {
    let f = Fixture::new(backend).await;
    let at = |months_ago: i64| {
        (Utc::now() - Duration::days(31 * months_ago))
            .format("%Y-%m-%d %H:%M:%S")
            .to_string()
    };
    for (months, action) in [(9, "old.nine"), (7, "old.seven"), (5, "old.five")] {
        f.app
            .sql(&format!(
                "INSERT INTO audit_log (at, action) VALUES ('{}', '{action}')",
                at(months)
            ))
            .unwrap();
    }
    // No way around the rule from inside the database, old or not.
    assert!(
        f.app
            .sql("DELETE FROM audit_log WHERE action = 'old.nine'")
            .is_err()
    );
    assert!(
        f.app
            .sql("UPDATE audit_log SET action = 'x' WHERE action = 'old.nine'")
            .is_err()
    );
    f.app
        .sql(&format!(
            "INSERT INTO audit_prune_permits (before) VALUES ('{}')",
            at(0)
        ))
        .unwrap();
    assert!(
        f.app
            .sql("DELETE FROM audit_log WHERE action = 'old.five'")
            .is_err(),
        "within six months even a permit does not delete"
    );
    f.app.sql("DELETE FROM audit_prune_permits").unwrap();

    let pruned = anfang_usecases::audit_trail::prune(
        &f.app.state.usecases,
        AuditRetention::months(8).unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(pruned, 1);
    assert_eq!(
        count(&f, "action LIKE 'old.%'"),
        2,
        "seven and five months old stay"
    );
    let six = AuditRetention::months(6).unwrap();
    assert_eq!(
        anfang_usecases::audit_trail::prune(&f.app.state.usecases, six)
            .await
            .unwrap(),
        1
    );
    assert_eq!(count(&f, "action = 'old.five'"), 1);
    assert_eq!(
        count(&f, "action = 'audit.prune'"),
        2,
        "each pruning is recorded"
    );
    assert!(AuditRetention::months(5).is_none(), "the law's minimum");
}
