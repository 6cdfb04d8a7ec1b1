//! A report as people read it: with its unit, the unit's type and district, its inspector and
//! its reviewer by name.

use anfang_domain::report::Report;
use anfang_infra::db::DbConnection;
use anfang_infra::db::names::{Place, Wanted};

use crate::Result;

#[derive(Debug, Clone)]
pub struct ReportView {
    pub report: Report,
    /// The unit, of the type and district it had when visited.
    pub place: Place,
    pub inspector_name: String,
    pub reviewer_name: Option<String>,
}

/// `report` with its names, looked up in the caller's transaction.
pub fn view(conn: &mut DbConnection, report: Report) -> Result<ReportView> {
    let mut wanted = Wanted::default();
    wanted
        .place(
            report.content.unit_id,
            report.unit_type.as_str(),
            report.district.as_str(),
        )
        .person(report.inspector_id);
    if let Some(reviewer) = report.reviewer_id {
        wanted.person(reviewer);
    }
    let names = wanted.load(conn)?;
    Ok(ReportView {
        place: names.place(
            report.content.unit_id,
            report.unit_type.as_str(),
            report.district.as_str(),
        ),
        inspector_name: names.person(report.inspector_id),
        reviewer_name: report.reviewer_id.map(|r| names.person(r)),
        report,
    })
}
