//! Monthly notices: the snapshot, and the findings it covers as they stood when generated.

use anfang_domain::ids::{NoticeId, UserId};
use anfang_domain::notice::{
    DocumentNumber, Issue, Letterhead, Notice, NoticeContent, NoticePeriod, NoticeStatus, Stamp,
    name_or_code,
};
use chrono::{NaiveDateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::Timestamp;
use serde::{Deserialize, Serialize};

use super::aggregates::TimeRange;
use super::page::{Keyset, Page, PageRequest};
use super::schema::{notice_findings, notices};
use super::{DbConnection, DbError, Text, from_db_time, to_db_time};

#[derive(Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = notices, treat_none_as_null = true)]
struct Row {
    id: Text<NoticeId>,
    period: String,
    status: String,
    content: String,
    generated_at: NaiveDateTime,
    generated_by: Option<Text<UserId>>,
    published_at: Option<NaiveDateTime>,
    published_by: Option<Text<UserId>>,
    submitted_at: Option<NaiveDateTime>,
    submitted_by: Option<Text<UserId>>,
    signed_at: Option<NaiveDateTime>,
    signed_by: Option<Text<UserId>>,
    document_year: Option<i32>,
    document_seq: Option<i32>,
    issue: Option<String>,
}

/// `notices.issue`: what the notice was published as.
#[derive(Serialize, Deserialize)]
struct IssueColumn {
    number: DocumentNumber,
    letterhead: Letterhead,
}

fn stamp_columns(s: Option<Stamp>) -> (Option<NaiveDateTime>, Option<Text<UserId>>) {
    (s.map(|s| to_db_time(s.at)), s.map(|s| Text(s.by)))
}

fn stamp_of(at: Option<NaiveDateTime>, by: Option<Text<UserId>>) -> Option<Stamp> {
    Some(Stamp {
        at: from_db_time(at?),
        by: by?.into_inner(),
    })
}

fn to_row(n: &Notice) -> Result<Row, DbError> {
    let (submitted_at, submitted_by) = stamp_columns(n.submitted);
    let (signed_at, signed_by) = stamp_columns(n.signed);
    let issue = n
        .issue
        .as_ref()
        .map(|i| {
            serde_json::to_string(&IssueColumn {
                number: i.number.clone(),
                letterhead: i.letterhead.clone(),
            })
        })
        .transpose()
        .map_err(DbError::corrupt)?;
    let number = n.issue.as_ref().map(|i| &i.number);
    Ok(Row {
        id: Text(n.id),
        period: n.period.to_string(),
        status: n.status.as_str().to_owned(),
        content: serde_json::to_string(&n.content).map_err(DbError::corrupt)?,
        generated_at: to_db_time(n.generated_at),
        generated_by: n.generated_by.map(Text),
        published_at: n.published_at.map(to_db_time),
        published_by: n.published_by.map(Text),
        submitted_at,
        submitted_by,
        signed_at,
        signed_by,
        document_year: number.map(|n| n.year),
        document_seq: number
            .map(|n| i32::try_from(n.sequence).map_err(DbError::corrupt))
            .transpose()?,
        issue,
    })
}

fn to_domain(row: Row) -> Result<Notice, DbError> {
    let content: NoticeContent = serde_json::from_str(&row.content).map_err(DbError::corrupt)?;
    let issue = row
        .issue
        .map(|raw| serde_json::from_str::<IssueColumn>(&raw))
        .transpose()
        .map_err(DbError::corrupt)?
        .map(|i| Issue {
            number: i.number,
            letterhead: i.letterhead,
        });
    Ok(Notice {
        id: row.id.0,
        period: NoticePeriod::parse(&row.period).map_err(DbError::corrupt)?,
        status: NoticeStatus::parse(&row.status)
            .ok_or_else(|| DbError::corrupt("notice status"))?,
        content,
        generated_at: from_db_time(row.generated_at),
        generated_by: row.generated_by.map(Text::into_inner),
        submitted: stamp_of(row.submitted_at, row.submitted_by),
        signed: stamp_of(row.signed_at, row.signed_by),
        published_at: row.published_at.map(from_db_time),
        published_by: row.published_by.map(Text::into_inner),
        issue,
    })
}

/// The highest document number given in `year`, if any.
pub fn last_number(conn: &mut DbConnection, year: i32) -> Result<Option<u32>, DbError> {
    let last: Option<i32> = notices::table
        .filter(notices::document_year.eq(year))
        .select(diesel::dsl::max(notices::document_seq))
        .first(conn)?;
    last.map(|n| u32::try_from(n).map_err(DbError::corrupt))
        .transpose()
}

/// Inserts a new notice; `false` when the period already has one (another replica won).
pub fn insert(conn: &mut DbConnection, notice: &Notice) -> Result<bool, DbError> {
    let row = to_row(notice)?;
    // ON CONFLICT is written per backend: diesel's multi-backend builder does not carry it.
    let inserted = match conn {
        DbConnection::Pg(c) => diesel::insert_into(notices::table)
            .values(&row)
            .on_conflict_do_nothing()
            .execute(c),
        DbConnection::Sqlite(c) => diesel::insert_into(notices::table)
            .values(&row)
            .on_conflict_do_nothing()
            .execute(c),
    }?;
    Ok(inserted == 1)
}

pub fn update(conn: &mut DbConnection, notice: &Notice) -> Result<(), DbError> {
    diesel::update(notices::table.find(notice.id.to_string()))
        .set(to_row(notice)?)
        .execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut DbConnection, id: NoticeId) -> Result<Option<Notice>, DbError> {
    notices::table
        .find(id.to_string())
        .select(Row::as_select())
        .first(conn)
        .optional()?
        .map(to_domain)
        .transpose()
}

pub fn find_by_period(
    conn: &mut DbConnection,
    period: NoticePeriod,
) -> Result<Option<Notice>, DbError> {
    notices::table
        .filter(notices::period.eq(period.to_string()))
        .select(Row::as_select())
        .first(conn)
        .optional()?
        .map(to_domain)
        .transpose()
}

/// Notices in period order, of the statuses a reader may see.
pub fn list(
    conn: &mut DbConnection,
    statuses: &[NoticeStatus],
    page: &PageRequest,
) -> Result<Page<Notice>, DbError> {
    let mut query = notices::table
        .select(Row::as_select())
        .filter(notices::status.eq_any(statuses.iter().map(|s| s.as_str())))
        .into_boxed();
    if let Some(after) = &page.after {
        query =
            query.filter(notices::period.gt(NoticePeriod::containing(after.at, &Utc).to_string()));
    }
    let rows = query
        .order(notices::period.asc())
        .limit(i64::from(page.limit) + 1)
        .load(conn)?
        .into_iter()
        .map(to_domain)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Page::from_rows(rows, page.limit, |n| Keyset {
        // The cursor carries the month (its first day); periods are unique.
        at: n
            .period
            .first_day()
            .and_time(chrono::NaiveTime::MIN)
            .and_utc(),
        id: n.id.to_string(),
    }))
}

/// Records the period's standing findings, as they are now, as the notice's.
pub fn cover_findings(
    conn: &mut DbConnection,
    notice: NoticeId,
    range: TimeRange,
) -> Result<usize, DbError> {
    diesel::delete(
        notice_findings::table.filter(notice_findings::notice_id.eq(notice.to_string())),
    )
    .execute(conn)?;
    Ok(diesel::sql_query(
        "INSERT INTO notice_findings (notice_id, finding_id, report_id, unit_id, unit_code,
            unit_name, unit_type, district, item_code, severity, critical, is_repeat, status,
            deadline, visit_at, unit_type_name, district_name)
         SELECT $1, f.id, f.report_id, f.unit_id, u.code, u.name, r.unit_type, r.district,
            f.item_code, f.severity, f.critical, f.is_repeat, f.status, f.deadline, f.visit_at,
            COALESCE(t.name, r.unit_type), COALESCE(d.name, r.district)
         FROM findings f
         JOIN reports r ON r.id = f.report_id
         JOIN units u ON u.id = f.unit_id
         LEFT JOIN unit_types t ON t.code = r.unit_type
         LEFT JOIN districts d ON d.code = r.district
         WHERE f.status <> 'overturned' AND f.visit_at >= $2 AND f.visit_at < $3",
    )
    .bind::<diesel::sql_types::Text, _>(notice.to_string())
    .bind::<Timestamp, _>(to_db_time(range.start))
    .bind::<Timestamp, _>(to_db_time(range.end))
    .execute(conn)?)
}

/// A finding as the notice recorded it.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = notice_findings)]
pub struct CoveredFinding {
    pub finding_id: String,
    pub report_id: String,
    pub unit_code: String,
    pub unit_name: String,
    pub unit_type: String,
    pub district: String,
    pub item_code: String,
    pub severity: String,
    pub critical: bool,
    pub is_repeat: bool,
    pub status: String,
    pub deadline: NaiveDateTime,
    pub visit_at: NaiveDateTime,
    /// Names as they stood at generation; '' in rows recorded before names were.
    pub unit_type_name: String,
    pub district_name: String,
}

impl CoveredFinding {
    /// The unit type as a person reads it (its code in an older row).
    pub fn unit_type_label(&self) -> &str {
        name_or_code(&self.unit_type_name, &self.unit_type)
    }

    /// The district as a person reads it (its code in an older row).
    pub fn district_label(&self) -> &str {
        name_or_code(&self.district_name, &self.district)
    }
}

/// The notice's findings by unit and item.
pub fn covered_findings(
    conn: &mut DbConnection,
    notice: NoticeId,
) -> Result<Vec<CoveredFinding>, DbError> {
    Ok(notice_findings::table
        .filter(notice_findings::notice_id.eq(notice.to_string()))
        .select(CoveredFinding::as_select())
        .order((
            notice_findings::unit_code.asc(),
            notice_findings::item_code.asc(),
            notice_findings::finding_id.asc(),
        ))
        .load(conn)?)
}
