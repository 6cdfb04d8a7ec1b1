//! Districts by name: admins list the bureau's districts by GB/T 2260 code and name, and every
//! answer that shows a district or a unit type shows its name; units, accounts and campaigns
//! name only listed districts.

use anfang_tests::reports::Fixture;
use anfang_tests::{Backend, TestApp, both_backends};
use reqwest::StatusCode;
use serde_json::{Value, json};

both_backends!(
    an_admin_lists_and_renames_districts_and_answers_show_the_name,
    a_district_is_refused_with_a_clear_reason_and_nothing_changes,
    only_listed_districts_can_be_given_to_units_accounts_and_campaigns,
    only_admins_change_the_district_list,
    queue_lines_reports_and_findings_name_the_unit_its_type_district_and_people,
);

fn codes(list: &Value) -> Vec<&str> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect()
}

async fn an_admin_lists_and_renames_districts_and_answers_show_the_name(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin().await;
    let added = admin
        .post(
            "/api/v1/districts",
            json!({ "code": "110105", "name": "朝阳区" }),
        )
        .await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.text);
    assert_eq!(added.body, json!({ "code": "110105", "name": "朝阳区" }));

    let first = admin.get("/api/v1/districts?limit=3").await;
    assert_eq!(codes(&first.body), ["330102", "330103", "330105"]);
    let cursor = first.body["next_cursor"].as_str().unwrap();
    let rest = admin
        .get(&format!("/api/v1/districts?limit=3&cursor={cursor}"))
        .await;
    assert_eq!(codes(&rest.body), ["330106", "110105"]);
    assert!(rest.body["next_cursor"].is_null());

    let unit = admin
        .post(
            "/api/v1/units",
            json!({ "code": "BJ-CY-PEN-01", "name": "朝阳区社保经办中心",
            "type_code": "PEN", "district": "110105" }),
        )
        .await;
    assert_eq!(unit.status, StatusCode::CREATED, "{}", unit.text);
    assert_eq!(unit.body["district_name"], "朝阳区");
    assert_eq!(unit.body["type_name"], "企业职工养老保险经办");
    assert_eq!(
        unit.body["type_name_en"],
        "Enterprise employees' pension office"
    );
    let unit_id = unit.body["id"].as_str().unwrap().to_owned();

    let account = admin
        .post(
            "/api/v1/users",
            json!({ "username": "chaoyang-1", "password": "pass-word-2026",
            "display_name": "朝阳暗访员", "role": "inspector", "district": "110105",
            "unit_id": unit_id }),
        )
        .await;
    assert_eq!(account.status, StatusCode::CREATED, "{}", account.text);
    assert_eq!(account.body["district_name"], "朝阳区");
    assert_eq!(account.body["unit_name"], "朝阳区社保经办中心");

    let renamed = admin
        .patch(
            "/api/v1/districts/110105",
            json!({ "name": "北京市朝阳区" }),
        )
        .await;
    assert_eq!(renamed.status, StatusCode::OK, "{}", renamed.text);
    assert_eq!(renamed.body["name"], "北京市朝阳区");
    let unit = admin.get(&format!("/api/v1/units/{unit_id}")).await;
    assert_eq!(
        unit.body["district_name"], "北京市朝阳区",
        "names are never copied"
    );
    let listed = admin.get("/api/v1/units?district=110105").await;
    assert_eq!(listed.body["items"][0]["district_name"], "北京市朝阳区");
    let me = app.login("chaoyang-1", "pass-word-2026").await;
    let me = me.get("/api/v1/me").await;
    assert_eq!(me.body["district_name"], "北京市朝阳区");
    assert_eq!(me.body["unit_name"], "朝阳区社保经办中心");

    let trail = admin.get("/api/v1/audit?target_type=district").await;
    let actions: Vec<&str> = trail.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        ["district.update", "district.create"],
        "{}",
        trail.text
    );
}

async fn a_district_is_refused_with_a_clear_reason_and_nothing_changes(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin().await;
    let before = admin.get("/api/v1/districts?limit=100").await.body;
    for (body, field) in [
        (json!({ "code": "3301", "name": "x" }), "code"),
        // No province has the code 16, 38 or 90; a code ending in 00 is a prefecture's.
        (json!({ "code": "160102", "name": "x" }), "code"),
        (json!({ "code": "380102", "name": "x" }), "code"),
        (json!({ "code": "900102", "name": "x" }), "code"),
        (json!({ "code": "330100", "name": "杭州市" }), "code"),
        (json!({ "code": "330108", "name": " " }), "name"),
        (json!({ "code": "330108", "name": "滨".repeat(65) }), "name"),
    ] {
        let answer = admin.post("/api/v1/districts", body.clone()).await;
        assert_eq!(
            answer.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{body}: {}",
            answer.text
        );
        assert_eq!(answer.body["code"], "validation_failed");
        assert_eq!(answer.body["errors"][0]["field"], field, "{body}");
    }
    let again = admin
        .post(
            "/api/v1/districts",
            json!({ "code": "330102", "name": "另一个名字" }),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.text);
    assert_eq!(again.body["code"], "district_exists");
    let unknown = admin
        .patch("/api/v1/districts/330108", json!({ "name": "滨江区" }))
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    let extra = admin
        .post(
            "/api/v1/districts",
            json!({ "code": "330108", "name": "滨江区", "level": 3 }),
        )
        .await;
    assert_eq!(extra.status, StatusCode::BAD_REQUEST);
    assert_eq!(admin.get("/api/v1/districts?limit=100").await.body, before);
}

async fn only_listed_districts_can_be_given_to_units_accounts_and_campaigns(backend: Backend) {
    let f = Fixture::new(backend).await;
    let unlisted = "330108";
    let unit = f
        .admin
        .post(
            "/api/v1/units",
            json!({ "code": "BJ-1", "name": "滨江区窗口", "type_code": "EMP",
            "district": unlisted }),
        )
        .await;
    assert_eq!(
        unit.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        unit.text
    );
    assert_eq!(unit.body["errors"][0]["field"], "district");
    assert_eq!(unit.body["errors"][0]["code"], "unknown_reference");
    let moved = f
        .admin
        .patch(
            &format!("/api/v1/units/{}", f.unit_id),
            json!({ "district": unlisted }),
        )
        .await;
    assert_eq!(
        moved.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        moved.text
    );
    let unit = f.admin.get(&format!("/api/v1/units/{}", f.unit_id)).await;
    assert_eq!(
        unit.body["district"], "330102",
        "the unit stayed where it was"
    );

    let account = f
        .admin
        .post(
            "/api/v1/users",
            json!({ "username": "binjiang-1", "password": "pass-word-2026",
            "display_name": "滨江暗访员", "role": "inspector", "district": unlisted }),
        )
        .await;
    assert_eq!(
        account.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        account.text
    );
    assert_eq!(account.body["errors"][0]["field"], "district");
    let inspector_id = &f.inspector.user_id;
    let moved = f
        .admin
        .patch(
            &format!("/api/v1/users/{inspector_id}"),
            json!({ "district": unlisted }),
        )
        .await;
    assert_eq!(
        moved.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        moved.text
    );
    let account = f.admin.get(&format!("/api/v1/users/{inspector_id}")).await;
    assert_eq!(account.body["district"], "330106");

    let campaign = f
        .supervisor
        .post(
            "/api/v1/campaigns",
            json!({ "name": "滨江专项", "starts_on": "2026-12-01",
            "ends_on": "2026-12-31", "unit_types": ["EMP"], "districts": ["330102", unlisted],
            "checklist_id": f.checklist_id(), "scenarios": [{ "matter": "咨询失业登记", "documents": ["身份证"] }] }),
        )
        .await;
    assert_eq!(
        campaign.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        campaign.text
    );
    assert_eq!(campaign.body["errors"][0]["field"], "districts");
    let campaigns = f.supervisor.get("/api/v1/campaigns").await;
    assert_eq!(campaigns.body["items"], json!([]), "no campaign was made");

    let planned = f
        .supervisor
        .post(
            "/api/v1/campaigns",
            json!({ "name": "上城专项", "starts_on": "2026-12-01",
            "ends_on": "2026-12-31", "unit_types": ["EMP", "HOT"], "districts": ["330102"],
            "checklist_id": f.checklist_id(),
            "scenarios": [{ "matter": "咨询失业登记", "documents": ["身份证"] }] }),
        )
        .await;
    assert_eq!(planned.status, StatusCode::CREATED, "{}", planned.text);
    let listed = f.supervisor.get("/api/v1/campaigns").await;
    for shown in [&planned.body, &listed.body["items"][0]] {
        assert_eq!(
            shown["unit_type_names"],
            json!(["公共就业服务机构", "12333 电话咨询服务"]),
            "{shown}"
        );
        assert_eq!(shown["district_names"], json!(["上城区"]));
    }
}

async fn only_admins_change_the_district_list(backend: Backend) {
    let f = Fixture::new(backend).await;
    let everyone = [&f.supervisor, &f.inspector, &f.leader, &f.unit_manager];
    for who in everyone {
        let added = who
            .post(
                "/api/v1/districts",
                json!({ "code": "330108", "name": "滨江区" }),
            )
            .await;
        assert_eq!(added.status, StatusCode::FORBIDDEN, "{}", who.username);
        let renamed = who
            .patch("/api/v1/districts/330102", json!({ "name": "改名" }))
            .await;
        assert_eq!(renamed.status, StatusCode::FORBIDDEN, "{}", who.username);
        // The names are reference data: everyone signed in may read them.
        let listed = who.get("/api/v1/districts").await;
        assert_eq!(listed.status, StatusCode::OK, "{}", who.username);
    }
    let listed = f.admin.get("/api/v1/districts?limit=100").await;
    assert_eq!(
        codes(&listed.body),
        ["330102", "330103", "330105", "330106"]
    );
    assert_eq!(
        listed.body["items"][0]["name"], "上城区",
        "nobody renamed it"
    );
    let anonymous = f.app.get("/api/v1/districts", "").await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
}

async fn queue_lines_reports_and_findings_name_the_unit_its_type_district_and_people(
    backend: Backend,
) {
    let f = Fixture::new(backend).await;
    let inspector_name = f.inspector.get("/api/v1/me").await.body["display_name"].clone();
    let supervisor_name = f.supervisor.get("/api/v1/me").await.body["display_name"].clone();
    let expected_unit = Fixture::unit_by_name();
    let id = f.submitted().await;
    let queue = f.supervisor.get("/api/v1/reports?status=submitted").await;
    let line = &queue.body["items"][0];
    assert_eq!(line["id"], id.as_str());
    assert_eq!(line["unit"], expected_unit);
    assert_eq!(line["inspector_name"], inspector_name);

    let claimed = f.action(&f.supervisor, &id, "claim", None).await;
    assert_eq!(claimed.body["unit"], expected_unit);
    let approved = f
        .action(
            &f.supervisor,
            &id,
            "review",
            Some(json!({ "decision": "approve" })),
        )
        .await;
    assert_eq!(approved.status, StatusCode::OK, "{}", approved.text);
    assert_eq!(approved.body["reviewer_name"], supervisor_name);
    for who in [&f.supervisor, &f.leader, &f.inspector] {
        let report = who.get(&format!("/api/v1/reports/{id}")).await;
        assert_eq!(report.status, StatusCode::OK, "{}", who.username);
        assert_eq!(report.body["unit"], expected_unit, "{}", who.username);
        assert_eq!(report.body["inspector_name"], inspector_name);
    }

    // Renamed later, the district reads by its new name everywhere.
    f.admin
        .patch("/api/v1/districts/330102", json!({ "name": "上城" }))
        .await;
    let report = f.supervisor.get(&format!("/api/v1/reports/{id}")).await;
    assert_eq!(report.body["unit"]["district_name"], "上城");
}
