//! What a finding is read with: the checklist version its report was rated against, the
//! inspector's note on the item, and the photos linked to the item. Fetched for a whole page
//! of findings in three queries.

use std::collections::HashMap;

use anfang_domain::finding::Finding;
use anfang_domain::ids::{ChecklistId, FindingId, PhotoId, ReportId};
use diesel::prelude::*;

use super::schema::{photos, report_ratings, reports};
use super::{DbConnection, DbError, Text};

#[derive(Debug, Clone, PartialEq)]
pub struct FindingContext {
    pub checklist_id: ChecklistId,
    pub note: Option<String>,
    /// Photos of the report linked to the finding's item, as uploaded.
    pub evidence: Vec<PhotoId>,
}

pub fn of(
    conn: &mut DbConnection,
    findings: &[Finding],
) -> Result<HashMap<FindingId, FindingContext>, DbError> {
    if findings.is_empty() {
        return Ok(HashMap::new());
    }
    let report_ids: Vec<String> = findings.iter().map(|f| f.report_id.to_string()).collect();
    let checklists: HashMap<ReportId, ChecklistId> = reports::table
        .filter(reports::id.eq_any(&report_ids))
        .select((reports::id, reports::checklist_id))
        .load::<(Text<ReportId>, Text<ChecklistId>)>(conn)?
        .into_iter()
        .map(|(r, c)| (r.0, c.0))
        .collect();
    let notes: HashMap<(ReportId, String), String> = report_ratings::table
        .filter(report_ratings::report_id.eq_any(&report_ids))
        .filter(report_ratings::note.is_not_null())
        .select((
            report_ratings::report_id,
            report_ratings::item_code,
            report_ratings::note,
        ))
        .load::<(Text<ReportId>, String, Option<String>)>(conn)?
        .into_iter()
        .filter_map(|(r, item, note)| note.map(|n| ((r.0, item), n)))
        .collect();
    let mut evidence: HashMap<(ReportId, String), Vec<PhotoId>> = HashMap::new();
    for (photo, report, item) in photos::table
        .filter(photos::report_id.eq_any(&report_ids))
        .filter(photos::item_code.is_not_null())
        .order((photos::created_at.asc(), photos::id.asc()))
        .select((photos::id, photos::report_id, photos::item_code))
        .load::<(Text<PhotoId>, Text<ReportId>, Option<String>)>(conn)?
    {
        if let Some(item) = item {
            evidence.entry((report.0, item)).or_default().push(photo.0);
        }
    }
    findings
        .iter()
        .map(|f| {
            let key = (f.report_id, f.item_code.as_str().to_owned());
            let checklist_id = *checklists
                .get(&f.report_id)
                .ok_or_else(|| DbError::corrupt("a finding's report is missing"))?;
            Ok((
                f.id,
                FindingContext {
                    checklist_id,
                    note: notes.get(&key).cloned(),
                    evidence: evidence.remove(&key).unwrap_or_default(),
                },
            ))
        })
        .collect()
}
