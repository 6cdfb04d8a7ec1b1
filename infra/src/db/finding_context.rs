//! What a finding is read with: the checklist version its report was rated against, the
//! inspector's note on the item and the segment of a recording it cites, the photos linked to the item, the unit's rectification
//! photos and who judged them, and the unit by name. Fetched for a whole page of findings in
//! eight queries at most.

use std::collections::HashMap;

use anfang_domain::finding::Finding;
use anfang_domain::ids::{ChecklistId, FindingId, PhotoId, ReportId};
use diesel::prelude::*;

use super::names::{Place, Wanted};
use super::reports::{CitationColumns, citation_of};
use super::schema::{photos, rectification_photos, report_ratings, reports};
use super::{DbConnection, DbError, Text};

#[derive(Debug, Clone, PartialEq)]
pub struct FindingContext {
    pub checklist_id: ChecklistId,
    /// The unit, of the type and district it had when visited.
    pub place: Place,
    pub note: Option<String>,
    /// The segment of a recording the rating cites.
    pub citation: Option<anfang_domain::report::Citation>,
    /// Photos of the report linked to the finding's item, as uploaded.
    pub evidence: Vec<PhotoId>,
    /// The unit's photos of its rectification, as uploaded.
    pub rectification_photos: Vec<PhotoId>,
    /// The display name of whoever last judged the rectification.
    pub verifier_name: Option<String>,
}

pub fn of(
    conn: &mut DbConnection,
    findings: &[Finding],
) -> Result<HashMap<FindingId, FindingContext>, DbError> {
    if findings.is_empty() {
        return Ok(HashMap::new());
    }
    let report_ids: Vec<String> = findings.iter().map(|f| f.report_id.to_string()).collect();
    let visited: HashMap<ReportId, (ChecklistId, String, String)> = reports::table
        .filter(reports::id.eq_any(&report_ids))
        .select((
            reports::id,
            reports::checklist_id,
            reports::unit_type,
            reports::district,
        ))
        .load::<(Text<ReportId>, Text<ChecklistId>, String, String)>(conn)?
        .into_iter()
        .map(|(r, c, t, d)| (r.0, (c.0, t, d)))
        .collect();
    let mut wanted = Wanted::default();
    for f in findings {
        if let Some((_, unit_type, district)) = visited.get(&f.report_id) {
            wanted.place(f.unit_id, unit_type, district);
        }
        if let Some(verifier) = f.verified_by {
            wanted.person(verifier);
        }
    }
    let names = wanted.load(conn)?;
    let mut said: HashMap<(ReportId, String), (Option<String>, CitationColumns)> = HashMap::new();
    for (report, item, note, citation) in report_ratings::table
        .filter(report_ratings::report_id.eq_any(&report_ids))
        .filter(
            report_ratings::note
                .is_not_null()
                .or(report_ratings::citation_recording_id.is_not_null()),
        )
        .select((
            report_ratings::report_id,
            report_ratings::item_code,
            report_ratings::note,
            (
                report_ratings::citation_recording_id,
                report_ratings::citation_start_s,
                report_ratings::citation_end_s,
            ),
        ))
        .load::<(Text<ReportId>, String, Option<String>, CitationColumns)>(conn)?
    {
        said.insert((report.0, item), (note, citation));
    }
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
    let finding_ids: Vec<String> = findings.iter().map(|f| f.id.to_string()).collect();
    let mut rectification: HashMap<FindingId, Vec<PhotoId>> = HashMap::new();
    for (photo, finding) in rectification_photos::table
        .filter(rectification_photos::finding_id.eq_any(&finding_ids))
        .order((
            rectification_photos::created_at.asc(),
            rectification_photos::id.asc(),
        ))
        .select((rectification_photos::id, rectification_photos::finding_id))
        .load::<(Text<PhotoId>, Text<FindingId>)>(conn)?
    {
        rectification.entry(finding.0).or_default().push(photo.0);
    }
    findings
        .iter()
        .map(|f| {
            let key = (f.report_id, f.item_code.as_str().to_owned());
            let (checklist_id, unit_type, district) = visited
                .get(&f.report_id)
                .ok_or_else(|| DbError::corrupt("a finding's report is missing"))?;
            let (note, citation) = match said.remove(&key) {
                None => (None, None),
                Some((note, columns)) => (note, citation_of(columns)?),
            };
            Ok((
                f.id,
                FindingContext {
                    checklist_id: *checklist_id,
                    place: names.place(f.unit_id, unit_type, district),
                    note,
                    citation,
                    evidence: evidence.remove(&key).unwrap_or_default(),
                    rectification_photos: rectification.remove(&f.id).unwrap_or_default(),
                    verifier_name: f.verified_by.map(|u| names.person(u)),
                },
            ))
        })
        .collect()
}
