//! The seeded catalog (SPEC §2) and the units admins add to it.

use anfang_tests::{Backend, TestApp, both_backends};
use reqwest::StatusCode;
use serde_json::json;

both_backends!(
    the_fifteen_unit_types_are_seeded_in_order,
    checklist_v1_holds_the_thirty_points_of_the_spec,
    an_admin_adds_and_edits_a_unit,
    a_unit_is_refused_with_a_clear_reason,
    units_are_filtered_and_paged,
    an_admin_renames_a_unit_type,
);

async fn the_fifteen_unit_types_are_seeded_in_order(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin().await;
    let answer = admin.get("/api/v1/unit-types").await;
    let items = answer.body["items"].as_array().unwrap();
    let codes: Vec<&str> = items.iter().map(|t| t["code"].as_str().unwrap()).collect();
    assert_eq!(
        codes,
        [
            "EMP", "TAL", "PEN", "RES", "INJ", "UNE", "CRD", "LAB", "ARB", "CAP", "EXM", "SKL",
            "HOT", "GRS", "HAL"
        ]
    );
    assert_eq!(items[12]["name"], "12333 电话咨询服务");
    assert_eq!(items[12]["name_en"], "12333 hotline");
    assert_eq!(answer.body["next_cursor"], serde_json::Value::Null);
}

/// SPEC §2.2, transcribed: code, weight, kind.
const SPEC_ITEMS: [(&str, u64, &str); 30] = [
    ("ATT-01", 10, "judgement"),
    ("ATT-02", 8, "judgement"),
    ("ATT-03", 6, "judgement"),
    ("ATT-04", 6, "judgement"),
    ("ATT-05", 4, "judgement"),
    ("PRC-01", 10, "measurement"),
    ("PRC-02", 8, "measurement"),
    ("PRC-03", 8, "judgement"),
    ("PRC-04", 8, "judgement"),
    ("PRC-05", 6, "judgement"),
    ("PRC-06", 10, "measurement"),
    ("PRC-07", 6, "measurement"),
    ("PRC-08", 6, "judgement"),
    ("CMP-01", 6, "judgement"),
    ("CMP-02", 8, "judgement"),
    ("CMP-03", 6, "judgement"),
    ("DSC-01", 8, "judgement"),
    ("DSC-02", 6, "judgement"),
    ("DSC-03", 3, "judgement"),
    ("DSC-04", 100, "judgement"),
    ("DSC-05", 4, "judgement"),
    ("ENV-01", 3, "judgement"),
    ("ENV-02", 3, "judgement"),
    ("ENV-03", 3, "judgement"),
    ("ENV-04", 6, "judgement"),
    ("ENV-05", 4, "judgement"),
    ("ENV-06", 4, "judgement"),
    ("DIG-01", 6, "measurement"),
    ("DIG-02", 6, "judgement"),
    ("DIG-03", 3, "judgement"),
];

async fn checklist_v1_holds_the_thirty_points_of_the_spec(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let inspector = {
        let admin = app.admin().await;
        app.user_with_role(&admin, "inspector").await
    };
    let answer = inspector.get("/api/v1/checklists/current").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.body["version"], 1);
    assert_eq!(answer.body["status"], "published");
    let items = answer.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 30);
    for (item, (code, weight, kind)) in items.iter().zip(SPEC_ITEMS) {
        assert_eq!(item["code"], code);
        assert_eq!(item["weight"], weight, "{code}");
        assert_eq!(item["kind"], kind, "{code}");
        assert_eq!(item["dimension"], &code[..3]);
        assert_eq!(item["critical"], code == "DSC-04", "{code}");
        assert!(
            !item["title"].as_str().unwrap().is_empty()
                && !item["title_en"].as_str().unwrap().is_empty()
        );
        let applies: Vec<&str> = item["applies_to"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        let not_for_hotline = code.starts_with("ENV-") || code == "DSC-03";
        assert_eq!(
            applies.len(),
            if not_for_hotline { 14 } else { 15 },
            "{code}"
        );
        assert_eq!(applies.contains(&"HOT"), !not_for_hotline, "{code}");
    }
    let by_code = |code: &str| items.iter().find(|i| i["code"] == code).unwrap().clone();
    assert_eq!(by_code("ATT-01")["title"], "生冷硬顶横");
    assert_eq!(
        by_code("PRC-07")["measurement"],
        json!({ "unit": "minutes", "minor_above": 15.0, "major_above": 30.0, "unanswered_is_major": false })
    );
    assert_eq!(
        by_code("PRC-02")["measurement"],
        json!({ "unit": "forms", "minor_above": 0.0, "major_above": 1.0, "unanswered_is_major": false })
    );
    let dig = by_code("DIG-01");
    assert_eq!(dig["measurement"]["unanswered_is_major"], true);
    assert_eq!(
        dig["optional_for"].as_array().unwrap().len(),
        14,
        "optional everywhere but the hotline"
    );
    assert!(
        !dig["optional_for"]
            .as_array()
            .unwrap()
            .contains(&json!("HOT"))
    );
}

async fn an_admin_adds_and_edits_a_unit(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin().await;
    let created = admin.post("/api/v1/units", json!({ "code": "HZ-SC-EMP-01", "name": "上城区公共就业服务中心", "type_code": "EMP", "district": "330102",
                    "address": "杭州市上城区解放路 1 号", "latitude": 30.25, "longitude": 120.17 }))
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    assert_eq!(created.body["geofence_m"], 300, "the default geofence");
    assert_eq!(created.body["active"], true);
    let path = format!("/api/v1/units/{}", created.body["id"].as_str().unwrap());

    let patched = admin
        .patch(
            &path,
            json!({ "geofence_m": 500, "address": null, "active": false }),
        )
        .await;
    assert_eq!(patched.status, StatusCode::OK, "{}", patched.text);
    let shown = admin.get(&path).await;
    assert_eq!(shown.body["geofence_m"], 500);
    assert_eq!(shown.body["address"], serde_json::Value::Null);
    assert_eq!(shown.body["active"], false);
    assert_eq!(
        shown.body["name"], "上城区公共就业服务中心",
        "untouched fields stay"
    );

    let duplicate = admin.post("/api/v1/units", json!({ "code": "HZ-SC-EMP-01", "name": "另一个", "type_code": "EMP", "district": "330102" }))
        .await;
    assert_eq!(duplicate.status, StatusCode::CONFLICT);
    assert_eq!(duplicate.code(), "unit_code_taken");
}

async fn a_unit_is_refused_with_a_clear_reason(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin().await;
    let cases = [
        (
            json!({ "code": "A-1", "name": "x", "type_code": "XYZ", "district": "330102" }),
            "type_code",
        ),
        (
            json!({ "code": "A-1", "name": "x", "type_code": "EMP", "district": "3301" }),
            "district",
        ),
        (
            json!({ "code": "A-1", "name": "x", "type_code": "EMP", "district": "330102", "latitude": 30.0 }),
            "latitude",
        ),
        (
            json!({ "code": "A-1", "name": "x", "type_code": "EMP", "district": "330102", "latitude": 95.0, "longitude": 1.0 }),
            "latitude",
        ),
        (
            json!({ "code": "A-1", "name": "x", "type_code": "EMP", "district": "330102", "geofence_m": 1 }),
            "geofence_m",
        ),
        (
            json!({ "code": "-A", "name": "x", "type_code": "EMP", "district": "330102" }),
            "code",
        ),
    ];
    for (body, field) in cases {
        let answer = admin.post("/api/v1/units", body).await;
        assert_eq!(
            answer.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field}: {}",
            answer.text
        );
        assert_eq!(answer.body["errors"][0]["field"], field);
    }
    let list = admin.get("/api/v1/units").await;
    assert_eq!(list.body["items"], json!([]), "nothing stored");
}

async fn units_are_filtered_and_paged(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin().await;
    app.create_unit(&admin, "E-1", "EMP", "330102").await;
    app.create_unit(&admin, "E-2", "EMP", "330106").await;
    app.create_unit(&admin, "H-1", "HOT", "330102").await;
    let codes = |answer: &anfang_tests::Answer| -> Vec<String> {
        answer.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["code"].as_str().unwrap().to_owned())
            .collect()
    };
    let emp = admin.get("/api/v1/units?type_code=EMP").await;
    assert_eq!(codes(&emp), ["E-1", "E-2"]);
    let district = admin.get("/api/v1/units?district=330102").await;
    assert_eq!(codes(&district), ["E-1", "H-1"]);
    let first = admin.get("/api/v1/units?limit=2").await;
    assert_eq!(codes(&first), ["E-1", "E-2"]);
    let cursor = first.body["next_cursor"].as_str().unwrap();
    let second = admin
        .get(&format!("/api/v1/units?limit=2&cursor={cursor}"))
        .await;
    assert_eq!(codes(&second), ["H-1"]);
    assert_eq!(second.body["next_cursor"], serde_json::Value::Null);
    let bad = admin.get("/api/v1/units?type_code=emp").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.code(), "invalid_parameter");
    assert_eq!(bad.body["errors"][0]["field"], "type_code");
}

async fn an_admin_renames_a_unit_type(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin().await;
    let answer = admin
        .patch(
            "/api/v1/unit-types/HAL",
            json!({ "name": "政务服务中心人社窗口" }),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    assert_eq!(
        answer.body["name_en"],
        "HRSS counters in the government service hall"
    );
    let list = admin.get("/api/v1/unit-types").await;
    assert_eq!(list.body["items"][14]["name"], "政务服务中心人社窗口");
    assert_eq!(
        admin
            .patch("/api/v1/unit-types/XYZ", json!({}))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}
