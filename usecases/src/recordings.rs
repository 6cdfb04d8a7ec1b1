//! Recordings (录音录像) as evidence of a report, or of a finding's rectification: sent by
//! resumable upload (`crate::uploads`), identified from their bytes, kept as the original only.
//! Anyone who may see the report (or the finding) sees that a recording exists and what it is;
//! the recording itself is evidence, downloaded by supervisors and admins only, every download
//! audited, in whatever ranges a player seeks.

use std::ops::Range;

use anfang_domain::catalog::GeoPoint;
use anfang_domain::ids::{BlobId, FindingId, RecordingId, ReportId};
use anfang_domain::report::{Recording, ReportFields, ReportScope};
use anfang_domain::user::User;
use anfang_infra::db::audit::RequestOrigin;
use anfang_infra::db::uploads::{self, StoredUpload};
use anfang_infra::db::{WriteError, recordings};
use anfang_infra::storage::ObjectKey;
use bytes::Bytes;
use futures::TryStreamExt as _;
use futures::stream::BoxStream;

use crate::audit::{self, Action, Target};
use crate::{Conflict, Context, Error, Result};

/// Where a recording's file is: under its blob, an id of the server's making.
pub fn key(blob: BlobId) -> ObjectKey {
    ObjectKey::new(&["recordings", &blob.to_string(), "original"])
}

/// Takes a complete upload as a recording of its report (or rectification): what the file is
/// is read from it (refused when it is no recording, or a malformed one); a report's must be
/// the file declared under its id, and the report (or finding) must still take its sender's
/// evidence.
pub(crate) async fn accept(
    ctx: &Context,
    actor: User,
    upload: &StoredUpload,
    sha256: String,
    origin: RequestOrigin,
) -> Result<()> {
    let stored_at = ObjectKey::new(&[upload.object_key.as_str()]);
    let facts = anfang_infra::recordings::inspect(&ctx.storage, &stored_at, upload.length).await?;
    let blob = upload
        .object_key
        .split('/')
        .nth(1)
        .and_then(|b| b.parse::<BlobId>().ok())
        .ok_or_else(|| Error::internal("a recording upload's key names no blob"))?;
    let (clock, upload) = (ctx.clock, upload.clone());
    ctx.db
        .write(move |conn| {
            let id = upload.evidence_id.as_recording();
            crate::uploads::lock_target(conn, &upload)?;
            crate::uploads::still_writable(conn, &actor, &upload)?;
            if upload.finding_id.is_none() {
                crate::evidence_manifest::check_arrival(
                    conn,
                    upload.report_id,
                    upload.evidence_id,
                    upload.length,
                    &sha256,
                )?;
            }
            if let Some(existing) = recordings::find(conn, id)? {
                // The same file accepted before (a retry whose answer was lost).
                let same_place = (existing.report_id, existing.finding_id)
                    == (upload.report_id, upload.finding_id);
                if same_place && existing.sha256 == sha256 {
                    uploads::complete(conn, upload.id, clock.now())?;
                    return Ok(());
                }
                return Err(Conflict::UploadConflict.into());
            }
            let recording = Recording {
                id,
                report_id: upload.report_id,
                finding_id: upload.finding_id,
                blob,
                media: facts.media,
                format: facts.format,
                byte_size: upload.length,
                sha256,
                duration_ms: facts.duration_ms,
                recorded_at: facts.recorded_at,
                location: facts
                    .location
                    .and_then(|(lat, lon)| GeoPoint::new(lat, lon).ok()),
                uploaded_by: actor.id,
                created_at: clock.now(),
            };
            recordings::insert(conn, &recording).map_err(|e| match e {
                WriteError::Taken => Error::Conflict(Conflict::UploadConflict),
                other => other.into(),
            })?;
            uploads::complete(conn, upload.id, recording.created_at)?;
            audit::Entry::new(Action::RecordingUpload, recording.created_at)
                .by(actor.id)
                .on(Target::Recording(id))
                .from(&origin)
                .details(serde_json::json!({
                    "report": upload.report_id.to_string(),
                    "finding": upload.finding_id.map(|f| f.to_string()),
                    "sha256": recording.sha256,
                    "bytes": recording.byte_size,
                }))
                .append(conn)?;
            Ok(())
        })
        .await
}

/// A report's recordings, for whoever may see the report.
#[tracing::instrument(skip_all, fields(viewer = %viewer.id, id = %id))]
pub async fn of_report(ctx: &Context, viewer: User, id: ReportId) -> Result<Vec<Recording>> {
    if ReportScope::for_viewer(viewer.id, viewer.role) == ReportScope::Nothing {
        return Err(Error::NotFound);
    }
    ctx.db
        .read(move |conn| {
            super::reports::load_visible(conn, &viewer, id)?;
            Ok(recordings::for_report(conn, id)?)
        })
        .await
}

/// The recordings a unit sent with a finding's rectification, for whoever may see the finding.
#[tracing::instrument(skip_all, fields(viewer = %viewer.id, id = %id))]
pub async fn of_finding(ctx: &Context, viewer: User, id: FindingId) -> Result<Vec<Recording>> {
    ctx.db
        .read(move |conn| {
            super::findings::load_visible(conn, &viewer, id)?;
            Ok(recordings::for_finding(conn, id)?)
        })
        .await
}

/// The part of a recording a download asks for: all of it, one range of its bytes, or
/// nothing (a range past its end).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Wanted {
    Whole,
    Range(Range<u64>),
    Nothing,
}

/// A recording's bytes as a stream, read from storage only as it is polled, for supervisors
/// and admins who may see its report (or its finding, for a rectification's); each download (and each range a player seeks to) is
/// audited, a `HEAD` (`only_headers`) is not. `wanted` is decided by the caller from the
/// recording's size.
#[tracing::instrument(skip_all, fields(viewer = %viewer.id, id = %id))]
pub async fn download(
    ctx: &Context,
    viewer: User,
    id: RecordingId,
    wanted: impl FnOnce(&Recording) -> Wanted,
    only_headers: bool,
    origin: RequestOrigin,
) -> Result<(Recording, Wanted, BoxStream<'static, Result<Bytes>>)> {
    let reader = viewer.clone();
    let recording = ctx
        .db
        .read(move |conn| {
            let recording = recordings::find(conn, id)?.ok_or(Error::NotFound)?;
            match recording.finding_id {
                Some(finding) => drop(super::findings::load_visible(conn, &reader, finding)?),
                None if ReportScope::for_viewer(reader.id, reader.role) == ReportScope::Nothing => {
                    return Err(Error::NotFound);
                }
                None => drop(super::reports::load_visible(
                    conn,
                    &reader,
                    recording.report_id,
                )?),
            }
            Ok::<_, Error>(recording)
        })
        .await?;
    if !ReportFields::for_role(viewer.role).original_photos {
        return Err(Error::Forbidden);
    }
    let wanted = wanted(&recording);
    let range = match &wanted {
        Wanted::Whole => None,
        Wanted::Range(r) => Some(r.clone()),
        Wanted::Nothing => return Ok((recording, wanted, Box::pin(futures::stream::empty()))),
    };
    if only_headers {
        return Ok((recording, wanted, Box::pin(futures::stream::empty())));
    }
    let (clock, report) = (ctx.clock, recording.report_id);
    let details = serde_json::json!({
        "report": report.to_string(),
        "finding": recording.finding_id.map(|f| f.to_string()),
        "range": range.as_ref().map(|r| format!("{}-{}", r.start, r.end.saturating_sub(1))),
    });
    ctx.db
        .write(move |conn| {
            audit::Entry::new(Action::RecordingDownload, clock.now())
                .by(viewer.id)
                .on(Target::Recording(id))
                .from(&origin)
                .details(details)
                .append(conn)?;
            Ok::<_, Error>(())
        })
        .await?;
    let (storage, at) = (ctx.storage.clone(), key(recording.blob));
    let opened = async move { storage.stream(&at, range).await.map_err(Error::from) };
    let stream = futures::TryStreamExt::try_flatten(
        futures::stream::once(opened)
            .map_ok(|chunks| futures::TryStreamExt::map_err(chunks, Error::from)),
    );
    Ok((recording, wanted, Box::pin(stream)))
}
