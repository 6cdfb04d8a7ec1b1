//! Resumable uploads of evidence (tus 1.0 with its creation, checksum, termination and
//! expiration extensions). A phone on a weak network sends a photo or a recording in as many
//! requests as it takes: each request acknowledges what has reached storage, and the next
//! resumes from there, on any replica and after any restart, since where an upload stands is
//! kept in the database. Parts go to object storage as they arrive, so a server holds at most
//! one part per upload in flight, whatever the file's size. A complete upload becomes a photo
//! or a recording of its report by the same rules as any other; a retry of it answers as
//! complete without doing anything again. A unit sends its rectification's photos and
//! recordings the same way, naming the finding instead of a report.

mod append;
mod finish;
mod in_flight;
mod sweep;

use anfang_domain::auth::Role;
use anfang_domain::catalog::ItemCode;
use anfang_domain::ids::{BlobId, EvidenceId, FindingId, ReportId, UploadId};
use anfang_domain::report::{Caption, EvidenceKind};
use anfang_domain::user::User;
use anfang_infra::db::lock::{self, Aggregate};
use anfang_infra::db::uploads::{self, StoredUpload};
use anfang_infra::db::{
    DbConnection, WriteError, evidence_manifest, photos, recordings, rectification_photos,
};
use anfang_infra::images::ImageError;
use anfang_infra::recordings::RecordingError;
use anfang_infra::storage::{ObjectKey, PartedFile};
use chrono::{DateTime, Utc};

use crate::{Conflict, Context, Error, FieldIssue, Result, Rule};

pub use append::{Checksum, Patch, append};
pub use in_flight::InFlight;
pub use sweep::sweep_expired;

/// What an upload's file is evidence of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UploadTarget {
    /// A report its inspector is writing.
    Report(ReportId),
    /// A finding's rectification, sent by the finding's unit.
    Rectification(FindingId),
}

impl UploadTarget {
    /// What evidence kept under `report` is of: the report itself, or the rectification of
    /// `finding` (one of the report's findings).
    fn of(report: ReportId, finding: Option<FindingId>) -> Self {
        match finding {
            Some(finding) => UploadTarget::Rectification(finding),
            None => UploadTarget::Report(report),
        }
    }

    fn finding(self) -> Option<FindingId> {
        match self {
            UploadTarget::Report(_) => None,
            UploadTarget::Rectification(finding) => Some(finding),
        }
    }
}

impl From<&StoredUpload> for UploadTarget {
    fn from(u: &StoredUpload) -> Self {
        UploadTarget::of(u.report_id, u.finding_id)
    }
}

/// What a phone asks for when it begins an upload.
#[derive(Debug, Clone)]
pub struct NewUpload {
    pub target: UploadTarget,
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
    /// The report the file is evidence of; for a rectification's, the finding's report.
    pub report_id: ReportId,
    /// Set when the file is evidence of this finding's rectification.
    pub finding_id: Option<FindingId>,
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
            finding_id: u.finding_id,
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

/// The evidence already stored under `id` for the target, by its size: a photo or recording
/// that arrived by another way.
fn received_size(
    conn: &mut DbConnection,
    target: UploadTarget,
    id: EvidenceId,
) -> Result<Option<u64>> {
    let photo = match target {
        UploadTarget::Report(report) => photos::find(conn, id.as_photo())?
            .filter(|p| p.report_id == report)
            .map(|p| p.byte_size),
        UploadTarget::Rectification(finding) => rectification_photos::find(conn, id.as_photo())?
            .filter(|p| p.finding_id == finding)
            .map(|p| p.byte_size),
    };
    if photo.is_some() {
        return Ok(photo);
    }
    Ok(recordings::find(conn, id.as_recording())?
        .filter(|r| UploadTarget::of(r.report_id, r.finding_id) == target)
        .map(|r| r.byte_size))
}

/// Whether the upload's target still takes evidence from `actor`: its report still the
/// inspector's to change, or its finding still waiting for the unit's rectification.
pub(crate) fn still_writable(
    conn: &mut DbConnection,
    actor: &User,
    upload: &StoredUpload,
) -> Result<()> {
    match UploadTarget::from(upload) {
        UploadTarget::Report(report) => {
            crate::photos::writable_report(conn, actor, report).map(drop)
        }
        UploadTarget::Rectification(finding) => {
            crate::rectification_photos::writable_finding(conn, actor, finding).map(drop)
        }
    }
}

/// Holds the row of the upload's report or finding for the rest of the transaction, so that
/// taking the file cannot interleave with a submission, a rectification or a discard.
pub(crate) fn lock_target(conn: &mut DbConnection, upload: &StoredUpload) -> Result<()> {
    let (aggregate, key) = match UploadTarget::from(upload) {
        UploadTarget::Report(report) => (Aggregate::Report, report.to_string()),
        UploadTarget::Rectification(finding) => (Aggregate::Finding, finding.to_string()),
    };
    Ok(lock::row(conn, aggregate, &key)?)
}

/// The report an upload for `new.target` belongs to, checked as far as it can be before a
/// byte is sent: the report or finding writable by `actor`, the item one of the report's,
/// the file as its manifest declares it.
fn check_target(
    conn: &mut DbConnection,
    checklists: &anfang_infra::db::published_checklists::PublishedChecklists,
    actor: &User,
    new: &NewUpload,
    evidence: EvidenceId,
) -> Result<ReportId> {
    match new.target {
        UploadTarget::Report(report) => {
            let stored = crate::photos::writable_report(conn, actor, report)?;
            if let Some(code) = &new.item_code {
                crate::photos::item_applies(conn, checklists, &stored, code)?;
            }
            if let Some(declared) = evidence_manifest::find(conn, report, evidence)?
                && (declared.declared.kind != new.kind || declared.declared.byte_size != new.length)
            {
                return Err(Error::rule("Upload-Length", Rule::EvidenceNotAsDeclared));
            }
            Ok(report)
        }
        UploadTarget::Rectification(finding) => {
            let finding = crate::rectification_photos::writable_finding(conn, actor, finding)?;
            if new.item_code.is_some() {
                // A rectification answers its finding's item; it names no other.
                return Err(Error::field(
                    "Upload-Metadata.item_code",
                    FieldIssue::NotAllowed,
                ));
            }
            Ok(finding.report_id)
        }
    }
}

/// What an upload may be, checked against its target (and a report's manifest): the report
/// it belongs to, and `Some` upload when it need not be sent at all (it is being, or has
/// been, received already).
fn admit(
    conn: &mut DbConnection,
    checklists: &anfang_infra::db::published_checklists::PublishedChecklists,
    actor: &User,
    new: &NewUpload,
    evidence: EvidenceId,
    now: DateTime<Utc>,
) -> Result<(ReportId, Option<StoredUpload>)> {
    let report = check_target(conn, checklists, actor, new, evidence)?;
    if let Some(existing) = uploads::of_evidence(conn, report, evidence)? {
        let same = existing.uploader == actor.id
            && UploadTarget::from(&existing) == new.target
            && existing.kind == new.kind
            && existing.length == new.length;
        return if same {
            Ok((report, Some(existing)))
        } else {
            Err(Conflict::UploadConflict.into())
        };
    }
    match received_size(conn, new.target, evidence)? {
        // Sent already by a single request: the upload is complete before it begins.
        Some(size) if size == new.length => {
            let done = StoredUpload {
                received: new.length,
                completed_at: Some(now),
                ..pending(
                    actor,
                    (report, new),
                    evidence,
                    UploadId::new_random(),
                    String::new(),
                    now,
                )
            };
            uploads::insert(conn, &done).map_err(taken_is_conflict)?;
            Ok((report, Some(done)))
        }
        Some(_) => Err(Conflict::UploadConflict.into()),
        None => Ok((report, None)),
    }
}

fn pending(
    actor: &User,
    (report, new): (ReportId, &NewUpload),
    evidence: EvidenceId,
    id: UploadId,
    object_key: String,
    now: DateTime<Utc>,
) -> StoredUpload {
    StoredUpload {
        id,
        report_id: report,
        finding_id: new.target.finding(),
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

/// Begins an upload (its report's author, while the report can change; a finding's unit
/// manager, while it waits for the rectification); an upload of the same evidence begun
/// before is answered instead, so a phone that lost the answer to its creation request
/// resumes rather than starting again. Whether a new one was made.
#[tracing::instrument(skip_all, fields(actor = %actor.id, target = ?new.target))]
pub async fn create(ctx: &Context, actor: User, new: NewUpload) -> Result<(UploadView, bool)> {
    if actor.role == Role::UnitManager && matches!(new.target, UploadTarget::Report(_)) {
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
    let (report, earlier) = ctx
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
            (report, &new),
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
            if let (_, Some(earlier)) = admit(conn, &checklists, &actor, &new, evidence, now)? {
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
                    "finding": upload.finding_id.map(|f| f.to_string()),
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
