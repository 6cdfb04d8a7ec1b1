//! A notice goes out as the bureau's official document: a supervisor sends the draft for
//! signature, a leader signs it off (签发) or returns it, and publication gives it the year's
//! next document number under the letterhead an admin set. Every step refused to the roles it
//! is not theirs, with nothing changed.

use anfang_tests::reports::Fixture;
use anfang_tests::{Backend, Session, both_backends};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

both_backends!(
    a_leader_signs_off_the_notice_before_it_is_published_and_a_signed_notice_no_longer_changes,
    each_step_is_refused_to_the_roles_it_is_not_theirs_and_nothing_changes,
    numbers_run_in_sequence_per_year_and_are_never_given_twice,
    admins_set_the_letterhead_and_a_published_notice_keeps_its_own,
);

async fn draft(f: &Fixture, period: &str) -> String {
    let drafted = f
        .supervisor
        .post("/api/v1/notices", json!({ "period": period }))
        .await;
    assert!(drafted.status.is_success(), "{}", drafted.text);
    drafted.body["id"].as_str().unwrap().to_owned()
}

async fn act(who: &Session, notice: &str, step: &str) -> anfang_tests::Answer {
    who.post(&format!("/api/v1/notices/{notice}/{step}"), json!({}))
        .await
}

async fn status_of(f: &Fixture, notice: &str) -> Value {
    f.supervisor
        .get(&format!("/api/v1/notices/{notice}"))
        .await
        .body["status"]
        .clone()
}

fn audited(f: &Fixture, action: &str) -> usize {
    f.app
        .sql_query_one(&format!(
            "SELECT CAST(COUNT(*) AS TEXT) AS id FROM audit_log WHERE action = '{action}'"
        ))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

async fn a_leader_signs_off_the_notice_before_it_is_published_and_a_signed_notice_no_longer_changes(
    backend: Backend,
) {
    let f = Fixture::new(backend).await;
    let notice = draft(&f, "2026-10").await;
    let publish = act(&f.supervisor, &notice, "publish").await;
    assert_eq!(
        (publish.status, publish.code()),
        (StatusCode::CONFLICT, "notice_unsigned")
    );
    let sign = act(&f.leader, &notice, "sign").await;
    assert_eq!(
        sign.status,
        StatusCode::NOT_FOUND,
        "leaders do not see drafts"
    );

    let submitted = act(&f.supervisor, &notice, "submit").await;
    assert_eq!(submitted.status, StatusCode::OK, "{}", submitted.text);
    assert_eq!(submitted.body["status"], "submitted");
    assert!(submitted.body["submitted_at"].is_string());
    let listed = f.leader.get("/api/v1/notices").await;
    assert_eq!(
        listed.body["items"][0]["id"], notice,
        "a leader reads what is sent for signature"
    );
    assert_eq!(
        f.unit_manager
            .get(&format!("/api/v1/notices/{notice}"))
            .await
            .status,
        StatusCode::NOT_FOUND,
        "units never see it before publication"
    );
    let redraft = f
        .supervisor
        .post("/api/v1/notices", json!({ "period": "2026-10" }))
        .await;
    assert_eq!(
        (redraft.status, redraft.code()),
        (StatusCode::CONFLICT, "notice_awaiting_signature")
    );

    // The leader declines it: back to draft, out of the leader's sight, redrafted, sent again.
    let returned = act(&f.leader, &notice, "return").await;
    assert_eq!(returned.status, StatusCode::OK, "{}", returned.text);
    assert_eq!(
        (&returned.body["status"], &returned.body["submitted_at"]),
        (&json!("draft"), &Value::Null)
    );
    assert_eq!(
        f.leader
            .get(&format!("/api/v1/notices/{notice}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let again = act(&f.leader, &notice, "return").await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    let redrafted = f
        .supervisor
        .post("/api/v1/notices", json!({ "period": "2026-10" }))
        .await;
    assert_eq!(redrafted.status, StatusCode::OK, "{}", redrafted.text);
    assert_eq!(
        act(&f.supervisor, &notice, "submit").await.status,
        StatusCode::OK
    );
    let twice = act(&f.supervisor, &notice, "submit").await;
    assert_eq!(
        (twice.status, twice.code()),
        (StatusCode::CONFLICT, "notice_awaiting_signature")
    );

    let signed = act(&f.leader, &notice, "sign").await;
    assert_eq!(signed.status, StatusCode::OK, "{}", signed.text);
    assert_eq!(signed.body["status"], "signed");
    assert_eq!(signed.body["signed_by"], f.leader.user_id.as_str());
    assert_eq!(
        signed.body["document_number"],
        Value::Null,
        "numbered at publication"
    );
    for (who, step, code) in [
        (&f.leader, "sign", "notice_signed"),
        (&f.leader, "return", "notice_signed"),
        (&f.supervisor, "return", "notice_signed"),
        (&f.supervisor, "submit", "notice_signed"),
    ] {
        let refused = act(who, &notice, step).await;
        assert_eq!(
            (refused.status, refused.code()),
            (StatusCode::CONFLICT, code),
            "{step}"
        );
    }
    let redraft = f
        .supervisor
        .post("/api/v1/notices", json!({ "period": "2026-10" }))
        .await;
    assert_eq!(
        (redraft.status, redraft.code()),
        (StatusCode::CONFLICT, "notice_signed")
    );
    assert!(
        f.app
            .sql(&format!(
                "UPDATE notices SET content = '{{}}' WHERE id = '{notice}'"
            ))
            .is_err(),
        "the database refuses to change a signed notice too"
    );
    let published = act(&f.supervisor, &notice, "publish").await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.text);
    assert_eq!(published.body["status"], "published");
    assert_eq!(
        published.body["signed_at"], signed.body["signed_at"],
        "the signature stays on record"
    );
    let year = &signed.body["signed_at"].as_str().unwrap()[..4];
    assert_eq!(
        published.body["document_number"],
        format!("人社暗〔{year}〕1号"),
        "the year it was signed, the first of that year"
    );
    for action in [
        "notice.submit",
        "notice.return",
        "notice.sign",
        "notice.publish",
    ] {
        assert!(audited(&f, action) >= 1, "{action} is audited");
    }
    assert_eq!(audited(&f, "notice.submit"), 2);
}

async fn each_step_is_refused_to_the_roles_it_is_not_theirs_and_nothing_changes(backend: Backend) {
    let f = Fixture::new(backend).await;
    let notice = draft(&f, "2026-10").await;
    // On a draft: only supervisors and admins see it; only they submit it, and nobody signs it
    // (the role is refused before the state).
    for (who, step, expected) in [
        (&f.leader, "submit", StatusCode::NOT_FOUND),
        (&f.unit_manager, "submit", StatusCode::NOT_FOUND),
        (&f.inspector, "submit", StatusCode::NOT_FOUND),
        (&f.supervisor, "sign", StatusCode::FORBIDDEN),
        (&f.admin, "sign", StatusCode::FORBIDDEN),
    ] {
        let refused = act(who, &notice, step).await;
        assert_eq!(refused.status, expected, "{step}: {}", refused.text);
        assert_eq!(status_of(&f, &notice).await, "draft");
    }
    assert_eq!(
        act(&f.supervisor, &notice, "submit").await.status,
        StatusCode::OK
    );
    // Awaiting signature: only leaders sign; units and inspectors do not see it.
    for (who, step, expected) in [
        (&f.supervisor, "sign", StatusCode::FORBIDDEN),
        (&f.admin, "sign", StatusCode::FORBIDDEN),
        (&f.leader, "submit", StatusCode::FORBIDDEN),
        (&f.leader, "publish", StatusCode::FORBIDDEN),
        (&f.unit_manager, "sign", StatusCode::NOT_FOUND),
        (&f.unit_manager, "return", StatusCode::NOT_FOUND),
        (&f.inspector, "sign", StatusCode::NOT_FOUND),
    ] {
        let refused = act(who, &notice, step).await;
        assert_eq!(refused.status, expected, "{step}: {}", refused.text);
        assert_eq!(status_of(&f, &notice).await, "submitted");
    }
    let made_up = uuid::Uuid::new_v4().to_string();
    for step in ["submit", "return", "sign"] {
        let missing = act(&f.leader, &made_up, step).await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
        let with_body = f
            .supervisor
            .post(
                &format!("/api/v1/notices/{notice}/{step}"),
                json!({ "force": true }),
            )
            .await;
        assert_eq!(
            with_body.code(),
            "unknown_field",
            "{step} takes no body: {}",
            with_body.text
        );
    }
    assert_eq!(status_of(&f, &notice).await, "submitted");
    assert_eq!(audited(&f, "notice.sign"), 0);
    assert_eq!(audited(&f, "notice.return"), 0);
    for path in [
        format!("/api/v1/notices/{notice}/submit"),
        format!("/api/v1/notices/{notice}/return"),
        format!("/api/v1/notices/{notice}/sign"),
    ] {
        let anonymous = f.app.call(Method::POST, &path, None, None).await;
        assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED, "{path}");
    }
}

async fn numbers_run_in_sequence_per_year_and_are_never_given_twice(backend: Backend) {
    let f = Fixture::new(backend).await;
    let months = ["2026-07", "2026-08", "2026-09", "2026-10"];
    let mut notices = Vec::new();
    for month in months {
        let notice = draft(&f, month).await;
        assert_eq!(
            act(&f.supervisor, &notice, "submit").await.status,
            StatusCode::OK
        );
        assert_eq!(act(&f.leader, &notice, "sign").await.status, StatusCode::OK);
        notices.push(notice);
    }
    let first = act(&f.supervisor, &notices[0], "publish").await;
    let year = first.body["signed_at"].as_str().unwrap()[..4].to_owned();
    assert_eq!(
        first.body["document_number"],
        format!("人社暗〔{year}〕1号")
    );
    // Two supervisors (or two replicas) publishing at once take two numbers, not one.
    let (a, b) = tokio::join!(
        act(&f.supervisor, &notices[1], "publish"),
        act(&f.other_supervisor, &notices[2], "publish")
    );
    assert_eq!(
        (a.status, b.status),
        (StatusCode::OK, StatusCode::OK),
        "{} {}",
        a.text,
        b.text
    );
    let mut taken = vec![
        a.body["document_number"].as_str().unwrap().to_owned(),
        b.body["document_number"].as_str().unwrap().to_owned(),
    ];
    taken.sort();
    assert_eq!(
        taken,
        [
            format!("人社暗〔{year}〕2号"),
            format!("人社暗〔{year}〕3号")
        ]
    );
    let republished = act(&f.supervisor, &notices[1], "publish").await;
    assert_eq!(republished.code(), "notice_published");
    let last = act(&f.supervisor, &notices[3], "publish").await;
    assert_eq!(last.body["document_number"], format!("人社暗〔{year}〕4号"));
    let listed = f.unit_manager.get("/api/v1/notices").await;
    let numbers: Vec<&str> = listed.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["document_number"].as_str().unwrap())
        .collect();
    assert_eq!(
        numbers.len(),
        4,
        "units read every published notice, numbered"
    );
    assert!(
        f.app
            .sql(&format!(
                "UPDATE notices SET document_seq = 1 WHERE id = '{}'",
                notices[3]
            ))
            .is_err(),
        "the database holds a published number"
    );
}

fn letterhead() -> Value {
    json!({
        "issuing_body": "杭州市人力资源和社会保障局",
        "number_prefix": "杭人社暗",
        "addressees": ["各区、县（市）人力社保局", "局属各单位"],
        "copy_to": ["市纪委监委驻局纪检监察组"],
        "printing_office": "杭州市人力资源和社会保障局办公室",
        "signature_required": true,
    })
}

async fn admins_set_the_letterhead_and_a_published_notice_keeps_its_own(backend: Backend) {
    let f = Fixture::new(backend).await;
    let path = "/api/v1/settings/letterhead";
    let default = f.admin.get(path).await;
    assert_eq!(default.status, StatusCode::OK, "{}", default.text);
    assert_eq!(default.body["number_prefix"], "人社暗");
    assert_eq!(default.body["signature_required"], true);
    for who in [&f.supervisor, &f.leader] {
        assert_eq!(
            who.get(path).await.body,
            default.body,
            "those who make and sign notices read it"
        );
    }
    for who in [&f.inspector, &f.unit_manager] {
        assert_eq!(who.get(path).await.status, StatusCode::FORBIDDEN);
    }
    for who in [&f.supervisor, &f.leader, &f.inspector, &f.unit_manager] {
        let refused = who.put(path, letterhead()).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.text);
    }
    for (field, value) in [
        ("number_prefix", json!("杭人社〔暗")),
        ("number_prefix", json!("")),
        ("issuing_body", json!("局".repeat(41))),
        ("addressees", json!([])),
        ("copy_to", json!(["\u{0007}"])),
    ] {
        let mut bad = letterhead();
        bad[field] = value;
        let refused = f.admin.put(path, bad).await;
        assert_eq!(
            (refused.status, refused.code()),
            (StatusCode::UNPROCESSABLE_ENTITY, "validation_failed"),
            "{field}: {}",
            refused.text
        );
        assert_eq!(
            refused.body["errors"][0]["field"], field,
            "{}",
            refused.text
        );
    }
    let mut partial = letterhead();
    partial.as_object_mut().unwrap().remove("copy_to");
    assert_eq!(
        f.admin.put(path, partial).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        f.admin.get(path).await.body,
        default.body,
        "refusals changed nothing"
    );

    let first = draft(&f, "2026-09").await;
    let set = f.admin.put(path, letterhead()).await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.text);
    assert_eq!(set.body, letterhead());
    assert!(audited(&f, "settings.letterhead_update") == 1);
    act(&f.supervisor, &first, "submit").await;
    act(&f.leader, &first, "sign").await;
    let published = act(&f.supervisor, &first, "publish").await;
    let number = published.body["document_number"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(number.starts_with("杭人社暗〔"), "{number}");

    // Without a required signature, a draft is published as it stands, dated that day.
    let mut waived = letterhead();
    waived["signature_required"] = json!(false);
    waived["number_prefix"] = json!("杭人社督");
    assert_eq!(f.admin.put(path, waived).await.status, StatusCode::OK);
    let second = draft(&f, "2026-10").await;
    let direct = act(&f.supervisor, &second, "publish").await;
    assert_eq!(direct.status, StatusCode::OK, "{}", direct.text);
    assert_eq!(direct.body["signed_at"], Value::Null);
    let second_number = direct.body["document_number"].as_str().unwrap();
    assert!(second_number.starts_with("杭人社督〔"), "{second_number}");
    assert!(
        second_number.ends_with("〕2号"),
        "the year's sequence runs on: {second_number}"
    );
    let kept = f
        .unit_manager
        .get(&format!("/api/v1/notices/{first}"))
        .await;
    assert_eq!(
        kept.body["document_number"],
        number.as_str(),
        "the first keeps its own"
    );
}
