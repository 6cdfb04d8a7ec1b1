//! Supervisors choose follow-up teams by name: the active inspectors with their home district
//! and unit and how many open visits each has. Nobody else learns who inspects.

use std::collections::HashMap;

use anfang_tests::campaigns::Bureau;
use anfang_tests::{Backend, both_backends};
use reqwest::StatusCode;

both_backends!(supervisors_see_each_inspectors_home_and_open_visits_and_nobody_else_does,);

async fn supervisors_see_each_inspectors_home_and_open_visits_and_nobody_else_does(
    backend: Backend,
) {
    let b = Bureau::new(backend).await;
    let (_, draw) = b.active_campaign().await;
    let mut expected: HashMap<String, u64> = HashMap::new();
    for visit in draw["assignments"].as_array().unwrap() {
        for i in visit["inspector_ids"].as_array().unwrap() {
            *expected.entry(i.as_str().unwrap().to_owned()).or_default() += 1;
        }
    }
    let listed = b.supervisor.get("/api/v1/inspectors?limit=100").await;
    assert_eq!(listed.status, StatusCode::OK, "{}", listed.text);
    let items = listed.body["items"].as_array().unwrap();
    assert_eq!(items.len(), b.inspectors.len());
    for (i, session) in b.inspectors.iter().enumerate() {
        let line = items
            .iter()
            .find(|x| x["id"] == session.user_id.as_str())
            .unwrap();
        assert_eq!(line["district"], b.district_of_inspector(i));
        let district_name = match b.district_of_inspector(i) {
            "330102" => "上城区",
            "330105" => "拱墅区",
            _ => "西湖区",
        };
        assert_eq!(line["district_name"], district_name, "by name");
        assert!(
            line["unit_name"].as_str().unwrap().ends_with("窗口"),
            "{line}"
        );
        assert!(!line["display_name"].as_str().unwrap().is_empty());
        assert_eq!(
            line["open_visits"],
            expected.get(&session.user_id).copied().unwrap_or(0),
            "{}",
            session.username
        );
        assert!(line.get("username").is_none(), "nothing to sign in with");
    }
    assert!(expected.values().any(|n| *n > 0));
    assert_eq!(
        b.admin.get("/api/v1/inspectors").await.status,
        StatusCode::OK
    );
    for who in [&b.leader, &b.manager, &b.inspectors[0]] {
        assert_eq!(
            who.get("/api/v1/inspectors").await.status,
            StatusCode::FORBIDDEN,
            "{}",
            who.username
        );
    }
}
