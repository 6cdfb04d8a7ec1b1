//! Each unit a published notice found problems at gets its rectification order (整改通知书), as
//! PDF and DOCX: its own findings with their titles, the inspector's notes and the deadlines,
//! and how to answer. A unit's manager reads that unit's order and no other; the bureau reads
//! every unit's; nobody reads one before publication.

use anfang_tests::documents;
use anfang_tests::reports::{Fixture, report_body};
use anfang_tests::{Answer, Backend, Session, both_backends};
use chrono::Duration;
use reqwest::StatusCode;
use serde_json::json;

use super::notices::sign_off;

both_backends!(each_unit_gets_its_rectification_order_and_its_manager_reads_no_other);

async fn manager_of(f: &Fixture, unit: &str, username: &str) -> Session {
    let body = json!({ "username": username, "password": "pass-word-2026", "display_name": "窗口负责人",
                       "role": "unit_manager", "unit_id": unit });
    let created = f.admin.post("/api/v1/users", body).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    f.app.login(username, "pass-word-2026").await
}

async fn fetch(f: &Fixture, who: &Session, path: &str) -> (StatusCode, Vec<u8>, String) {
    let response = f
        .app
        .client
        .get(f.app.url(path))
        .bearer_auth(&who.access_token)
        .send()
        .await
        .unwrap();
    let status = response.status();
    let disposition = response
        .headers()
        .get("content-disposition")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (
        status,
        response.bytes().await.unwrap().to_vec(),
        disposition,
    )
}

fn units_listed(answer: &Answer) -> Vec<(String, u64)> {
    answer.body["items"]
        .as_array()
        .unwrap_or_else(|| panic!("{}", answer.text))
        .iter()
        .map(|u| {
            (
                u["unit_code"].as_str().unwrap().to_owned(),
                u["findings"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn downloads_audited(f: &Fixture) -> usize {
    f.app
        .sql_query_one(
            "SELECT CAST(COUNT(*) AS TEXT) AS id FROM audit_log WHERE action = 'notice.order_download'",
        )
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

async fn each_unit_gets_its_rectification_order_and_its_manager_reads_no_other(backend: Backend) {
    let f = Fixture::new(backend).await;
    // Three problems at the job centre (ATT-01 major with a note, PRC-07, ENV-01), one at the
    // hotline; a third unit has none.
    f.approved_with_problems_at(0).await;
    let hotline_visit = Fixture::with_rating(
        report_body(
            &f.checklist,
            &f.hotline_id,
            "HOT",
            f.visit_ended_at - Duration::hours(1),
        ),
        "ATT-02",
        json!({ "item_code": "ATT-02", "outcome": "minor" }),
    );
    f.approve(hotline_visit).await;
    let quiet = f
        .app
        .create_unit(&f.admin, "EMP-330103-9", "EMP", "330103")
        .await;
    let period = (f.visit_ended_at + Duration::hours(8))
        .format("%Y-%m")
        .to_string();
    let emp_manager = manager_of(&f, &f.unit_id, "emp-manager").await;
    let hot_manager = manager_of(&f, &f.hotline_id, "hot-manager").await;
    let quiet_manager = manager_of(&f, &quiet, "quiet-manager").await;

    let drafted = f
        .supervisor
        .post("/api/v1/notices", json!({ "period": period }))
        .await;
    assert_eq!(drafted.status, StatusCode::CREATED, "{}", drafted.text);
    let notice = drafted.body["id"].as_str().unwrap().to_owned();
    let list_path = format!("/api/v1/notices/{notice}/orders");
    let order_path = |unit: &str, format: &str| {
        format!("/api/v1/notices/{notice}/orders/{unit}?format={format}")
    };

    // Before publication there are no orders, and a unit learns nothing of the notice.
    let listed = f.supervisor.get(&list_path).await;
    assert_eq!(
        (listed.status, units_listed(&listed)),
        (StatusCode::OK, vec![])
    );
    let early = f.supervisor.get(&order_path(&f.unit_id, "pdf")).await;
    assert_eq!(
        (early.status, early.code()),
        (StatusCode::CONFLICT, "notice_not_published")
    );
    for path in [list_path.clone(), order_path(&f.unit_id, "pdf")] {
        let hidden = emp_manager.get(&path).await;
        assert_eq!(
            hidden.status,
            StatusCode::NOT_FOUND,
            "{path}: {}",
            hidden.text
        );
    }

    sign_off(&f, &notice).await;
    let published = f
        .supervisor
        .post(&format!("/api/v1/notices/{notice}/publish"), json!({}))
        .await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.text);
    let number = published.body["document_number"]
        .as_str()
        .unwrap()
        .to_owned();

    // Who is told which units have orders.
    let both = vec![
        ("EMP-330102-1".to_owned(), 3),
        ("HOT-330105-1".to_owned(), 1),
    ];
    for (who, expected) in [
        (&f.supervisor, both.clone()),
        (&f.admin, both.clone()),
        (&f.leader, both),
        (&emp_manager, vec![("EMP-330102-1".to_owned(), 3)]),
        (&hot_manager, vec![("HOT-330105-1".to_owned(), 1)]),
        (&quiet_manager, vec![]),
    ] {
        let listed = who.get(&list_path).await;
        assert_eq!(listed.status, StatusCode::OK, "{}", listed.text);
        assert_eq!(units_listed(&listed), expected);
    }
    assert_eq!(
        f.inspector.get(&list_path).await.status,
        StatusCode::NOT_FOUND,
        "notices are not an inspector's business"
    );

    // The job centre's manager downloads their own order.
    let audited_before = downloads_audited(&f);
    let (status, pdf, disposition) = fetch(&f, &emp_manager, &order_path(&f.unit_id, "pdf")).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&pdf));
    assert!(pdf.starts_with(b"%PDF"), "a PDF");
    assert!(
        disposition.contains(&format!("anfang-order-{period}-EMP-330102-1.pdf")),
        "{disposition}"
    );

    // Another unit's order answers as one that does not exist; so does a unit without problems.
    let nothing = emp_manager
        .get(&order_path(&uuid::Uuid::new_v4().to_string(), "pdf"))
        .await;
    for (who, unit) in [
        (&emp_manager, f.hotline_id.as_str()),
        (&hot_manager, f.unit_id.as_str()),
        (&quiet_manager, f.unit_id.as_str()),
        (&f.supervisor, quiet.as_str()),
        (&f.inspector, f.unit_id.as_str()),
    ] {
        let refused = who.get(&order_path(unit, "pdf")).await;
        assert_eq!(
            (refused.status, refused.body.clone()),
            (nothing.status, nothing.body.clone()),
            "{unit}"
        );
    }
    assert_eq!(nothing.status, StatusCode::NOT_FOUND);
    let bad = f.supervisor.get(&order_path(&f.unit_id, "xlsx")).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{}", bad.text);

    // The leader reads the hotline's, as DOCX to edit.
    let (status, docx, _) = fetch(&f, &f.leader, &order_path(&f.hotline_id, "docx")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(docx.starts_with(b"PK"), "a DOCX is a zip archive");
    assert_eq!(
        downloads_audited(&f) - audited_before,
        2,
        "each download is audited, refusals are not"
    );

    if documents::available("pdftotext") {
        let read: String = documents::pdf_text(&pdf).split_whitespace().collect();
        for expected in [
            "人力资源和社会保障局文件",
            "暗访发现问题整改通知书",
            "EMP-330102-1窗口：",
            number.as_str(),
            "生冷硬顶横",
            "工作人员当面呵斥群众",
            "排队等候时间过长",
            "标识导向不清",
            "整改要求",
            "申诉",
            "特此通知。",
        ] {
            assert!(read.contains(expected), "the order says {expected}: {read}");
        }
        assert!(
            !read.contains("HOT-330105-1"),
            "nothing of another unit: {read}"
        );
        for (w, h) in documents::pdf_page_sizes(&pdf) {
            assert!(
                w.abs_diff(298) <= 1 && h.abs_diff(421) <= 1,
                "A4 at 36 dpi: {w}×{h}"
            );
        }
        if backend == Backend::Sqlite && documents::available("soffice") {
            let printed: String = documents::pdf_text(&documents::docx_as_pdf(&docx))
                .split_whitespace()
                .collect();
            for expected in ["整改通知书", "HOT-330105-1窗口", "特此通知。"] {
                assert!(
                    printed.contains(expected),
                    "the DOCX says {expected}: {printed}"
                );
            }
        }
    }
}
