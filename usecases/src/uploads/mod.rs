//! Resumable uploads of evidence (tus 1.0 with its creation, checksum, termination and
//! expiration extensions). A phone on a weak network sends a photo or a recording in as many
//! requests as it takes: each request acknowledges what has reached storage, and the next
//! resumes from there, on any replica and after any restart, since where an upload stands is
//! kept in the database. Parts go to object storage as they arrive, so a server holds at most
//! one part per upload in flight, whatever the file's size. A complete upload becomes a photo
//! or a recording of its report by the same rules as any other; a retry of it answers as
//! complete without doing anything again.

mod append;
mod finish;
mod in_flight;
mod sweep;

use anfang_domain::auth::Role;
use anfang_domain::catalog::ItemCode;
use anfang_domain::ids::{BlobId, EvidenceId, ReportId, UploadId};
use anfang_domain::report::{Caption, EvidenceKind};
use anfang_domain::user::User;
use anfang_infra::db::uploads::{self, StoredUpload};
use anfang_infra::db::{DbConnection, WriteError, evidence_manifest, photos, recordings};
use anfang_infra::images::ImageError;
use anfang_infra::recordings::RecordingError;
use anfang_infra::storage::{ObjectKey, PartedFile};
use chrono::{DateTime, Utc};

use crate::{Conflict, Context, Error, FieldIssue, Result, Rule};

pub use append::{Checksum, Patch, append};
pub use in_flight::InFlight;
pub use sweep::sweep_expired;

/// What a phone asks for when it begins an upload.
#[derive(Debug, Clone)]
pub struct NewUpload {
    pub report_id: ReportId,
    pub kind: EvidenceKind,
    /// The id the evidence is to have (the one it declared, if it did); chosen by the server
    /// when absent.
    pub evidence_id: Option<EvidenceId>,
    pub item_code: Option<ItemCode>,
    pub caption: Option<Caption>,
    pub length: u64,
}

/// Where an upload stands, as its sender sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct UploadView {
    pub id: UploadId,
    pub report_id: ReportId,
    pub kind: EvidenceKind,
    pub evidence_id: EvidenceId,
    pub length: u64,
    pub offset: u64,
    /// When an unfinished upload expires unless it moves on.
    pub expires_at: Option<DateTime<Utc>>,
    pub complete: bool,
}

impl From<&StoredUpload> for UploadView {
    fn from(u: &StoredUpload) -> Self {
        Self {
            id: u.id,
            report_id: u.report_id,
            kind: u.kind,
            evidence_id: u.evidence_id,
            length: u.length,
            offset: u.received,
            expires_at: u.completed_at.is_none().then_some(u.expires_at),
            complete: u.completed_at.is_some(),
        }
    }
}

/// The largest file of a kind the server takes.
pub fn max_bytes(ctx: &Context, kind: EvidenceKind) -> u64 {
    match kind {
        EvidenceKind::Photo => ctx.images.limits.max_bytes as u64,
        EvidenceKind::Recording => ctx.uploads.recording_max_bytes,
    }
}

fn too_large(kind: EvidenceKind, max: u64) -> Error {
    match kind {
        EvidenceKind::Photo => Error::ImageRefused(ImageError::TooLarge {
            max: usize::try_from(max).unwrap_or(usize::MAX),
        }),
        EvidenceKind::Recording => Error::RecordingRefused(RecordingError::TooLarge { max }),
    }
}

/// The staging area of an upload (a local store's loose parts, its tail, a photo before it
/// is checked): under `uploads/`, swept with the upload.
fn staging(id: UploadId) -> ObjectKey {
    ObjectKey::new(&["uploads", &id.to_string()])
}

/// Where the bytes received beyond the last whole part wait, by the offset they start at.
fn tail_key(id: UploadId, starts_at: u64) -> ObjectKey {
    ObjectKey::new(&["uploads", &id.to_string(), &format!("tail-{starts_at}")])
}

fn parted_file(upload: &StoredUpload) -> PartedFile {
    PartedFile {
        key: ObjectKey::new(&[upload.object_key.as_str()]),
        staging: staging(upload.id),
        multipart_id: upload.multipart_id.clone(),
    }
}

/// The evidence already stored under `id` in the report, by its size: a photo or recording
/// that arrived by another way.
fn received_size(conn: &mut DbConnection, report: ReportId, id: EvidenceId) -> Result<Option<u64>> {
    if let Some(photo) = photos::find(conn, id.as_photo())?
        && photo.report_id == report
    {
        return Ok(Some(photo.byte_size));
    }
    Ok(recordings::find(conn, id.as_recording())?
        .filter(|r| r.report_id == report)
        .map(|r| r.byte_size))
}

/// What an upload may be, checked against its report and manifest: `Ok(Some)` when it need
/// not be sent at all (it is being, or has been, received already).
fn admit(
    conn: &mut DbConnection,
    checklists: &anfang_infra::db::published_checklists::PublishedChecklists,
    actor: &User,
    new: &NewUpload,
    evidence: EvidenceId,
    now: DateTime<Utc>,
) -> Result<Option<StoredUpload>> {
    let stored = crate::photos::writable_report(conn, actor, new.report_id)?;
    if let Some(code) = &new.item_code {
        crate::photos::item_applies(conn, checklists, &stored, code)?;
    }
    if let Some(declared) = evidence_manifest::find(conn, new.report_id, evidence)?
        && (declared.declared.kind != new.kind || declared.declared.byte_size != new.length)
    {
        return Err(Error::rule("Upload-Length", Rule::EvidenceNotAsDeclared));
    }
    if let Some(existing) = uploads::of_evidence(conn, new.report_id, evidence)? {
        let same = existing.uploader == actor.id
            && existing.kind == new.kind
            && existing.length == new.length;
        return if same {
            Ok(Some(existing))
        } else {
            Err(Conflict::UploadConflict.into())
        };
    }
    match received_size(conn, new.report_id, evidence)? {
        // Sent already by a single request: the upload is complete before it begins.
        Some(size) if size == new.length => {
            let done = StoredUpload {
                received: new.length,
                completed_at: Some(now),
                ..pending(
                    actor,
                    new,
                    evidence,
                    UploadId::new_random(),
                    String::new(),
                    now,
                )
            };
            uploads::insert(conn, &done).map_err(taken_is_conflict)?;
            Ok(Some(done))
        }
        Some(_) => Err(Conflict::UploadConflict.into()),
        None => Ok(None),
    }
}

fn pending(
    actor: &User,
    new: &NewUpload,
    evidence: EvidenceId,
    id: UploadId,
    object_key: String,
    now: DateTime<Utc>,
) -> StoredUpload {
    StoredUpload {
        id,
        report_id: new.report_id,
        uploader: actor.id,
        kind: new.kind,
        evidence_id: evidence,
        item_code: new.item_code.clone(),
        caption: new.caption.clone(),
        length: new.length,
        received: 0,
        tail_bytes: 0,
        object_key,
        multipart_id: String::new(),
        assembled: false,
        created_at: now,
        expires_at: now,
        completed_at: None,
    }
}

fn taken_is_conflict(e: WriteError) -> Error {
    match e {
        WriteError::Taken => Conflict::UploadConflict.into(),
        other => other.into(),
    }
}

/// Begins an upload (its report's author, while the report can change); an upload of the
/// same evidence begun before is answered instead, so a phone that lost the answer to its
/// creation request resumes rather than starting again. Whether a new one was made.
#[tracing::instrument(skip_all, fields(actor = %actor.id, report_id = %new.report_id))]
pub async fn create(ctx: &Context, actor: User, new: NewUpload) -> Result<(UploadView, bool)> {
    if actor.role == Role::UnitManager {
        return Err(Error::NotFound);
    }
    let max = max_bytes(ctx, new.kind);
    if new.length == 0 {
        return Err(Error::field("Upload-Length", FieldIssue::OutOfRange));
    }
    if new.length > max {
        return Err(too_large(new.kind, max));
    }
    let evidence = new.evidence_id.unwrap_or_else(EvidenceId::new_random);
    let (clock, checklists) = (ctx.clock, ctx.checklists.clone());
    let (check_actor, check) = (actor.clone(), new.clone());
    let earlier = ctx
        .db
        .write(move |conn| {
            admit(
                conn,
                &checklists,
                &check_actor,
                &check,
                evidence,
                clock.now(),
            )
        })
        .await?;
    if let Some(earlier) = earlier {
        return Ok((UploadView::from(&earlier), false));
    }

    let id = UploadId::new_random();
    let object_key = match new.kind {
        EvidenceKind::Photo => ObjectKey::new(&["uploads", &id.to_string(), "file"]),
        EvidenceKind::Recording => crate::recordings::key(BlobId::new_random()),
    };
    let file = ctx
        .storage
        .begin_parts(object_key.clone(), staging(id))
        .await?;
    let now = clock.now();
    let upload = StoredUpload {
        multipart_id: file.multipart_id.clone(),
        expires_at: now + ctx.uploads.expiry,
        ..pending(
            &actor,
            &new,
            evidence,
            id,
            object_key.as_str().to_owned(),
            now,
        )
    };
    let (checklists, row) = (ctx.checklists.clone(), upload.clone());
    let stored = ctx
        .db
        .write(move |conn| {
            if let Some(earlier) = admit(conn, &checklists, &actor, &new, evidence, now)? {
                return Ok((earlier, false));
            }
            uploads::insert(conn, &row).map_err(taken_is_conflict)?;
            Ok::<_, Error>((row, true))
        })
        .await;
    match stored {
        Ok((upload, created)) => {
            if !created {
                let _ = ctx.storage.abort_parts(&file, 0).await;
            }
            Ok((UploadView::from(&upload), created))
        }
        Err(e) => {
            let _ = ctx.storage.abort_parts(&file, 0).await;
            Err(e)
        }
    }
}

/// The upload, for its sender only (anyone else is told there is none).
fn own(conn: &mut DbConnection, actor: &User, id: UploadId) -> Result<StoredUpload> {
    uploads::find(conn, id)?
        .filter(|u| u.uploader == actor.id)
        .ok_or(Error::NotFound)
}

/// Whether `actor` has this upload, before this process holds anything for it.
async fn known(ctx: &Context, actor: &User, id: UploadId) -> Result<()> {
    let actor = actor.clone();
    ctx.db
        .read(move |conn| own(conn, &actor, id).map(drop))
        .await
}

/// Where an upload stands (tus `HEAD`).
#[tracing::instrument(skip_all, fields(actor = %actor.id, id = %id))]
pub async fn status(ctx: &Context, actor: User, id: UploadId) -> Result<UploadView> {
    let now = ctx.clock.now();
    let upload = ctx.db.read(move |conn| own(conn, &actor, id)).await?;
    if upload.completed_at.is_none() && upload.expires_at < now {
        return Err(Error::UploadExpired);
    }
    Ok(UploadView::from(&upload))
}

/// Gives up an unfinished upload (tus termination): its parts are removed at once.
#[tracing::instrument(skip_all, fields(actor = %actor.id, id = %id))]
pub async fn terminate(
    ctx: &Context,
    actor: User,
    id: UploadId,
    origin: anfang_infra::db::audit::RequestOrigin,
) -> Result<()> {
    let clock = ctx.clock;
    known(ctx, &actor, id).await?;
    let lock = ctx.uploads.in_flight.slot(id);
    let _held = lock.lock().await;
    let (upload, parts) = ctx
        .db
        .write(move |conn| {
            let upload = own(conn, &actor, id)?;
            if upload.completed_at.is_some() {
                return Err(Conflict::UploadCompleted.into());
            }
            let parts = uploads::parts(conn, id)?.len();
            uploads::delete(conn, id)?;
            crate::audit::Entry::new(crate::audit::Action::UploadTerminate, clock.now())
                .by(actor.id)
                .on(crate::audit::Target::Upload(id))
                .from(&origin)
                .details(serde_json::json!({
                    "report": upload.report_id.to_string(),
                    "received": upload.received,
                }))
                .append(conn)?;
            Ok::<_, Error>((upload, parts))
        })
        .await?;
    ctx.uploads.in_flight.forget(id);
    discard_objects(ctx, &upload, parts).await;
    Ok(())
}

/// Removes what an upload that will not finish left in storage. Best effort: anything left
/// is under `uploads/`, where the storage sweep finds it.
async fn discard_objects(ctx: &Context, upload: &StoredUpload, parts: usize) {
    let file = parted_file(upload);
    if !upload.assembled {
        let _ = ctx
            .storage
            .abort_parts(&file, u32::try_from(parts).unwrap_or(u32::MAX))
            .await;
    }
    if upload.tail_bytes > 0 {
        let tail = tail_key(upload.id, upload.received - upload.tail_bytes);
        let _ = ctx.storage.delete(&tail).await;
    }
    if upload.assembled {
        let _ = ctx.storage.delete(&file.key).await;
    }
}
