use std::collections::BTreeSet;

use anfang_domain::campaign::{
    Campaign, CampaignName, CampaignPlan, CampaignScenario, CampaignScope, CampaignStatus,
    DrawRecord, ScenarioDocument, ScenarioMatter,
};
use anfang_domain::catalog::{DistrictCode, UnitTypeCode};
use anfang_domain::ids::{CampaignId, ChecklistId, UnitId, UserId};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use super::page::{Keyset, Page, PageRequest};
use super::schema::{assignments, campaigns};
use super::{DbConnection, DbError, Text, from_db_time, to_db_time};

#[derive(Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = campaigns, treat_none_as_null = true)]
struct Row {
    id: Text<CampaignId>,
    name: String,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    unit_types: String,
    districts: String,
    checklist_id: Text<ChecklistId>,
    scenarios: String,
    exclude_previously_drawn: bool,
    status: Text<CampaignStatus>,
    draw_seed: Option<i64>,
    draw_units_per_type: Option<i32>,
    draw_team_size: Option<i32>,
    drawn_at: Option<NaiveDateTime>,
    drawn_by: Option<Text<UserId>>,
    created_by: Text<UserId>,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

#[derive(Serialize, Deserialize)]
struct StoredScenario {
    matter: String,
    documents: Vec<String>,
}

fn codes<T>(json: &str, parse: impl Fn(&str) -> Result<T, DbError>) -> Result<Vec<T>, DbError> {
    let raw: Vec<String> = serde_json::from_str(json).map_err(DbError::corrupt)?;
    raw.iter().map(|c| parse(c)).collect()
}

fn to_row(c: &Campaign) -> Row {
    let plan = &c.plan;
    let list = |v: Vec<&str>| serde_json::Value::from(v).to_string();
    let scenarios: Vec<StoredScenario> = plan
        .scenarios
        .iter()
        .map(|s| StoredScenario {
            matter: s.matter.as_str().to_owned(),
            documents: s.documents.iter().map(|d| d.as_str().to_owned()).collect(),
        })
        .collect();
    Row {
        id: Text(c.id),
        name: plan.name.as_str().to_owned(),
        starts_on: plan.starts_on,
        ends_on: plan.ends_on,
        unit_types: list(plan.unit_types.iter().map(|t| t.as_str()).collect()),
        districts: list(plan.districts.iter().map(|d| d.as_str()).collect()),
        checklist_id: Text(plan.checklist_id),
        scenarios: serde_json::to_string(&scenarios).unwrap_or_else(|_| "[]".into()),
        exclude_previously_drawn: plan.exclude_previously_drawn,
        status: Text(c.status),
        draw_seed: c
            .draw
            .as_ref()
            .map(|d| i64::try_from(d.seed).unwrap_or(i64::MAX)),
        draw_units_per_type: c
            .draw
            .as_ref()
            .map(|d| i32::try_from(d.units_per_type).unwrap_or(i32::MAX)),
        draw_team_size: c
            .draw
            .as_ref()
            .map(|d| i32::try_from(d.team_size).unwrap_or(i32::MAX)),
        drawn_at: c.draw.as_ref().map(|d| to_db_time(d.drawn_at)),
        drawn_by: c.draw.as_ref().map(|d| Text(d.drawn_by)),
        created_by: Text(c.created_by),
        created_at: to_db_time(c.created_at),
        updated_at: to_db_time(c.updated_at),
    }
}

fn to_domain(row: Row) -> Result<Campaign, DbError> {
    let scenarios: Vec<StoredScenario> =
        serde_json::from_str(&row.scenarios).map_err(DbError::corrupt)?;
    let scenarios = scenarios
        .into_iter()
        .map(|s| {
            Ok(CampaignScenario {
                matter: ScenarioMatter::parse(&s.matter).map_err(DbError::corrupt)?,
                documents: s
                    .documents
                    .iter()
                    .map(|d| ScenarioDocument::parse(d).map_err(DbError::corrupt))
                    .collect::<Result<_, _>>()?,
            })
        })
        .collect::<Result<Vec<_>, DbError>>()?;
    let draw = match (
        row.draw_seed,
        row.draw_units_per_type,
        row.draw_team_size,
        row.drawn_at,
        row.drawn_by,
    ) {
        (Some(seed), Some(per_type), Some(team), Some(at), Some(by)) => Some(DrawRecord {
            seed: u64::try_from(seed).map_err(DbError::corrupt)?,
            units_per_type: usize::try_from(per_type).map_err(DbError::corrupt)?,
            team_size: usize::try_from(team).map_err(DbError::corrupt)?,
            drawn_at: from_db_time(at),
            drawn_by: by.0,
        }),
        _ => None,
    };
    Ok(Campaign {
        id: row.id.0,
        plan: CampaignPlan {
            name: CampaignName::parse(&row.name).map_err(DbError::corrupt)?,
            starts_on: row.starts_on,
            ends_on: row.ends_on,
            unit_types: codes(&row.unit_types, |c| {
                UnitTypeCode::parse(c).map_err(DbError::corrupt)
            })?
            .into_iter()
            .collect::<BTreeSet<_>>(),
            districts: codes(&row.districts, |c| {
                DistrictCode::parse(c).map_err(DbError::corrupt)
            })?
            .into_iter()
            .collect(),
            checklist_id: row.checklist_id.0,
            scenarios,
            exclude_previously_drawn: row.exclude_previously_drawn,
        },
        status: row.status.0,
        draw,
        created_by: row.created_by.0,
        created_at: from_db_time(row.created_at),
        updated_at: from_db_time(row.updated_at),
    })
}

pub fn insert(conn: &mut DbConnection, campaign: &Campaign) -> Result<(), DbError> {
    diesel::insert_into(campaigns::table)
        .values(to_row(campaign))
        .execute(conn)?;
    Ok(())
}

pub fn update(conn: &mut DbConnection, campaign: &Campaign) -> Result<(), DbError> {
    diesel::update(campaigns::table.find(campaign.id.to_string()))
        .set(to_row(campaign))
        .execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut DbConnection, id: CampaignId) -> Result<Option<Campaign>, DbError> {
    campaigns::table
        .find(id.to_string())
        .select(Row::as_select())
        .first(conn)
        .optional()?
        .map(to_domain)
        .transpose()
}

/// The campaigns `scope` admits, a page at a time.
pub fn list(
    conn: &mut DbConnection,
    scope: &CampaignScope,
    page: &PageRequest,
) -> Result<Page<Campaign>, DbError> {
    let mut query = campaigns::table.select(Row::as_select()).into_boxed();
    let closed = CampaignStatus::Closed.as_str();
    match scope {
        CampaignScope::All => {}
        CampaignScope::Closed => query = query.filter(campaigns::status.eq(closed)),
        CampaignScope::ClosedDrawing(unit) => {
            let drew = assignments::table
                .filter(assignments::unit_id.eq(unit.to_string()))
                .select(assignments::campaign_id);
            query = query
                .filter(campaigns::status.eq(closed))
                .filter(campaigns::id.eq_any(drew));
        }
        CampaignScope::None => {
            return Ok(Page {
                items: Vec::new(),
                next: None,
            });
        }
    }
    query = crate::after_keyset!(query, campaigns::created_at, campaigns::id, &page.after);
    let rows = query
        .order((campaigns::created_at.asc(), campaigns::id.asc()))
        .limit(i64::from(page.limit) + 1)
        .load(conn)?
        .into_iter()
        .map(to_domain)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Page::from_rows(rows, page.limit, |c| Keyset {
        at: c.created_at,
        id: c.id.to_string(),
    }))
}

/// The units drawn in the latest other campaign that has a draw, for campaigns that exclude
/// them.
pub fn previously_drawn_units(
    conn: &mut DbConnection,
    except: CampaignId,
) -> Result<Vec<UnitId>, DbError> {
    let previous: Option<String> = campaigns::table
        .filter(campaigns::id.ne(except.to_string()))
        .filter(campaigns::drawn_at.is_not_null())
        .order(campaigns::drawn_at.desc())
        .select(campaigns::id)
        .first(conn)
        .optional()?;
    let Some(previous) = previous else {
        return Ok(Vec::new());
    };
    let units: Vec<String> = assignments::table
        .filter(assignments::campaign_id.eq(previous))
        .select(assignments::unit_id)
        .load(conn)?;
    units
        .iter()
        .map(|u| u.parse().map_err(DbError::corrupt))
        .collect()
}
