//! The rectification ledger's query: findings narrowed by a [`LedgerFilter`] within what the
//! viewer may know, in the order asked for, a page at a time, with the number that match.

use anfang_domain::day_range::Instants;
use anfang_domain::finding::{
    AppealState, Awaiting, Finding, FindingScope, FindingStatus, LedgerFilter, LedgerSort,
};
use chrono::{DateTime, Utc};
use diesel::prelude::*;

use super::column::MultiBackend;
use super::findings::{Row, to_domain};
use super::page::{Keyset, Page, PageRequest};
use super::schema::{assignments, findings, reports, units};
use super::{DbConnection, DbError, to_db_time};

/// One ledger question: the viewer's scope, the filter, its ranges resolved to instants.
pub struct LedgerQuery<'a> {
    pub scope: FindingScope,
    pub filter: &'a LedgerFilter,
    pub deadline: Instants,
    pub visited: Instants,
    pub sort: LedgerSort,
}

/// A ledger page and how many findings match in all.
pub struct LedgerPage {
    pub page: Page<Finding>,
    pub total: u64,
}

/// The statuses in which a finding waits for its unit, as the domain names them.
fn awaiting_unit() -> Vec<&'static str> {
    FindingStatus::ALL
        .into_iter()
        .filter(|s| s.awaits_unit())
        .map(FindingStatus::as_str)
        .collect()
}

type Boxed<'a> = findings::BoxedQuery<'a, MultiBackend>;

/// The findings that match, before ordering; `None` when the scope admits nothing.
fn matching<'a>(q: &LedgerQuery<'_>) -> Option<Boxed<'a>> {
    let mut query: Boxed<'a> = findings::table.into_boxed();
    match q.scope {
        FindingScope::All => {}
        FindingScope::PublishedOf(unit) => {
            query = query
                .filter(findings::unit_id.eq(unit.to_string()))
                .filter(findings::published_at.is_not_null());
        }
        FindingScope::Nothing => return None,
    }
    let f = q.filter;
    if let Some(unit) = f.unit {
        query = query.filter(findings::unit_id.eq(unit.to_string()));
    }
    if let Some(t) = &f.unit_type {
        let of_type = units::table
            .filter(units::type_code.eq(t.as_str().to_owned()))
            .select(units::id);
        query = query.filter(findings::unit_id.eq_any(of_type));
    }
    if let Some(d) = &f.district {
        let in_district = units::table
            .filter(units::district.eq(d.as_str().to_owned()))
            .select(units::id);
        query = query.filter(findings::unit_id.eq_any(in_district));
    }
    if let Some(campaign) = f.campaign {
        let visits = assignments::table
            .filter(assignments::campaign_id.eq(campaign.to_string()))
            .select(assignments::id.nullable());
        let of_campaign = reports::table
            .filter(reports::assignment_id.eq_any(visits))
            .select(reports::id);
        query = query.filter(findings::report_id.eq_any(of_campaign));
    }
    if let Some(report) = f.report {
        query = query.filter(findings::report_id.eq(report.to_string()));
    }
    if let Some(status) = f.status {
        query = query.filter(findings::status.eq(status.as_str()));
    }
    if let Some(severity) = f.severity {
        query = query.filter(findings::severity.eq(severity.as_str()));
    }
    if let Some(critical) = f.critical {
        query = query.filter(findings::critical.eq(critical));
    }
    if let Some(repeat) = f.repeat {
        query = query.filter(findings::is_repeat.eq(repeat));
    }
    match f.published {
        Some(true) => query = query.filter(findings::published_at.is_not_null()),
        Some(false) => query = query.filter(findings::published_at.is_null()),
        None => {}
    }
    query = match f.appeal {
        None => query,
        Some(AppealState::Pending) => query
            .filter(findings::appealed_at.is_not_null())
            .filter(findings::appeal_decision.is_null()),
        Some(AppealState::Upheld) => query.filter(findings::appeal_decision.eq("uphold")),
        Some(AppealState::Overturned) => query.filter(findings::appeal_decision.eq("overturn")),
    };
    query = match f.awaiting {
        None => query,
        // A finding under appeal waits for the decision, not for the unit.
        Some(Awaiting::Unit) => query
            .filter(findings::published_at.is_not_null())
            .filter(findings::status.eq_any(awaiting_unit()))
            .filter(
                findings::appealed_at
                    .is_null()
                    .or(findings::appeal_decision.is_not_null()),
            ),
        Some(Awaiting::Verification) => query.filter(findings::status.eq("rectified")),
        Some(Awaiting::AppealDecision) => query
            .filter(findings::appealed_at.is_not_null())
            .filter(findings::appeal_decision.is_null()),
        Some(Awaiting::FollowUp) => {
            let pending = assignments::table
                .filter(assignments::status.ne("reported"))
                .select(assignments::follow_up_of);
            query.filter(findings::id.nullable().eq_any(pending))
        }
    };
    let (deadline, visited) = (q.deadline, q.visited);
    if let Some(start) = deadline.start {
        query = query.filter(findings::deadline.ge(to_db_time(start)));
    }
    if let Some(end) = deadline.end {
        query = query.filter(findings::deadline.lt(to_db_time(end)));
    }
    if let Some(start) = visited.start {
        query = query.filter(findings::visit_at.ge(to_db_time(start)));
    }
    if let Some(end) = visited.end {
        query = query.filter(findings::visit_at.lt(to_db_time(end)));
    }
    Some(query)
}

/// The time a sort orders by, for a row and for the cursor.
fn sort_time(sort: LedgerSort, f: &Finding) -> DateTime<Utc> {
    match sort {
        LedgerSort::Created => f.created_at,
        LedgerSort::Deadline => f.deadline,
        LedgerSort::Visit => f.visit_at,
    }
}

/// A page and the total that match.
pub fn list(
    conn: &mut DbConnection,
    q: &LedgerQuery<'_>,
    page: &PageRequest,
) -> Result<LedgerPage, DbError> {
    let total: i64 = match matching(q) {
        Some(counted) => counted.count().get_result(conn)?,
        None => 0,
    };
    Ok(LedgerPage {
        page: self::page(conn, q, page)?,
        total: u64::try_from(total).unwrap_or_default(),
    })
}

/// A page of the findings that match, in the query's order.
pub fn page(
    conn: &mut DbConnection,
    q: &LedgerQuery<'_>,
    page: &PageRequest,
) -> Result<Page<Finding>, DbError> {
    let Some(rows) = matching(q) else {
        return Ok(Page {
            items: Vec::new(),
            next: None,
        });
    };
    let rows = rows.select(Row::as_select());
    let rows: Vec<Row> = match q.sort {
        LedgerSort::Created => {
            crate::after_keyset!(rows, findings::created_at, findings::id, &page.after)
                .order((findings::created_at.asc(), findings::id.asc()))
                .limit(i64::from(page.limit) + 1)
                .load(conn)?
        }
        LedgerSort::Deadline => {
            crate::after_keyset!(rows, findings::deadline, findings::id, &page.after)
                .order((findings::deadline.asc(), findings::id.asc()))
                .limit(i64::from(page.limit) + 1)
                .load(conn)?
        }
        LedgerSort::Visit => {
            crate::after_keyset!(rows, findings::visit_at, findings::id, &page.after)
                .order((findings::visit_at.asc(), findings::id.asc()))
                .limit(i64::from(page.limit) + 1)
                .load(conn)?
        }
    };
    let items = rows
        .into_iter()
        .map(to_domain)
        .collect::<Result<Vec<_>, _>>()?;
    let sort = q.sort;
    Ok(Page::from_rows(items, page.limit, |f| Keyset {
        at: sort_time(sort, f),
        id: f.id.to_string(),
    }))
}

/// How many findings that match stand in each status, per unit: `(unit id, status) → count`.
/// Counted as the rows go by: diesel cannot group a boxed query on the two-backend connection,
/// and the filters need boxing.
pub fn counts_by_unit(
    conn: &mut DbConnection,
    q: &LedgerQuery<'_>,
) -> Result<std::collections::BTreeMap<(String, String), u64>, DbError> {
    let mut counts = std::collections::BTreeMap::new();
    let Some(query) = matching(q) else {
        return Ok(counts);
    };
    for row in query
        .select((findings::unit_id, findings::status))
        .load_iter::<(String, String), diesel::connection::DefaultLoadingMode>(conn)?
    {
        *counts.entry(row?).or_insert(0) += 1;
    }
    Ok(counts)
}
