//! A small bureau for campaign tests: units of three types across three districts, six
//! inspectors from those districts, a manager of one unit, a leader.

use serde_json::{Value, json};

use crate::{Answer, Backend, Session, TestApp};

pub struct Bureau {
    pub app: TestApp,
    pub admin: Session,
    pub supervisor: Session,
    pub leader: Session,
    pub inspectors: Vec<Session>,
    /// (id, type, district) of each unit.
    pub units: Vec<(String, &'static str, &'static str)>,
    /// Manager of `units[0]`.
    pub manager: Session,
    pub checklist_id: String,
    pub checklist: Value,
}

const DISTRICTS: [&str; 3] = ["330102", "330105", "330106"];

impl Bureau {
    pub async fn new(backend: Backend) -> Bureau {
        let app = TestApp::spawn(backend).await;
        let admin = app.admin().await;
        let mut units = Vec::new();
        for (i, (t, d)) in [
            ("EMP", 0),
            ("EMP", 1),
            ("EMP", 2),
            ("PEN", 0),
            ("PEN", 1),
            ("PEN", 2),
            ("HOT", 0),
            ("HOT", 1),
        ]
        .into_iter()
        .enumerate()
        {
            let id = app
                .create_unit(&admin, &format!("{t}-{i}"), t, DISTRICTS[d])
                .await;
            units.push((id, t, DISTRICTS[d]));
        }
        let mut inspectors = Vec::new();
        for i in 0..6 {
            let username = format!("inspector-{i}");
            let body = json!({
                "username": username, "password": "pass-word-2026", "display_name": format!("暗访员{i}"),
                "role": "inspector", "district": DISTRICTS[i % 3], "unit_id": units[i % units.len()].0,
            });
            let answer = admin.post("/api/v1/users", body).await;
            assert_eq!(answer.status, 201, "{}", answer.text);
            inspectors.push(app.login(&username, "pass-word-2026").await);
        }
        let manager = {
            let body = json!({ "username": "manager-0", "password": "pass-word-2026", "display_name": "负责人",
                               "role": "unit_manager", "unit_id": units[0].0 });
            assert_eq!(admin.post("/api/v1/users", body).await.status, 201);
            app.login("manager-0", "pass-word-2026").await
        };
        let checklist = admin.get("/api/v1/checklists/current").await.body;
        let checklist_id = checklist["id"].as_str().unwrap().to_owned();
        Bureau {
            supervisor: app.user_with_role(&admin, "supervisor").await,
            leader: app.user_with_role(&admin, "leader").await,
            app,
            admin,
            inspectors,
            units,
            manager,
            checklist_id,
            checklist,
        }
    }

    pub fn plan(&self) -> Value {
        json!({
            "name": "2026年11月人社窗口作风暗访",
            "starts_on": "2026-11-01",
            "ends_on": "2026-11-30",
            "unit_types": ["EMP", "PEN"],
            "checklist_id": self.checklist_id,
            "scenarios": [
                { "matter": "咨询失业保险金申领条件", "documents": ["身份证", "解除劳动合同证明"] },
                { "matter": "办理养老保险关系转移", "documents": ["身份证", "参保缴费凭证"] },
            ],
        })
    }

    pub async fn campaign(&self) -> String {
        let answer = self.supervisor.post("/api/v1/campaigns", self.plan()).await;
        assert_eq!(answer.status, 201, "{}", answer.text);
        answer.body["id"].as_str().unwrap().to_owned()
    }

    pub async fn draw(&self, campaign: &str, body: Value) -> Answer {
        self.supervisor
            .post(&format!("/api/v1/campaigns/{campaign}/draw"), body)
            .await
    }

    pub async fn step(&self, campaign: &str, action: &str) -> Answer {
        self.supervisor
            .post(&format!("/api/v1/campaigns/{campaign}/{action}"), json!({}))
            .await
    }

    /// A campaign drawn (1 unit per type, teams of 2) and under way.
    pub async fn active_campaign(&self) -> (String, Value) {
        let id = self.campaign().await;
        let draw = self
            .draw(
                &id,
                json!({ "seed": 7, "units_per_type": 1, "team_size": 2 }),
            )
            .await;
        assert_eq!(draw.status, 200, "{}", draw.text);
        assert_eq!(self.step(&id, "activate").await.status, 200);
        (id, draw.body)
    }

    /// A clean report on a drawn visit, as its first team member writes it.
    pub fn report_body(&self, visit: &Value) -> Value {
        let unit = visit["unit_id"].as_str().unwrap();
        let (_, unit_type, _) = self.units.iter().find(|(u, _, _)| u == unit).unwrap();
        let mut body = crate::reports::report_body(
            &self.checklist,
            unit,
            unit_type,
            chrono::Utc::now() - chrono::Duration::hours(1),
        );
        body["assignment_id"] = visit["id"].clone();
        body
    }

    pub async fn put_report(&self, session: &Session, id: &str, body: Value) -> Answer {
        crate::reports::put_report(&self.app, session, id, body, None).await
    }

    pub fn inspector(&self, id: &str) -> &Session {
        self.inspectors
            .iter()
            .find(|s| s.user_id == id)
            .expect("a known inspector")
    }

    pub fn district_of_inspector(&self, i: usize) -> &'static str {
        DISTRICTS[i % 3]
    }
}
