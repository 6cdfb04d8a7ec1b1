//! The snapshot and its findings, as one JSON document.

use serde::Serialize;

use super::{ExportError, NoticeDocument};

#[derive(Serialize)]
struct Finding<'a> {
    finding_id: &'a str,
    report_id: &'a str,
    unit_code: &'a str,
    unit_name: &'a str,
    unit_type: &'a str,
    unit_type_name: &'a str,
    district: &'a str,
    district_name: &'a str,
    item_code: &'a str,
    item_title: &'a str,
    severity: &'a str,
    critical: bool,
    repeat: bool,
    status: &'a str,
    visit_at: chrono::DateTime<chrono::Utc>,
    deadline: chrono::DateTime<chrono::Utc>,
}

pub fn render(doc: &NoticeDocument<'_>) -> Result<Vec<u8>, ExportError> {
    let n = doc.notice;
    let findings: Vec<Finding<'_>> = doc
        .findings
        .iter()
        .map(|f| Finding {
            finding_id: &f.finding_id,
            report_id: &f.report_id,
            unit_code: &f.unit_code,
            unit_name: &f.unit_name,
            unit_type: &f.unit_type,
            unit_type_name: f.unit_type_label(),
            district: &f.district,
            district_name: f.district_label(),
            item_code: &f.item_code,
            item_title: doc.item_title(&f.item_code),
            severity: &f.severity,
            critical: f.critical,
            repeat: f.is_repeat,
            status: &f.status,
            visit_at: f.visit_at.and_utc(),
            deadline: f.deadline.and_utc(),
        })
        .collect();
    Ok(serde_json::to_vec_pretty(&serde_json::json!({
        "id": n.id.to_string(),
        "period": n.period.to_string(),
        "status": n.status.as_str(),
        "generated_at": n.generated_at,
        "published_at": n.published_at,
        "content": n.content,
        "findings": findings,
    }))?)
}
