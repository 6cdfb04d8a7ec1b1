use anfang_domain::catalog::{GeoPoint, ItemCode};
use anfang_domain::ids::{BlobId, PhotoId, ReportId};
use anfang_domain::report::{Caption, Photo};
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::photos;
use super::{DbConnection, DbError, WriteError, from_db_time, to_db_time};

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = photos)]
struct Row {
    id: String,
    report_id: String,
    item_code: Option<String>,
    caption: Option<String>,
    format: String,
    byte_size: i64,
    sha256: String,
    phash: i64,
    width: i32,
    height: i32,
    captured_at: Option<NaiveDateTime>,
    latitude: Option<f64>,
    longitude: Option<f64>,
    duplicate_of: Option<String>,
    near_duplicate_of: Option<String>,
    uploaded_by: String,
    created_at: NaiveDateTime,
    blob: String,
}

fn corrupt<E: std::fmt::Display>(e: E) -> DbError {
    DbError::corrupt(e)
}

fn to_domain(row: Row) -> Result<Photo, DbError> {
    Ok(Photo {
        id: row.id.parse().map_err(corrupt)?,
        report_id: row.report_id.parse().map_err(corrupt)?,
        item_code: row
            .item_code
            .as_deref()
            .map(ItemCode::parse)
            .transpose()
            .map_err(corrupt)?,
        caption: row
            .caption
            .as_deref()
            .map(Caption::parse)
            .transpose()
            .map_err(corrupt)?,
        format: row.format,
        byte_size: u64::try_from(row.byte_size).map_err(corrupt)?,
        sha256: row.sha256,
        phash: u64::from_ne_bytes(row.phash.to_ne_bytes()),
        width: u32::try_from(row.width).map_err(corrupt)?,
        height: u32::try_from(row.height).map_err(corrupt)?,
        captured_at: row.captured_at.map(from_db_time),
        location: match (row.latitude, row.longitude) {
            (Some(lat), Some(lon)) => Some(GeoPoint::new(lat, lon).map_err(corrupt)?),
            _ => None,
        },
        duplicate_of: row
            .duplicate_of
            .as_deref()
            .map(str::parse)
            .transpose()
            .map_err(corrupt)?,
        near_duplicate_of: row
            .near_duplicate_of
            .as_deref()
            .map(str::parse)
            .transpose()
            .map_err(corrupt)?,
        uploaded_by: row.uploaded_by.parse().map_err(corrupt)?,
        created_at: from_db_time(row.created_at),
        blob: row.blob.parse().map_err(corrupt)?,
    })
}

pub fn insert(conn: &mut DbConnection, p: &Photo) -> Result<(), WriteError> {
    diesel::insert_into(photos::table)
        .values(Row {
            id: p.id.to_string(),
            report_id: p.report_id.to_string(),
            item_code: p.item_code.as_ref().map(|c| c.as_str().to_owned()),
            caption: p.caption.as_ref().map(|c| c.as_str().to_owned()),
            format: p.format.clone(),
            byte_size: i64::try_from(p.byte_size).unwrap_or(i64::MAX),
            sha256: p.sha256.clone(),
            phash: i64::from_ne_bytes(p.phash.to_ne_bytes()),
            width: i32::try_from(p.width).unwrap_or(i32::MAX),
            height: i32::try_from(p.height).unwrap_or(i32::MAX),
            captured_at: p.captured_at.map(to_db_time),
            latitude: p.location.map(|l| l.latitude()),
            longitude: p.location.map(|l| l.longitude()),
            duplicate_of: p.duplicate_of.map(|d| d.to_string()),
            near_duplicate_of: p.near_duplicate_of.map(|d| d.to_string()),
            uploaded_by: p.uploaded_by.to_string(),
            created_at: to_db_time(p.created_at),
            blob: p.blob.to_string(),
        })
        .execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut DbConnection, id: PhotoId) -> Result<Option<Photo>, DbError> {
    photos::table
        .find(id.to_string())
        .select(Row::as_select())
        .first(conn)
        .optional()?
        .map(to_domain)
        .transpose()
}

pub fn for_report(conn: &mut DbConnection, report: ReportId) -> Result<Vec<Photo>, DbError> {
    photos::table
        .filter(photos::report_id.eq(report.to_string()))
        .order((photos::created_at.asc(), photos::id.asc()))
        .select(Row::as_select())
        .load(conn)?
        .into_iter()
        .map(to_domain)
        .collect()
}

pub fn delete(conn: &mut DbConnection, id: PhotoId) -> Result<(), DbError> {
    diesel::delete(photos::table.find(id.to_string())).execute(conn)?;
    Ok(())
}

/// A photo with these exact bytes in another report.
pub fn same_bytes_elsewhere(
    conn: &mut DbConnection,
    sha256: &str,
    report: ReportId,
) -> Result<Option<PhotoId>, DbError> {
    let found: Option<String> = photos::table
        .filter(photos::sha256.eq(sha256))
        .filter(photos::report_id.ne(report.to_string()))
        .select(photos::id)
        .first(conn)
        .optional()?;
    found.map(|id| id.parse().map_err(corrupt)).transpose()
}

/// Every other report's photo and its perceptual hash, for the near-duplicate check.
pub fn hashes_elsewhere(
    conn: &mut DbConnection,
    report: ReportId,
) -> Result<Vec<(PhotoId, u64)>, DbError> {
    let rows: Vec<(String, i64)> = photos::table
        .filter(photos::report_id.ne(report.to_string()))
        .select((photos::id, photos::phash))
        .load(conn)?;
    rows.into_iter()
        .map(|(id, hash)| {
            Ok((
                id.parse().map_err(corrupt)?,
                u64::from_ne_bytes(hash.to_ne_bytes()),
            ))
        })
        .collect()
}

/// Whether a photo row exists (for the sweep of unreferenced objects).
/// Where the files of each of `ids` are kept; photos since removed are absent.
pub fn blobs(
    conn: &mut DbConnection,
    ids: &[PhotoId],
) -> Result<std::collections::HashMap<PhotoId, BlobId>, DbError> {
    let ids: Vec<String> = ids.iter().map(PhotoId::to_string).collect();
    photos::table
        .filter(photos::id.eq_any(&ids))
        .select((photos::id, photos::blob))
        .load::<(String, String)>(conn)?
        .into_iter()
        .map(|(id, blob)| Ok((id.parse().map_err(corrupt)?, blob.parse().map_err(corrupt)?)))
        .collect()
}

/// Does a photo keep its files under `blob`?
pub fn blob_in_use(conn: &mut DbConnection, blob: BlobId) -> Result<bool, DbError> {
    Ok(diesel::select(diesel::dsl::exists(
        photos::table.filter(photos::blob.eq(blob.to_string())),
    ))
    .get_result(conn)?)
}
