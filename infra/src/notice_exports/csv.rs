//! One row per finding, with a header; UTF-8 with a byte-order mark so spreadsheet programs
//! on the bureau's desktops read the Chinese correctly.

use super::{ExportError, NoticeDocument, zh};

pub fn render(doc: &NoticeDocument<'_>) -> Result<Vec<u8>, ExportError> {
    let mut out = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    out.write_record([
        "finding_id",
        "period",
        "unit_code",
        "unit_name",
        "unit_type",
        "unit_type_name",
        "district",
        "district_name",
        "item_code",
        "item_title",
        "severity",
        "critical",
        "repeat",
        "status",
        "status_zh",
        "visit_at",
        "deadline",
        "report_id",
    ])?;
    let period = doc.notice.period.to_string();
    for f in doc.findings {
        out.write_record([
            f.finding_id.as_str(),
            &period,
            &f.unit_code,
            &f.unit_name,
            &f.unit_type,
            f.unit_type_label(),
            &f.district,
            f.district_label(),
            &f.item_code,
            doc.item_title(&f.item_code),
            &f.severity,
            if f.critical { "true" } else { "false" },
            if f.is_repeat { "true" } else { "false" },
            &f.status,
            zh(&f.status),
            &doc.time(f.visit_at.and_utc()),
            &doc.time(f.deadline.and_utc()),
            &f.report_id,
        ])?;
    }
    out.into_inner()
        .map_err(|e| ExportError::Csv(e.into_error().into()))
}
