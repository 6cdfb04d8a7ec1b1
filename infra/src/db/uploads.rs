//! Resumable uploads of evidence files (`uploads`, `upload_parts`): how far each has come and
//! where its parts are, so that an upload resumes on any replica, after any restart.

use anfang_domain::catalog::ItemCode;
use anfang_domain::ids::{EvidenceId, FindingId, ReportId, UploadId, UserId};
use anfang_domain::report::{Caption, EvidenceKind};
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;

use super::schema::{upload_parts, uploads};
use super::{DbConnection, DbError, Text, WriteError, from_db_time, to_db_time};

/// An upload as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredUpload {
    pub id: UploadId,
    /// The report the evidence belongs to; for a rectification's, the finding's report.
    pub report_id: ReportId,
    /// Set when the file is evidence of this finding's rectification, sent by its unit.
    pub finding_id: Option<FindingId>,
    pub uploader: UserId,
    pub kind: EvidenceKind,
    /// The id the photo or recording will have.
    pub evidence_id: EvidenceId,
    pub item_code: Option<ItemCode>,
    pub caption: Option<Caption>,
    pub length: u64,
    /// Bytes acknowledged so far.
    pub received: u64,
    /// Of those, the bytes kept in the tail object rather than in a part.
    pub tail_bytes: u64,
    /// Where the assembled file goes.
    pub object_key: String,
    /// The object store's name for the multipart upload.
    pub multipart_id: String,
    /// Whether the parts have been joined into the object (done once only).
    pub assembled: bool,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
}

/// A part in the object store: its number (from 1), the store's tag, its size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub number: u32,
    pub tag: String,
    pub byte_size: u64,
}

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = uploads)]
struct Row {
    id: Text<UploadId>,
    report_id: Text<ReportId>,
    uploader_id: Text<UserId>,
    kind: String,
    evidence_id: Text<EvidenceId>,
    item_code: Option<Text<ItemCode>>,
    caption: Option<Text<Caption>>,
    length: i64,
    received: i64,
    tail_bytes: i64,
    object_key: String,
    multipart_id: String,
    assembled: bool,
    created_at: NaiveDateTime,
    expires_at: NaiveDateTime,
    completed_at: Option<NaiveDateTime>,
    finding_id: Option<Text<FindingId>>,
}

fn size(n: i64) -> Result<u64, DbError> {
    u64::try_from(n).map_err(DbError::corrupt)
}

fn db_size(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn to_domain(row: Row) -> Result<StoredUpload, DbError> {
    Ok(StoredUpload {
        id: row.id.0,
        report_id: row.report_id.0,
        finding_id: row.finding_id.map(Text::into_inner),
        uploader: row.uploader_id.0,
        kind: row.kind.parse().map_err(DbError::corrupt)?,
        evidence_id: row.evidence_id.0,
        item_code: row.item_code.map(Text::into_inner),
        caption: row.caption.map(Text::into_inner),
        length: size(row.length)?,
        received: size(row.received)?,
        tail_bytes: size(row.tail_bytes)?,
        object_key: row.object_key,
        multipart_id: row.multipart_id,
        assembled: row.assembled,
        created_at: from_db_time(row.created_at),
        expires_at: from_db_time(row.expires_at),
        completed_at: row.completed_at.map(from_db_time),
    })
}

/// Records a new upload; `Taken` when the report already has one for the same evidence id.
pub fn insert(conn: &mut DbConnection, u: &StoredUpload) -> Result<(), WriteError> {
    diesel::insert_into(uploads::table)
        .values(Row {
            id: Text(u.id),
            report_id: Text(u.report_id),
            uploader_id: Text(u.uploader),
            kind: u.kind.as_str().to_owned(),
            evidence_id: Text(u.evidence_id),
            item_code: u.item_code.clone().map(Text),
            caption: u.caption.clone().map(Text),
            length: db_size(u.length),
            received: db_size(u.received),
            tail_bytes: db_size(u.tail_bytes),
            object_key: u.object_key.clone(),
            multipart_id: u.multipart_id.clone(),
            assembled: u.assembled,
            created_at: to_db_time(u.created_at),
            expires_at: to_db_time(u.expires_at),
            completed_at: u.completed_at.map(to_db_time),
            finding_id: u.finding_id.map(Text),
        })
        .execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut DbConnection, id: UploadId) -> Result<Option<StoredUpload>, DbError> {
    uploads::table
        .find(Text(id))
        .select(Row::as_select())
        .first(conn)
        .optional()?
        .map(to_domain)
        .transpose()
}

/// The upload of one declared file of a report, if one has begun.
pub fn of_evidence(
    conn: &mut DbConnection,
    report: ReportId,
    evidence: EvidenceId,
) -> Result<Option<StoredUpload>, DbError> {
    uploads::table
        .filter(uploads::report_id.eq(Text(report)))
        .filter(uploads::evidence_id.eq(Text(evidence)))
        .select(Row::as_select())
        .first(conn)
        .optional()?
        .map(to_domain)
        .transpose()
}

/// How far each unfinished upload of a report's own evidence has come.
pub fn receiving(
    conn: &mut DbConnection,
    report: ReportId,
) -> Result<Vec<(EvidenceId, u64)>, DbError> {
    uploads::table
        .filter(uploads::report_id.eq(Text(report)))
        .filter(uploads::finding_id.is_null())
        .filter(uploads::completed_at.is_null())
        .select((uploads::evidence_id, uploads::received))
        .load::<(Text<EvidenceId>, i64)>(conn)?
        .into_iter()
        .map(|(id, received)| Ok((id.0, size(received)?)))
        .collect()
}

/// Whether an upload (finished or not) writes to the object at `key`: a recording's file is
/// joined before its row exists, and must not be swept in between.
pub fn key_in_use(conn: &mut DbConnection, key: &str) -> Result<bool, DbError> {
    Ok(diesel::select(diesel::dsl::exists(
        uploads::table
            .filter(uploads::object_key.eq(key))
            .filter(uploads::completed_at.is_null()),
    ))
    .get_result(conn)?)
}

pub fn parts(conn: &mut DbConnection, id: UploadId) -> Result<Vec<Part>, DbError> {
    upload_parts::table
        .filter(upload_parts::upload_id.eq(Text(id)))
        .order(upload_parts::number.asc())
        .select((
            upload_parts::number,
            upload_parts::tag,
            upload_parts::byte_size,
        ))
        .load::<(i32, String, i64)>(conn)?
        .into_iter()
        .map(|(number, tag, byte_size)| {
            Ok(Part {
                number: u32::try_from(number).map_err(DbError::corrupt)?,
                tag,
                byte_size: size(byte_size)?,
            })
        })
        .collect()
}

/// Where an upload has come to.
pub struct Progress<'a> {
    pub received: u64,
    pub tail_bytes: u64,
    /// Parts written since the last progress recorded.
    pub new_parts: &'a [Part],
    pub expires_at: DateTime<Utc>,
}

/// Records progress made from `from` acknowledged bytes; false (and nothing changed) when
/// another request moved the upload meanwhile.
pub fn advance(
    conn: &mut DbConnection,
    id: UploadId,
    from: u64,
    progress: Progress<'_>,
) -> Result<bool, DbError> {
    let moved = diesel::update(
        uploads::table
            .find(Text(id))
            .filter(uploads::received.eq(db_size(from)))
            .filter(uploads::completed_at.is_null()),
    )
    .set((
        uploads::received.eq(db_size(progress.received)),
        uploads::tail_bytes.eq(db_size(progress.tail_bytes)),
        uploads::expires_at.eq(to_db_time(progress.expires_at)),
    ))
    .execute(conn)?;
    if moved == 0 {
        return Ok(false);
    }
    for part in progress.new_parts {
        let number = i32::try_from(part.number).map_err(DbError::corrupt)?;
        diesel::delete(upload_parts::table.find((Text(id), number))).execute(conn)?;
        diesel::insert_into(upload_parts::table)
            .values((
                upload_parts::upload_id.eq(Text(id)),
                upload_parts::number.eq(number),
                upload_parts::tag.eq(&part.tag),
                upload_parts::byte_size.eq(db_size(part.byte_size)),
            ))
            .execute(conn)?;
    }
    Ok(true)
}

/// The parts have been joined into the object.
pub fn mark_assembled(conn: &mut DbConnection, id: UploadId) -> Result<(), DbError> {
    diesel::update(uploads::table.find(Text(id)))
        .set((uploads::assembled.eq(true), uploads::tail_bytes.eq(0)))
        .execute(conn)?;
    Ok(())
}

/// The file became evidence: the upload is done, and answers as done to any retry.
pub fn complete(conn: &mut DbConnection, id: UploadId, at: DateTime<Utc>) -> Result<(), DbError> {
    diesel::update(uploads::table.find(Text(id)))
        .set(uploads::completed_at.eq(Some(to_db_time(at))))
        .execute(conn)?;
    diesel::delete(upload_parts::table.filter(upload_parts::upload_id.eq(Text(id))))
        .execute(conn)?;
    Ok(())
}

pub fn delete(conn: &mut DbConnection, id: UploadId) -> Result<(), DbError> {
    diesel::delete(uploads::table.find(Text(id))).execute(conn)?;
    Ok(())
}

/// Unfinished uploads whose time ran out before `now`, oldest first.
pub fn expired(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<StoredUpload>, DbError> {
    uploads::table
        .filter(uploads::completed_at.is_null())
        .filter(uploads::expires_at.lt(to_db_time(now)))
        .order(uploads::expires_at.asc())
        .limit(limit)
        .select(Row::as_select())
        .load(conn)?
        .into_iter()
        .map(to_domain)
        .collect()
}
