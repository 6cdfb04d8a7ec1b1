//! Photo evidence (SPEC §3.3): uploaded by a report's author while it can change, checked and
//! re-encoded off the async threads, stored original-first, served only to those who may see
//! the report — the original only to supervisors and admins, and every such download audited.

use std::sync::Arc;

use anfang_domain::auth::Role;
use anfang_domain::catalog::ItemCode;
use anfang_domain::ids::{BlobId, PhotoId, ReportId, UploadId};
use anfang_domain::report::{Caption, IntegrityFlag, Photo, photo_flags};
use anfang_domain::report::{ReportFields, ReportScope};
use anfang_domain::user::User;
use anfang_infra::db::WriteError;
use anfang_infra::db::audit::RequestOrigin;
use anfang_infra::db::{
    DbConnection, photos, recordings, rectification_photos, reports, units, uploads,
};
use anfang_infra::images::{self, NEAR_DUPLICATE_BITS, ProcessedPhoto};
use anfang_infra::storage::ObjectKey;
use bytes::Bytes;

use crate::Context;
use crate::audit::{self, Action, Target};
use crate::{Conflict, Error, FieldIssue, Result};

pub const VARIANTS: [&str; 3] = ["original", "display", "thumb"];

/// Where a photo's files are: under its blob, an id of the server's making.
pub fn key(blob: BlobId, variant: &str) -> ObjectKey {
    ObjectKey::new(&["photos", &blob.to_string(), variant])
}

pub struct Upload {
    pub report_id: ReportId,
    pub photo_id: Option<PhotoId>,
    pub item_code: Option<ItemCode>,
    pub caption: Option<Caption>,
    pub declared_type: Option<String>,
    pub bytes: Bytes,
}

pub struct Uploaded {
    pub photo: Photo,
    pub flags: Vec<IntegrityFlag>,
    pub created: bool,
}

/// The report, if `actor` wrote it and it can still change.
pub(super) fn writable_report(
    conn: &mut DbConnection,
    actor: &User,
    id: ReportId,
) -> Result<reports::StoredReport> {
    let stored = super::reports::load_visible(conn, actor, id)?;
    if stored.report.inspector_id != actor.id {
        return Err(Error::Forbidden);
    }
    if !stored.report.status.is_editable() {
        return Err(Error::Conflict(Conflict::ReportNotEditable));
    }
    Ok(stored)
}

/// A photo can be evidence only for an item of its report's checklist that applies to the
/// report's unit type.
pub(super) fn item_applies(
    conn: &mut DbConnection,
    published: &anfang_infra::db::published_checklists::PublishedChecklists,
    stored: &reports::StoredReport,
    code: &ItemCode,
) -> Result<()> {
    let checklist = published
        .get(conn, stored.report.content.checklist_id)?
        .ok_or_else(|| Error::internal("a report's checklist is missing"))?;
    let applies = checklist
        .item(code)
        .is_some_and(|i| i.applies_to_type(&stored.report.unit_type));
    if applies {
        Ok(())
    } else {
        Err(Error::field("item_code", FieldIssue::UnknownReference))
    }
}

fn flags_for(
    conn: &mut DbConnection,
    photo: &Photo,
    report: &anfang_domain::report::Report,
) -> Result<Vec<IntegrityFlag>> {
    let unit = units::find(conn, report.content.unit_id)?
        .and_then(|s| s.unit.location.map(|l| (l, s.unit.geofence)));
    Ok(photo_flags(photo, &report.content.visit, unit))
}

/// May `actor` add photos to the report? Asked before the upload's body is read, so that
/// nobody can make the server read megabytes for a report they may not touch.
#[tracing::instrument(skip_all, fields(actor = %actor.id, report_id = %report_id))]
pub async fn check_upload(ctx: &Context, actor: &User, report_id: ReportId) -> Result<()> {
    let actor = actor.clone();
    ctx.db
        .read(move |conn| writable_report(conn, &actor, report_id).map(drop))
        .await
}

#[tracing::instrument(skip_all, fields(actor = %actor.id))]
pub async fn upload(
    ctx: &Context,
    actor: User,
    upload: Upload,
    origin: RequestOrigin,
) -> Result<Uploaded> {
    let clock = ctx.clock;
    if actor.role == Role::UnitManager {
        return Err(Error::NotFound);
    }
    let report_id = upload.report_id;
    let (check_actor, photo_id, item_code) =
        (actor.clone(), upload.photo_id, upload.item_code.clone());
    let published = ctx.checklists.clone();
    // A retried upload of the same photo is recognised before any work is done.
    let existing = ctx
        .db
        .read(move |conn| {
            let stored = writable_report(conn, &check_actor, report_id)?;
            if let Some(code) = &item_code {
                item_applies(conn, &published, &stored, code)?;
            }
            match photo_id {
                Some(id) => Ok::<_, Error>((photos::find(conn, id)?, Some(id))),
                None => Ok((None, None)),
            }
        })
        .await?;
    let (existing, declared_id) = existing;

    let processed =
        process_off_thread(ctx, upload.bytes.clone(), upload.declared_type.clone()).await?;
    // A file the phone declared must be the one it declared, before anything is stored.
    if let Some(declared_id) = declared_id {
        let (size, sha256) = (upload.bytes.len() as u64, processed.sha256.clone());
        ctx.db
            .read(move |conn| {
                crate::evidence_manifest::check_arrival(
                    conn,
                    report_id,
                    declared_id.into(),
                    size,
                    &sha256,
                )
            })
            .await?;
    }
    if let Some(photo) = existing {
        if photo.report_id == report_id && photo.sha256 == processed.sha256 {
            let flags = ctx
                .db
                .read(move |conn| {
                    let report = reports::find(conn, report_id)?.ok_or(Error::NotFound)?;
                    flags_for(conn, &photo, &report.report).map(|f| (photo, f))
                })
                .await?;
            return Ok(Uploaded {
                photo: flags.0,
                flags: flags.1,
                created: false,
            });
        }
        return Err(Error::Conflict(Conflict::PhotoConflict));
    }

    let id = upload.photo_id.unwrap_or_else(PhotoId::new_random);
    // Objects first, under a blob of this upload's own, the row last: a failure in between
    // leaves only objects no row refers to, which the sweep removes, never a row pointing at
    // nothing; and an upload racing this one under the same photo id writes elsewhere, so the
    // row that wins always names its own bytes.
    let blob = put_variants(ctx, key, &upload.bytes, &processed).await?;
    let byte_size = upload.bytes.len() as u64;
    let (caption, item_code) = (upload.caption, upload.item_code);
    ctx.db
        .write(move |conn| {
            let stored = writable_report(conn, &actor, report_id)?;
            crate::evidence_manifest::check_arrival(
                conn,
                report_id,
                id.into(),
                byte_size,
                &processed.sha256,
            )?;
            let duplicate_of = photos::same_bytes_elsewhere(conn, &processed.sha256, report_id)?;
            let near_duplicate_of = photos::hashes_elsewhere(conn, report_id)?
                .into_iter()
                .filter(|(other, hash)| {
                    Some(*other) != duplicate_of
                        && images::hamming(*hash, processed.phash) <= NEAR_DUPLICATE_BITS
                })
                .map(|(other, _)| other)
                .next();
            let now = clock.now();
            let photo = Photo {
                id,
                report_id,
                blob,
                item_code,
                caption,
                format: processed.format.as_str().to_owned(),
                byte_size,
                sha256: processed.sha256.clone(),
                phash: processed.phash,
                width: processed.width,
                height: processed.height,
                captured_at: processed.metadata.captured_at,
                location: match (processed.metadata.latitude, processed.metadata.longitude) {
                    (Some(lat), Some(lon)) => anfang_domain::catalog::GeoPoint::new(lat, lon).ok(),
                    _ => None,
                },
                duplicate_of,
                near_duplicate_of,
                uploaded_by: actor.id,
                created_at: now,
                device_clock_offset: origin.device_time.map(|sent| sent - now),
            };
            photos::insert(conn, &photo).map_err(id_taken_is_conflict)?;
            audit::Entry::new(Action::PhotoUpload, photo.created_at)
                .by(actor.id)
                .on(Target::Photo(id))
                .from(&origin)
                .details(
                    serde_json::json!({ "report": report_id.to_string(), "sha256": photo.sha256 }),
                )
                .append(conn)?;
            let flags = flags_for(conn, &photo, &stored.report)?;
            Ok(Uploaded {
                photo,
                flags,
                created: true,
            })
        })
        .await
}

/// Stores the original and the two re-encoded sizes under a fresh blob of this upload's own,
/// at the keys `key` makes of it; returns the blob.
pub(super) async fn put_variants(
    ctx: &Context,
    key: fn(BlobId, &str) -> ObjectKey,
    original: &Bytes,
    processed: &ProcessedPhoto,
) -> Result<BlobId> {
    let blob = BlobId::new_random();
    for (variant, bytes) in [
        ("original", original),
        ("display", &processed.display),
        ("thumb", &processed.thumb),
    ] {
        ctx.storage
            .put(&key(blob, variant), bytes.clone())
            .await
            .map_err(Error::from)?;
    }
    Ok(blob)
}

/// A photo id another upload already took (a race between two retries) is a conflict.
pub(super) fn id_taken_is_conflict(e: WriteError) -> Error {
    match e {
        WriteError::Taken => Conflict::PhotoConflict.into(),
        other => other.into(),
    }
}

/// Decodes on a blocking thread, at most one image per core at a time: a full house answers
/// 503 with `Retry-After` rather than queueing unbounded memory.
pub(super) async fn process_off_thread(
    ctx: &Context,
    bytes: Bytes,
    declared: Option<String>,
) -> Result<ProcessedPhoto> {
    let permit = Arc::clone(&ctx.images.slots)
        .try_acquire_owned()
        .map_err(|_| Error::unavailable(2))?;
    let (limits, zone) = (ctx.images.limits, ctx.timezone);
    let result = crate::blocking::run(move || {
        let _permit = permit;
        images::process(&bytes, declared.as_deref(), &limits, zone)
    })
    .await?;
    result.map_err(Error::from)
}

/// An original is evidence: supervisors and admins only, every download audited.
pub(super) fn audit_original_download(
    conn: &mut DbConnection,
    at: chrono::DateTime<chrono::Utc>,
    viewer: &User,
    id: PhotoId,
    origin: &RequestOrigin,
    of: serde_json::Value,
) -> Result<()> {
    if !ReportFields::for_role(viewer.role).original_photos {
        return Err(Error::Forbidden);
    }
    audit::Entry::new(Action::PhotoOriginalDownload, at)
        .by(viewer.id)
        .on(Target::Photo(id))
        .from(origin)
        .details(of)
        .append(conn)?;
    Ok(())
}

/// The photo's bytes in `variant`, if `viewer` may see its report; the original only for
/// supervisors and admins, audited as an evidence download.
#[tracing::instrument(skip_all, fields(viewer = %viewer.id, id = %id))]
pub async fn download(
    ctx: &Context,
    viewer: User,
    id: PhotoId,
    variant: &'static str,
    origin: RequestOrigin,
) -> Result<(Photo, Bytes)> {
    let clock = ctx.clock;
    let original = variant == "original";
    // Viewers who may see no report at all are answered before any lookup, so that a real
    // photo id and a made-up one cost the same.
    if ReportScope::for_viewer(viewer.id, viewer.role) == ReportScope::Nothing {
        return Err(Error::NotFound);
    }
    let photo = ctx
        .db
        .write(move |conn| {
            let photo = photos::find(conn, id)?.ok_or(Error::NotFound)?;
            super::reports::load_visible(conn, &viewer, photo.report_id)?;
            if original {
                let of = serde_json::json!({ "report": photo.report_id.to_string() });
                audit_original_download(conn, clock.now(), &viewer, id, &origin, of)?;
            }
            Ok::<_, Error>(photo)
        })
        .await?;
    let bytes = ctx
        .storage
        .get(&key(photo.blob, variant))
        .await
        .map_err(Error::from)?;
    Ok((photo, bytes))
}

/// Removes a photo from a draft (its author only); its objects go after the row.
#[tracing::instrument(skip_all, fields(actor = %actor.id, id = %id))]
pub async fn delete(ctx: &Context, actor: User, id: PhotoId, origin: RequestOrigin) -> Result<()> {
    let clock = ctx.clock;
    if ReportScope::for_viewer(actor.id, actor.role) == ReportScope::Nothing {
        return Err(Error::NotFound);
    }
    let blob = ctx
        .db
        .write(move |conn| {
            let photo = photos::find(conn, id)?.ok_or(Error::NotFound)?;
            let stored = writable_report(conn, &actor, photo.report_id)?;
            if stored.report.status != anfang_domain::report::ReportStatus::Draft {
                return Err(Error::Conflict(Conflict::ReportNotEditable));
            }
            photos::delete(conn, id)?;
            audit::Entry::new(Action::PhotoDelete, clock.now())
                .by(actor.id)
                .on(Target::Photo(id))
                .from(&origin)
                .append(conn)?;
            Ok(photo.blob)
        })
        .await?;
    for variant in VARIANTS {
        // Best effort: anything left is unreferenced and the sweep takes it.
        let _ = ctx.storage.delete(&key(blob, variant)).await;
    }
    Ok(())
}

/// Removes stored objects that no photo row refers to and that are older than `grace` (an
/// upload in flight has its objects before its row). Returns how many objects went.
#[tracing::instrument(skip_all)]
pub async fn sweep(ctx: &Context, grace: chrono::Duration) -> Result<usize> {
    let mut removed = 0;
    for prefix in ["photos", "rectifications", "recordings", "uploads"] {
        removed += sweep_under(ctx, prefix, grace).await?;
    }
    Ok(removed)
}

/// Evidence photos live under `photos/`, rectification photos under `rectifications/`,
/// recordings under `recordings/` (each in a folder named by its blob), and what resumable
/// uploads keep until they finish under `uploads/` (in a folder named by the upload).
async fn sweep_under(
    ctx: &Context,
    prefix: &'static str,
    grace: chrono::Duration,
) -> Result<usize> {
    let clock = ctx.clock;
    let objects = ctx.storage.list(prefix).await.map_err(Error::from)?;
    let cutoff = clock.now() - grace;
    let mut removed = 0;
    for (key, modified) in objects {
        let Some(folder) = key
            .as_str()
            .split('/')
            .nth(1)
            .and_then(|s| s.parse::<BlobId>().ok())
        else {
            continue;
        };
        if modified > cutoff {
            continue;
        }
        let key_text = key.as_str().to_owned();
        let referenced = ctx
            .db
            .read(move |conn| {
                let blob = folder;
                let found = match prefix {
                    "photos" => photos::blob_in_use(conn, blob)?,
                    "recordings" => {
                        recordings::blob_in_use(conn, blob)?
                            || uploads::key_in_use(conn, key_text.as_str())?
                    }
                    "uploads" => {
                        uploads::find(conn, UploadId::from_uuid(folder.as_uuid()))?.is_some()
                    }
                    _ => rectification_photos::blob_in_use(conn, blob)?,
                };
                Ok::<_, Error>(found)
            })
            .await?;
        if !referenced {
            ctx.storage.delete(&key).await.map_err(Error::from)?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// A report's photos with their flags, if `viewer` may see the report.
#[tracing::instrument(skip_all, fields(viewer = %viewer.id, id = %id))]
pub async fn of_report(
    ctx: &Context,
    viewer: User,
    id: ReportId,
) -> Result<Vec<(Photo, Vec<IntegrityFlag>)>> {
    if ReportScope::for_viewer(viewer.id, viewer.role) == ReportScope::Nothing {
        return Err(Error::NotFound);
    }
    ctx.db
        .read(move |conn| {
            let stored = super::reports::load_visible(conn, &viewer, id)?;
            let mut out = Vec::new();
            for photo in photos::for_report(conn, id)? {
                let flags = flags_for(conn, &photo, &stored.report)?;
                out.push((photo, flags));
            }
            Ok(out)
        })
        .await
}
