//! Recordings of reports and of findings' rectifications (`recordings`).

use anfang_domain::catalog::GeoPoint;
use anfang_domain::ids::{BlobId, FindingId, RecordingId, ReportId, UserId};
use anfang_domain::report::{Media, Recording, RecordingFormat};
use chrono::NaiveDateTime;
use diesel::dsl::{AsSelect, SqlTypeOf};
use diesel::prelude::*;

use super::column::MultiBackend;
use super::schema::recordings;
use super::{DbConnection, DbError, Text, WriteError, from_db_time, to_db_time};

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = recordings)]
struct Row {
    id: Text<RecordingId>,
    report_id: Text<ReportId>,
    blob: Text<BlobId>,
    media: String,
    format: String,
    byte_size: i64,
    sha256: String,
    duration_ms: Option<i64>,
    recorded_at: Option<NaiveDateTime>,
    latitude: Option<f64>,
    longitude: Option<f64>,
    uploaded_by: Text<UserId>,
    created_at: NaiveDateTime,
    finding_id: Option<Text<FindingId>>,
}

fn to_domain(row: Row) -> Result<Recording, DbError> {
    Ok(Recording {
        id: row.id.0,
        report_id: row.report_id.0,
        finding_id: row.finding_id.map(Text::into_inner),
        blob: row.blob.0,
        media: match row.media.as_str() {
            "audio" => Media::Audio,
            "video" => Media::Video,
            other => return Err(DbError::corrupt(format!("media {other}"))),
        },
        format: RecordingFormat::parse(&row.format)
            .ok_or_else(|| DbError::corrupt(format!("recording format {}", row.format)))?,
        byte_size: u64::try_from(row.byte_size).map_err(DbError::corrupt)?,
        sha256: row.sha256,
        duration_ms: row
            .duration_ms
            .map(u64::try_from)
            .transpose()
            .map_err(DbError::corrupt)?,
        recorded_at: row.recorded_at.map(from_db_time),
        location: match (row.latitude, row.longitude) {
            (Some(lat), Some(lon)) => Some(GeoPoint::new(lat, lon).map_err(DbError::corrupt)?),
            _ => None,
        },
        uploaded_by: row.uploaded_by.0,
        created_at: from_db_time(row.created_at),
    })
}

pub fn insert(conn: &mut DbConnection, r: &Recording) -> Result<(), WriteError> {
    diesel::insert_into(recordings::table)
        .values(Row {
            id: Text(r.id),
            report_id: Text(r.report_id),
            blob: Text(r.blob),
            media: r.media.as_str().to_owned(),
            format: r.format.as_str().to_owned(),
            byte_size: i64::try_from(r.byte_size).unwrap_or(i64::MAX),
            sha256: r.sha256.clone(),
            duration_ms: r.duration_ms.map(|d| i64::try_from(d).unwrap_or(i64::MAX)),
            recorded_at: r.recorded_at.map(to_db_time),
            latitude: r.location.map(|l| l.latitude()),
            longitude: r.location.map(|l| l.longitude()),
            uploaded_by: Text(r.uploaded_by),
            created_at: to_db_time(r.created_at),
            finding_id: r.finding_id.map(Text),
        })
        .execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut DbConnection, id: RecordingId) -> Result<Option<Recording>, DbError> {
    recordings::table
        .find(Text(id))
        .select(Row::as_select())
        .first(conn)
        .optional()?
        .map(to_domain)
        .transpose()
}

/// A report's own recordings (not those of its findings' rectifications).
pub fn for_report(conn: &mut DbConnection, report: ReportId) -> Result<Vec<Recording>, DbError> {
    let query = recordings::table
        .select(Row::as_select())
        .into_boxed()
        .filter(recordings::report_id.eq(Text(report)))
        .filter(recordings::finding_id.is_null());
    in_order(conn, query)
}

/// The recordings a unit sent with a finding's rectification.
pub fn for_finding(conn: &mut DbConnection, finding: FindingId) -> Result<Vec<Recording>, DbError> {
    let query = recordings::table
        .select(Row::as_select())
        .into_boxed()
        .filter(recordings::finding_id.eq(Text(finding)));
    in_order(conn, query)
}

/// The recordings `query` selects, oldest first.
fn in_order<'a>(
    conn: &mut DbConnection,
    query: recordings::BoxedQuery<'a, MultiBackend, SqlTypeOf<AsSelect<Row, MultiBackend>>>,
) -> Result<Vec<Recording>, DbError> {
    query
        .order((recordings::created_at.asc(), recordings::id.asc()))
        .load(conn)?
        .into_iter()
        .map(to_domain)
        .collect()
}

/// Does a recording keep its file under `blob`? (for the sweep of unreferenced objects)
pub fn blob_in_use(conn: &mut DbConnection, blob: BlobId) -> Result<bool, DbError> {
    Ok(diesel::select(diesel::dsl::exists(
        recordings::table.filter(recordings::blob.eq(Text(blob))),
    ))
    .get_result(conn)?)
}
