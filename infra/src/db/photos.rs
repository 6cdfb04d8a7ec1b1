use anfang_domain::catalog::{GeoPoint, ItemCode};
use anfang_domain::ids::{BlobId, PhotoId, ReportId, UserId};
use anfang_domain::report::{Caption, Photo};
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::photos;
use super::{DbConnection, DbError, Text, WriteError, from_db_time, to_db_time};

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = photos)]
struct Row {
    id: Text<PhotoId>,
    report_id: Text<ReportId>,
    item_code: Option<Text<ItemCode>>,
    caption: Option<Text<Caption>>,
    format: String,
    byte_size: i64,
    sha256: String,
    phash: i64,
    width: i32,
    height: i32,
    captured_at: Option<NaiveDateTime>,
    latitude: Option<f64>,
    longitude: Option<f64>,
    duplicate_of: Option<Text<PhotoId>>,
    near_duplicate_of: Option<Text<PhotoId>>,
    uploaded_by: Text<UserId>,
    created_at: NaiveDateTime,
    blob: Text<BlobId>,
    device_clock_offset_s: Option<i64>,
}

fn to_domain(row: Row) -> Result<Photo, DbError> {
    Ok(Photo {
        id: row.id.0,
        report_id: row.report_id.0,
        item_code: row.item_code.map(Text::into_inner),
        caption: row.caption.map(Text::into_inner),
        format: row.format,
        byte_size: u64::try_from(row.byte_size).map_err(DbError::corrupt)?,
        sha256: row.sha256,
        phash: u64::from_ne_bytes(row.phash.to_ne_bytes()),
        width: u32::try_from(row.width).map_err(DbError::corrupt)?,
        height: u32::try_from(row.height).map_err(DbError::corrupt)?,
        captured_at: row.captured_at.map(from_db_time),
        location: match (row.latitude, row.longitude) {
            (Some(lat), Some(lon)) => Some(GeoPoint::new(lat, lon).map_err(DbError::corrupt)?),
            _ => None,
        },
        duplicate_of: row.duplicate_of.map(Text::into_inner),
        near_duplicate_of: row.near_duplicate_of.map(Text::into_inner),
        uploaded_by: row.uploaded_by.0,
        created_at: from_db_time(row.created_at),
        blob: row.blob.0,
        device_clock_offset: row.device_clock_offset_s.map(chrono::Duration::seconds),
    })
}

pub fn insert(conn: &mut DbConnection, p: &Photo) -> Result<(), WriteError> {
    diesel::insert_into(photos::table)
        .values(Row {
            id: Text(p.id),
            report_id: Text(p.report_id),
            item_code: p.item_code.clone().map(Text),
            caption: p.caption.clone().map(Text),
            format: p.format.clone(),
            byte_size: i64::try_from(p.byte_size).unwrap_or(i64::MAX),
            sha256: p.sha256.clone(),
            phash: i64::from_ne_bytes(p.phash.to_ne_bytes()),
            width: i32::try_from(p.width).unwrap_or(i32::MAX),
            height: i32::try_from(p.height).unwrap_or(i32::MAX),
            captured_at: p.captured_at.map(to_db_time),
            latitude: p.location.map(|l| l.latitude()),
            longitude: p.location.map(|l| l.longitude()),
            duplicate_of: p.duplicate_of.map(Text),
            near_duplicate_of: p.near_duplicate_of.map(Text),
            uploaded_by: Text(p.uploaded_by),
            created_at: to_db_time(p.created_at),
            blob: Text(p.blob),
            device_clock_offset_s: p.device_clock_offset.map(|d| d.num_seconds()),
        })
        .execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut DbConnection, id: PhotoId) -> Result<Option<Photo>, DbError> {
    photos::table
        .find(Text(id))
        .select(Row::as_select())
        .first(conn)
        .optional()?
        .map(to_domain)
        .transpose()
}

pub fn for_report(conn: &mut DbConnection, report: ReportId) -> Result<Vec<Photo>, DbError> {
    photos::table
        .filter(photos::report_id.eq(Text(report)))
        .order((photos::created_at.asc(), photos::id.asc()))
        .select(Row::as_select())
        .load(conn)?
        .into_iter()
        .map(to_domain)
        .collect()
}

pub fn delete(conn: &mut DbConnection, id: PhotoId) -> Result<(), DbError> {
    diesel::delete(photos::table.find(Text(id))).execute(conn)?;
    Ok(())
}

/// A photo with these exact bytes in another report.
pub fn same_bytes_elsewhere(
    conn: &mut DbConnection,
    sha256: &str,
    report: ReportId,
) -> Result<Option<PhotoId>, DbError> {
    let found: Option<Text<PhotoId>> = photos::table
        .filter(photos::sha256.eq(sha256))
        .filter(photos::report_id.ne(Text(report)))
        .select(photos::id)
        .first(conn)
        .optional()?;
    Ok(found.map(Text::into_inner))
}

/// Every other report's photo and its perceptual hash, for the near-duplicate check.
pub fn hashes_elsewhere(
    conn: &mut DbConnection,
    report: ReportId,
) -> Result<Vec<(PhotoId, u64)>, DbError> {
    let rows: Vec<(Text<PhotoId>, i64)> = photos::table
        .filter(photos::report_id.ne(Text(report)))
        .select((photos::id, photos::phash))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, hash)| (id.0, u64::from_ne_bytes(hash.to_ne_bytes())))
        .collect())
}

/// Whether a photo row exists (for the sweep of unreferenced objects).
/// Where the files of each of `ids` are kept; photos since removed are absent.
pub fn blobs(
    conn: &mut DbConnection,
    ids: &[PhotoId],
) -> Result<std::collections::HashMap<PhotoId, BlobId>, DbError> {
    let ids: Vec<Text<PhotoId>> = ids.iter().copied().map(Text).collect();
    Ok(photos::table
        .filter(photos::id.eq_any(&ids))
        .select((photos::id, photos::blob))
        .load::<(Text<PhotoId>, Text<BlobId>)>(conn)?
        .into_iter()
        .map(|(id, blob)| (id.0, blob.0))
        .collect())
}

/// Does a photo keep its files under `blob`?
pub fn blob_in_use(conn: &mut DbConnection, blob: BlobId) -> Result<bool, DbError> {
    Ok(diesel::select(diesel::dsl::exists(
        photos::table.filter(photos::blob.eq(Text(blob))),
    ))
    .get_result(conn)?)
}
