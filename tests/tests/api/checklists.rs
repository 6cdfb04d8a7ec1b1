//! Checklist versions: drafted, edited, published, then never changed.

use anfang_tests::{Backend, TestApp, both_backends};
use reqwest::StatusCode;
use serde_json::json;

use crate::authorization::item;

both_backends!(
    a_new_version_is_drafted_edited_and_published,
    a_published_version_never_changes,
    a_draft_with_bad_items_is_refused_item_by_item,
);

async fn a_new_version_is_drafted_edited_and_published(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin().await;
    let v1 = admin.get("/api/v1/checklists/current").await;
    let mut items = v1.body["items"].as_array().unwrap().clone();

    let draft = admin
        .post("/api/v1/checklists", json!({ "items": items }))
        .await;
    assert_eq!(draft.status, StatusCode::CREATED, "{}", draft.text);
    assert_eq!(draft.body["version"], 2);
    assert_eq!(draft.body["status"], "draft");
    let path = format!("/api/v1/checklists/{}", draft.body["id"].as_str().unwrap());

    items[0]["weight"] = json!(12);
    items.push(item("DIG-04"));
    let edited = admin.put(&path, json!({ "items": items })).await;
    assert_eq!(edited.status, StatusCode::OK, "{}", edited.text);
    assert_eq!(edited.body["items"].as_array().unwrap().len(), 31);
    assert_eq!(
        admin.get("/api/v1/checklists/current").await.body["version"],
        1,
        "a draft is not current"
    );

    let published = admin.post(&format!("{path}/publish"), json!({})).await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.text);
    assert_eq!(published.body["status"], "published");
    let current = admin.get("/api/v1/checklists/current").await;
    assert_eq!(current.body["version"], 2);
    assert_eq!(current.body["items"][0]["weight"], 12);

    let v1_again = admin
        .get(&format!(
            "/api/v1/checklists/{}",
            v1.body["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(v1_again.body, v1.body, "the old version is untouched");
    let list = admin.get("/api/v1/checklists").await;
    let versions: Vec<_> = list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["version"].clone())
        .collect();
    assert_eq!(versions, [json!(2), json!(1)]);
}

async fn a_published_version_never_changes(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin().await;
    let v1 = admin.get("/api/v1/checklists/current").await;
    let path = format!("/api/v1/checklists/{}", v1.body["id"].as_str().unwrap());
    let edit = admin.put(&path, json!({ "items": [item("ATT-01")] })).await;
    assert_eq!(edit.status, StatusCode::CONFLICT);
    assert_eq!(edit.code(), "checklist_published");
    let publish = admin.post(&format!("{path}/publish"), json!({})).await;
    assert_eq!(publish.status, StatusCode::CONFLICT);
    assert_eq!(admin.get(&path).await.body, v1.body);
}

async fn a_draft_with_bad_items_is_refused_item_by_item(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin().await;
    let mut bad_weight = item("ATT-01");
    bad_weight["weight"] = json!(0);
    let mut bad_type = item("ATT-02");
    bad_type["applies_to"] = json!(["XYZ"]);
    let mut measurement_without_rule = item("PRC-01");
    measurement_without_rule["kind"] = json!("measurement");
    let mut wrong_dimension = item("ATT-03");
    wrong_dimension["dimension"] = json!("ENV");
    let answer = admin.post("/api/v1/checklists", json!({ "items": [bad_weight, item("BAD"), measurement_without_rule, wrong_dimension] }))
        .await;
    assert_eq!(
        answer.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        answer.text
    );
    let fields: Vec<&str> = answer.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        [
            "items[0].weight",
            "items[1].code",
            "items[2].measurement",
            "items[3].dimension"
        ]
    );

    let unknown_type = admin
        .post("/api/v1/checklists", json!({ "items": [bad_type] }))
        .await;
    assert_eq!(unknown_type.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        unknown_type.body["errors"][0]["field"],
        "items[0].applies_to"
    );

    let duplicate = admin
        .post(
            "/api/v1/checklists",
            json!({ "items": [item("ATT-01"), item("ATT-01")] }),
        )
        .await;
    assert_eq!(duplicate.status, StatusCode::UNPROCESSABLE_ENTITY);
    let empty = admin
        .post("/api/v1/checklists", json!({ "items": [] }))
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);

    let list = admin.get("/api/v1/checklists").await;
    assert_eq!(
        list.body["items"].as_array().unwrap().len(),
        1,
        "no draft was stored"
    );
}
