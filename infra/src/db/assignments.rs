use anfang_domain::campaign::{Assignment, AssignmentStatus};
use anfang_domain::ids::{AssignmentId, CampaignId, FindingId, UnitId, UserId};
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::page::{Keyset, Page, PageRequest};
use super::schema::{assignment_members, assignments, reports};
use super::{DbConnection, DbError, Text, WriteError, from_db_time, to_db_time};

#[derive(Queryable, Selectable)]
#[diesel(table_name = assignments)]
struct Row {
    id: Text<AssignmentId>,
    campaign_id: Text<CampaignId>,
    unit_id: Text<UnitId>,
    scenario: i32,
    status: Text<AssignmentStatus>,
    created_at: NaiveDateTime,
    follow_up_of: Option<Text<FindingId>>,
}

fn with_members(conn: &mut DbConnection, rows: Vec<Row>) -> Result<Vec<Assignment>, DbError> {
    let ids: Vec<Text<AssignmentId>> = rows.iter().map(|r| r.id).collect();
    let members: Vec<(Text<AssignmentId>, Text<UserId>)> = assignment_members::table
        .filter(assignment_members::assignment_id.eq_any(&ids))
        .order((
            assignment_members::assignment_id.asc(),
            assignment_members::inspector_id.asc(),
        ))
        .select((
            assignment_members::assignment_id,
            assignment_members::inspector_id,
        ))
        .load(conn)?;
    rows.into_iter()
        .map(|row| {
            let inspectors = members
                .iter()
                .filter(|(a, _)| *a == row.id)
                .map(|(_, inspector)| inspector.0)
                .collect();
            Ok(Assignment {
                id: row.id.0,
                campaign_id: row.campaign_id.0,
                unit_id: row.unit_id.0,
                scenario: usize::try_from(row.scenario).map_err(DbError::corrupt)?,
                status: row.status.0,
                inspectors,
                created_at: from_db_time(row.created_at),
                follow_up_of: row.follow_up_of.map(Text::into_inner),
            })
        })
        .collect()
}

/// Replaces a campaign's drawn visits with `visits` (follow-up visits stay).
pub fn replace_for_campaign(
    conn: &mut DbConnection,
    campaign: CampaignId,
    visits: &[Assignment],
) -> Result<(), WriteError> {
    let drawn = || {
        assignments::table
            .filter(assignments::campaign_id.eq(campaign.to_string()))
            .filter(assignments::follow_up_of.is_null())
    };
    diesel::delete(
        assignment_members::table
            .filter(assignment_members::assignment_id.eq_any(drawn().select(assignments::id))),
    )
    .execute(conn)?;
    diesel::delete(drawn()).execute(conn)?;
    for visit in visits {
        insert(conn, visit)?;
    }
    Ok(())
}

/// Adds one visit and its team.
pub fn insert(conn: &mut DbConnection, visit: &Assignment) -> Result<(), DbError> {
    diesel::insert_into(assignments::table)
        .values((
            assignments::id.eq(visit.id.to_string()),
            assignments::campaign_id.eq(visit.campaign_id.to_string()),
            assignments::unit_id.eq(visit.unit_id.to_string()),
            assignments::scenario.eq(i32::try_from(visit.scenario).unwrap_or(0)),
            assignments::status.eq(visit.status.as_str()),
            assignments::created_at.eq(to_db_time(visit.created_at)),
            assignments::follow_up_of.eq(visit.follow_up_of.map(|f| f.to_string())),
        ))
        .execute(conn)?;
    for inspector in &visit.inspectors {
        diesel::insert_into(assignment_members::table)
            .values((
                assignment_members::assignment_id.eq(visit.id.to_string()),
                assignment_members::inspector_id.eq(inspector.to_string()),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The follow-up visits required for a finding.
pub fn follow_ups_of(
    conn: &mut DbConnection,
    finding: FindingId,
) -> Result<Vec<Assignment>, DbError> {
    let rows = assignments::table
        .filter(assignments::follow_up_of.eq(finding.to_string()))
        .order((assignments::created_at.asc(), assignments::id.asc()))
        .select(Row::as_select())
        .load(conn)?;
    with_members(conn, rows)
}

/// How many of a campaign's drawn visits already have a report.
pub fn reported_count(conn: &mut DbConnection, campaign: CampaignId) -> Result<i64, DbError> {
    let ids = assignments::table
        .filter(assignments::campaign_id.eq(campaign.to_string()))
        .filter(assignments::follow_up_of.is_null())
        .select(assignments::id.nullable());
    Ok(reports::table
        .filter(reports::assignment_id.eq_any(ids))
        .count()
        .get_result(conn)?)
}

pub fn find(conn: &mut DbConnection, id: AssignmentId) -> Result<Option<Assignment>, DbError> {
    let rows = assignments::table
        .find(id.to_string())
        .select(Row::as_select())
        .load(conn)?;
    Ok(with_members(conn, rows)?.into_iter().next())
}

/// The campaign's drawn visits (its draw record; follow-up visits are not part of it).
pub fn for_campaign(
    conn: &mut DbConnection,
    campaign: CampaignId,
) -> Result<Vec<Assignment>, DbError> {
    let rows = assignments::table
        .filter(assignments::campaign_id.eq(campaign.to_string()))
        .filter(assignments::follow_up_of.is_null())
        .order((assignments::unit_id.asc(), assignments::id.asc()))
        .select(Row::as_select())
        .load(conn)?;
    with_members(conn, rows)
}

#[derive(Debug, Clone, Default)]
pub struct AssignmentFilter {
    /// Only visits this inspector is on.
    pub inspector: Option<UserId>,
    pub campaign: Option<CampaignId>,
    /// Leave out visits of campaigns still in draft (inspectors see theirs once under way).
    pub hide_draft_campaigns: bool,
    pub status: Option<AssignmentStatus>,
    /// Only visits that may be made on this day: their campaign's period holds it.
    pub on: Option<chrono::NaiveDate>,
}

pub fn list(
    conn: &mut DbConnection,
    filter: &AssignmentFilter,
    page: &PageRequest,
) -> Result<Page<Assignment>, DbError> {
    let mut query = assignments::table.select(Row::as_select()).into_boxed();
    if let Some(inspector) = filter.inspector {
        let mine = assignment_members::table
            .filter(assignment_members::inspector_id.eq(inspector.to_string()))
            .select(assignment_members::assignment_id);
        query = query.filter(assignments::id.eq_any(mine));
    }
    if let Some(campaign) = filter.campaign {
        query = query.filter(assignments::campaign_id.eq(campaign.to_string()));
    }
    if let Some(status) = filter.status {
        query = query.filter(assignments::status.eq(status.as_str()));
    }
    if let Some(day) = filter.on {
        use super::schema::campaigns;
        let open_that_day = campaigns::table
            .filter(campaigns::starts_on.le(day))
            .filter(campaigns::ends_on.ge(day))
            .select(campaigns::id);
        query = query.filter(assignments::campaign_id.eq_any(open_that_day));
    }
    if filter.hide_draft_campaigns {
        let under_way = super::schema::campaigns::table
            .filter(super::schema::campaigns::status.ne("draft"))
            .select(super::schema::campaigns::id);
        query = query.filter(assignments::campaign_id.eq_any(under_way));
    }
    query = crate::after_keyset!(query, assignments::created_at, assignments::id, &page.after);
    let rows = query
        .order((assignments::created_at.asc(), assignments::id.asc()))
        .limit(i64::from(page.limit) + 1)
        .load(conn)?;
    let items = with_members(conn, rows)?;
    Ok(Page::from_rows(items, page.limit, |a| Keyset {
        at: a.created_at,
        id: a.id.to_string(),
    }))
}

pub fn set_status(
    conn: &mut DbConnection,
    id: AssignmentId,
    status: AssignmentStatus,
) -> Result<(), DbError> {
    diesel::update(assignments::table.find(id.to_string()))
        .set(assignments::status.eq(status.as_str()))
        .execute(conn)?;
    Ok(())
}

/// For each inspector named, how many visits of active campaigns they are on that are not yet
/// reported.
pub fn open_visits_of(
    conn: &mut DbConnection,
    inspectors: &[UserId],
) -> Result<std::collections::HashMap<UserId, u64>, DbError> {
    use super::schema::{assignment_members, campaigns};
    let ids: Vec<String> = inspectors.iter().map(|i| i.to_string()).collect();
    let rows: Vec<Text<UserId>> = assignment_members::table
        .inner_join(assignments::table.inner_join(campaigns::table))
        .filter(assignment_members::inspector_id.eq_any(&ids))
        .filter(assignments::status.ne("reported"))
        .filter(campaigns::status.eq("active"))
        .select(assignment_members::inspector_id)
        .load(conn)?;
    let mut counts = std::collections::HashMap::new();
    for id in rows {
        *counts.entry(id.0).or_insert(0) += 1;
    }
    Ok(counts)
}
