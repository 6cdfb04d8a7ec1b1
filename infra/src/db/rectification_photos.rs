//! Photos sent with a finding's rectification.

use anfang_domain::finding::RectificationPhoto;
use anfang_domain::ids::{BlobId, FindingId, PhotoId};
use anfang_domain::report::Caption;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::rectification_photos;
use super::{DbConnection, DbError, WriteError, from_db_time, to_db_time};

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = rectification_photos)]
struct Row {
    id: String,
    finding_id: String,
    caption: Option<String>,
    format: String,
    byte_size: i64,
    sha256: String,
    width: i32,
    height: i32,
    uploaded_by: String,
    created_at: NaiveDateTime,
    blob: String,
}

fn corrupt<E: std::fmt::Display>(e: E) -> DbError {
    DbError::corrupt(e)
}

fn to_domain(row: Row) -> Result<RectificationPhoto, DbError> {
    Ok(RectificationPhoto {
        id: row.id.parse().map_err(corrupt)?,
        finding_id: row.finding_id.parse().map_err(corrupt)?,
        caption: row
            .caption
            .as_deref()
            .map(Caption::parse)
            .transpose()
            .map_err(corrupt)?,
        format: row.format,
        byte_size: u64::try_from(row.byte_size).map_err(corrupt)?,
        sha256: row.sha256,
        width: u32::try_from(row.width).map_err(corrupt)?,
        height: u32::try_from(row.height).map_err(corrupt)?,
        uploaded_by: row.uploaded_by.parse().map_err(corrupt)?,
        created_at: from_db_time(row.created_at),
        blob: row.blob.parse().map_err(corrupt)?,
    })
}

pub fn insert(conn: &mut DbConnection, photo: &RectificationPhoto) -> Result<(), WriteError> {
    diesel::insert_into(rectification_photos::table)
        .values(Row {
            id: photo.id.to_string(),
            finding_id: photo.finding_id.to_string(),
            caption: photo.caption.as_ref().map(|c| c.as_str().to_owned()),
            format: photo.format.clone(),
            byte_size: i64::try_from(photo.byte_size).unwrap_or(i64::MAX),
            sha256: photo.sha256.clone(),
            width: i32::try_from(photo.width).unwrap_or(i32::MAX),
            height: i32::try_from(photo.height).unwrap_or(i32::MAX),
            uploaded_by: photo.uploaded_by.to_string(),
            created_at: to_db_time(photo.created_at),
            blob: photo.blob.to_string(),
        })
        .execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut DbConnection, id: PhotoId) -> Result<Option<RectificationPhoto>, DbError> {
    rectification_photos::table
        .find(id.to_string())
        .select(Row::as_select())
        .first(conn)
        .optional()?
        .map(to_domain)
        .transpose()
}

/// Does a rectification photo keep its files under `blob`?
pub fn blob_in_use(conn: &mut DbConnection, blob: BlobId) -> Result<bool, DbError> {
    Ok(diesel::select(diesel::dsl::exists(
        rectification_photos::table.filter(rectification_photos::blob.eq(blob.to_string())),
    ))
    .get_result(conn)?)
}

/// A finding's rectification photos, in upload order.
pub fn of_finding(
    conn: &mut DbConnection,
    finding: FindingId,
) -> Result<Vec<RectificationPhoto>, DbError> {
    rectification_photos::table
        .filter(rectification_photos::finding_id.eq(finding.to_string()))
        .order((
            rectification_photos::created_at.asc(),
            rectification_photos::id.asc(),
        ))
        .select(Row::as_select())
        .load(conn)?
        .into_iter()
        .map(to_domain)
        .collect()
}
