//! Building reports the way a phone would.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::{Answer, Backend, Session, TestApp};

/// An app with the people and things a report needs.
pub struct Fixture {
    pub app: TestApp,
    pub admin: Session,
    pub inspector: Session,
    pub other_inspector: Session,
    pub supervisor: Session,
    pub other_supervisor: Session,
    pub leader: Session,
    pub unit_manager: Session,
    /// An EMP unit in district 330102.
    pub unit_id: String,
    /// A HOT (12333 hotline) unit in district 330105.
    pub hotline_id: String,
    pub checklist: Value,
    /// When the fixture's visits ended: fixed, so that the same body is the same request.
    pub visit_ended_at: chrono::DateTime<chrono::Utc>,
}

impl Fixture {
    pub async fn new(backend: Backend) -> Fixture {
        Self::on(TestApp::spawn(backend).await).await
    }

    pub async fn with_store(backend: Backend, store: crate::Store) -> Fixture {
        Self::on(TestApp::spawn_with_store(backend, store).await).await
    }

    /// On a store, with extra `ANFANG_*` settings.
    pub async fn with_store_and_settings(
        backend: Backend,
        store: crate::Store,
        extra: &[(&str, &str)],
    ) -> Fixture {
        Self::on(TestApp::spawn_full(backend, store, extra).await).await
    }

    /// With extra `ANFANG_*` settings, such as a faster overdue sweep.
    pub async fn with_settings(backend: Backend, extra: &[(&str, &str)]) -> Fixture {
        Self::on(TestApp::spawn_with(backend, extra).await).await
    }

    async fn on(app: TestApp) -> Fixture {
        let admin = app.admin().await;
        let unit_id = app
            .create_unit(&admin, "EMP-330102-1", "EMP", "330102")
            .await;
        let hotline_id = app
            .create_unit(&admin, "HOT-330105-1", "HOT", "330105")
            .await;
        let checklist = app
            .get("/api/v1/checklists/current", &admin.access_token)
            .await
            .body;
        Fixture {
            inspector: app.user_with_role(&admin, "inspector").await,
            other_inspector: app.user_with_role(&admin, "inspector").await,
            supervisor: app.user_with_role(&admin, "supervisor").await,
            other_supervisor: app.user_with_role(&admin, "supervisor").await,
            leader: app.user_with_role(&admin, "leader").await,
            unit_manager: app.user_with_role(&admin, "unit_manager").await,
            app,
            admin,
            unit_id,
            hotline_id,
            checklist,
            visit_ended_at: chrono::Utc::now() - chrono::Duration::hours(2),
        }
    }

    /// The fixture's unit (`unit_id`) as answers name it.
    pub fn unit_by_name() -> Value {
        json!({
            "name": "EMP-330102-1 窗口",
            "unit_type": "EMP",
            "unit_type_name": "公共就业服务机构",
            "unit_type_name_en": "Public employment service centre",
            "district": "330102",
            "district_name": "上城区",
        })
    }

    pub fn checklist_id(&self) -> &str {
        self.checklist["id"].as_str().unwrap()
    }

    /// A rating for every item required at a unit of `unit_type`: judgements `ok`, measurements 0.
    pub fn clean_ratings(&self, unit_type: &str) -> Vec<Value> {
        clean_ratings(&self.checklist, unit_type)
    }

    /// A complete, clean report on the EMP unit: a 25-minute visit two hours ago.
    pub fn body(&self) -> Value {
        report_body(&self.checklist, &self.unit_id, "EMP", self.visit_ended_at)
    }

    /// `body` with the rating of `code` replaced by `rating`.
    pub fn with_rating(mut body: Value, code: &str, rating: Value) -> Value {
        let ratings = body["ratings"].as_array_mut().unwrap();
        ratings.retain(|r| r["item_code"] != code);
        ratings.push(rating);
        body
    }

    pub async fn put(
        &self,
        session: &Session,
        id: &str,
        body: Value,
        if_match: Option<&str>,
    ) -> Answer {
        put_report(&self.app, session, id, body, if_match).await
    }

    /// A new draft by the inspector; returns its id.
    pub async fn draft(&self, body: Value) -> String {
        let id = uuid::Uuid::new_v4().to_string();
        let answer = self.put(&self.inspector, &id, body, None).await;
        assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
        id
    }

    pub async fn action(
        &self,
        session: &Session,
        id: &str,
        action: &str,
        body: Option<Value>,
    ) -> Answer {
        self.app
            .call(
                Method::POST,
                &format!("/api/v1/reports/{id}/{action}"),
                Some(&session.access_token),
                body.or(Some(json!({}))),
            )
            .await
    }

    pub async fn submitted(&self) -> String {
        let id = self.draft(self.body()).await;
        let answer = self.action(&self.inspector, &id, "submit", None).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
        id
    }

    pub async fn claimed(&self) -> String {
        let id = self.submitted().await;
        let answer = self.action(&self.supervisor, &id, "claim", None).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
        id
    }

    pub async fn approved(&self) -> String {
        let id = self.claimed().await;
        let answer = self
            .action(
                &self.supervisor,
                &id,
                "review",
                Some(json!({ "decision": "approve" })),
            )
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
        id
    }

    /// `body` with its visit moved `minutes` later (earlier when negative).
    pub fn visit_moved(mut body: Value, minutes: i64) -> Value {
        for field in ["visit_started_at", "visit_ended_at"] {
            let at: chrono::DateTime<chrono::Utc> = body[field].as_str().unwrap().parse().unwrap();
            body[field] = json!((at + chrono::Duration::minutes(minutes)).to_rfc3339());
        }
        body
    }

    /// A report on the EMP unit with ATT-01 major (noted), PRC-07 waited 20 minutes (minor) and
    /// ENV-01 minor, approved; its visit `minutes_later` than the fixture's.
    pub async fn approved_with_problems_at(&self, minutes_later: i64) -> String {
        let mut body = Self::with_rating(
            Self::visit_moved(self.body(), minutes_later),
            "ATT-01",
            json!({ "item_code": "ATT-01", "outcome": "major", "note": "工作人员当面呵斥群众，拒绝解答" }),
        );
        body = Self::with_rating(
            body,
            "PRC-07",
            json!({ "item_code": "PRC-07", "value": 20 }),
        );
        body = Self::with_rating(
            body,
            "ENV-01",
            json!({ "item_code": "ENV-01", "outcome": "minor" }),
        );
        self.approve(body).await
    }

    /// Writes `body` as the inspector's report, submits it, and has it claimed and approved.
    pub async fn approve(&self, body: Value) -> String {
        let id = self.draft(body).await;
        for (session, action, body) in [
            (&self.inspector, "submit", None),
            (&self.supervisor, "claim", None),
            (
                &self.supervisor,
                "review",
                Some(json!({ "decision": "approve" })),
            ),
        ] {
            let answer = self.action(session, &id, action, body).await;
            assert_eq!(answer.status, StatusCode::OK, "{action}: {}", answer.text);
        }
        id
    }

    /// The report as its author sees it.
    pub async fn as_author(&self, id: &str) -> Answer {
        self.app
            .get(
                &format!("/api/v1/reports/{id}"),
                &self.inspector.access_token,
            )
            .await
    }

    /// A report with an ATT-01 major (noted) and an ENV-01 minor, approved by `supervisor`;
    /// returns its findings' ids, ATT-01's first, published to the unit.
    pub async fn published_findings(&self) -> Vec<String> {
        let mut body = Self::with_rating(
            self.body(),
            "ATT-01",
            json!({ "item_code": "ATT-01", "outcome": "major", "note": "工作人员当面呵斥群众，拒绝解答" }),
        );
        body = Self::with_rating(
            body,
            "ENV-01",
            json!({ "item_code": "ENV-01", "outcome": "minor" }),
        );
        let id = self.approve(body).await;
        let published = self
            .action(&self.supervisor, &id, "findings/publish", None)
            .await;
        assert_eq!(published.status, StatusCode::OK, "{}", published.text);
        let list = self
            .app
            .get("/api/v1/findings", &self.supervisor.access_token)
            .await;
        let mut found: Vec<(&str, String)> = list.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["report_id"] == id.as_str())
            .map(|f| {
                let item = f["item_code"].as_str().unwrap();
                (item, f["id"].as_str().unwrap().to_owned())
            })
            .collect();
        found.sort();
        found.into_iter().map(|(_, id)| id).collect()
    }

    /// The manager of the fixture's EMP unit, signed in.
    pub async fn manager_of_unit(&self) -> Session {
        let username = format!(
            "emp-manager-{}",
            &uuid::Uuid::new_v4().simple().to_string()[..6]
        );
        let body = json!({ "username": username, "password": "pass-word-2026", "display_name": "窗口负责人",
                           "role": "unit_manager", "unit_id": self.unit_id });
        let created = self
            .app
            .post("/api/v1/users", &self.admin.access_token, body)
            .await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
        self.app.login(&username, "pass-word-2026").await
    }

    /// The report and its history as an admin sees them (404 body for a draft).
    pub async fn snapshot(&self, id: &str) -> (Value, Value, Value) {
        let report = self.as_author(id).await.body;
        let history = self
            .app
            .get(
                &format!("/api/v1/reports/{id}/history"),
                &self.inspector.access_token,
            )
            .await
            .body;
        let admin_view = self
            .app
            .get(&format!("/api/v1/reports/{id}"), &self.admin.access_token)
            .await
            .body;
        (report, history, admin_view)
    }
}

/// A rating for every item required at a unit of `unit_type`: judgements `ok`, measurements 0.
pub fn clean_ratings(checklist: &Value, unit_type: &str) -> Vec<Value> {
    checklist["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|item| {
            item["applies_to"]
                .as_array()
                .unwrap()
                .contains(&json!(unit_type))
        })
        .filter(|item| {
            !item["optional_for"]
                .as_array()
                .unwrap()
                .contains(&json!(unit_type))
        })
        .map(|item| match item["kind"].as_str().unwrap() {
            "measurement" => json!({ "item_code": item["code"], "value": 0 }),
            _ => json!({ "item_code": item["code"], "outcome": "ok" }),
        })
        .collect()
}

/// A complete, clean report on `unit_id`: a 25-minute visit that ended at `ended`.
pub fn report_body(
    checklist: &Value,
    unit_id: &str,
    unit_type: &str,
    ended: chrono::DateTime<chrono::Utc>,
) -> Value {
    json!({
        "unit_id": unit_id,
        "checklist_id": checklist["id"],
        "channel": "on_site",
        "scenario": "咨询失业保险金申领条件",
        "visit_started_at": (ended - chrono::Duration::minutes(25)).to_rfc3339(),
        "visit_ended_at": ended.to_rfc3339(),
        "ratings": clean_ratings(checklist, unit_type),
        "narrative": "窗口人员接待及时，解答清楚。",
        "location": { "latitude": 30.2501, "longitude": 120.1702, "accuracy_m": 15.0 },
        "device_info": "Android 14; anfang-app 1.0",
    })
}

/// `PUT /reports/{id}` as `session`, with `If-Match` when given.
pub async fn put_report(
    app: &TestApp,
    session: &Session,
    id: &str,
    body: Value,
    if_match: Option<&str>,
) -> Answer {
    let mut request = app
        .client
        .put(app.url(&format!("/api/v1/reports/{id}")))
        .bearer_auth(&session.access_token)
        .json(&body);
    if let Some(tag) = if_match {
        request = request.header("if-match", tag);
    }
    crate::read(request.send().await.unwrap()).await
}
