//! Photos sent with a finding's rectification.

use anfang_domain::finding::RectificationPhoto;
use anfang_domain::ids::{BlobId, FindingId, PhotoId, UserId};
use anfang_domain::report::Caption;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::rectification_photos;
use super::{DbConnection, DbError, Text, WriteError, from_db_time, to_db_time};

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = rectification_photos)]
struct Row {
    id: Text<PhotoId>,
    finding_id: Text<FindingId>,
    caption: Option<Text<Caption>>,
    format: String,
    byte_size: i64,
    sha256: String,
    width: i32,
    height: i32,
    uploaded_by: Text<UserId>,
    created_at: NaiveDateTime,
    blob: Text<BlobId>,
}

fn to_domain(row: Row) -> Result<RectificationPhoto, DbError> {
    Ok(RectificationPhoto {
        id: row.id.0,
        finding_id: row.finding_id.0,
        caption: row.caption.map(Text::into_inner),
        format: row.format,
        byte_size: u64::try_from(row.byte_size).map_err(DbError::corrupt)?,
        sha256: row.sha256,
        width: u32::try_from(row.width).map_err(DbError::corrupt)?,
        height: u32::try_from(row.height).map_err(DbError::corrupt)?,
        uploaded_by: row.uploaded_by.0,
        created_at: from_db_time(row.created_at),
        blob: row.blob.0,
    })
}

pub fn insert(conn: &mut DbConnection, photo: &RectificationPhoto) -> Result<(), WriteError> {
    diesel::insert_into(rectification_photos::table)
        .values(Row {
            id: Text(photo.id),
            finding_id: Text(photo.finding_id),
            caption: photo.caption.clone().map(Text),
            format: photo.format.clone(),
            byte_size: i64::try_from(photo.byte_size).unwrap_or(i64::MAX),
            sha256: photo.sha256.clone(),
            width: i32::try_from(photo.width).unwrap_or(i32::MAX),
            height: i32::try_from(photo.height).unwrap_or(i32::MAX),
            uploaded_by: Text(photo.uploaded_by),
            created_at: to_db_time(photo.created_at),
            blob: Text(photo.blob),
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
