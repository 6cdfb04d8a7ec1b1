//! Photos the unit sends with its rectification: the same pipeline as evidence photos
//! (sniffed, limited, metadata stripped, display size and thumbnail), kept per finding and
//! shown to whoever may see the finding.

use anfang_domain::auth::Role;
use anfang_domain::finding::{Finding, RectificationPhoto, accepts_rectification_photos};
use anfang_domain::ids::{BlobId, FindingId, PhotoId};
use anfang_domain::report::Caption;
use anfang_domain::user::User;
use anfang_infra::db::audit::RequestOrigin;
use anfang_infra::db::lock::{self, Aggregate};
use anfang_infra::db::{self, rectification_photos};
use anfang_infra::storage::ObjectKey;
use bytes::Bytes;

use super::findings::load_visible;
use super::photos::{
    audit_original_download, id_taken_is_conflict, process_off_thread, put_variants,
};
use crate::Context;
use crate::audit::{self, Action, Target};
use crate::{Conflict, Error, Result};

/// Where a rectification photo's files are: under its blob, of the server's making.
pub fn key(blob: BlobId, variant: &str) -> ObjectKey {
    ObjectKey::new(&["rectifications", &blob.to_string(), variant])
}

pub struct RectificationUpload {
    pub finding_id: FindingId,
    pub photo_id: Option<PhotoId>,
    pub caption: Option<Caption>,
    pub declared_type: Option<String>,
    pub bytes: Bytes,
}

/// The finding, if `actor` is its unit's manager and it still waits for the unit.
pub(crate) fn writable_finding(
    conn: &mut db::DbConnection,
    actor: &User,
    id: FindingId,
) -> Result<Finding> {
    let finding = load_visible(conn, actor, id)?;
    if actor.role != Role::UnitManager {
        return Err(Error::Forbidden);
    }
    if !accepts_rectification_photos(finding.status) {
        return Err(Error::Conflict(Conflict::IllegalTransition));
    }
    Ok(finding)
}

/// May `actor` add rectification photos to the finding? Asked before the body is read.
#[tracing::instrument(skip_all, fields(actor = %actor.id, finding = %finding))]
pub async fn check_upload(ctx: &Context, actor: &User, finding: FindingId) -> Result<()> {
    let actor = actor.clone();
    ctx.db
        .read(move |conn| writable_finding(conn, &actor, finding).map(drop))
        .await
}

/// Adds a photo to the rectification (the unit's manager); a retry with the same `photo_id`
/// and bytes returns the same photo, other bytes under that id are a conflict.
#[tracing::instrument(skip_all, fields(actor = %actor.id))]
pub async fn upload(
    ctx: &Context,
    actor: User,
    upload: RectificationUpload,
    origin: RequestOrigin,
) -> Result<(RectificationPhoto, bool)> {
    let clock = ctx.clock;
    let (finding_id, photo_id, reader) = (upload.finding_id, upload.photo_id, actor.clone());
    let existing = ctx
        .db
        .read(move |conn| {
            writable_finding(conn, &reader, finding_id)?;
            match photo_id {
                Some(id) => Ok::<_, Error>(rectification_photos::find(conn, id)?),
                None => Ok(None),
            }
        })
        .await?;
    let processed = process_off_thread(ctx, upload.bytes.clone(), upload.declared_type).await?;
    if let Some(photo) = existing {
        return if photo.finding_id == finding_id && photo.sha256 == processed.sha256 {
            Ok((photo, false))
        } else {
            Err(Error::Conflict(Conflict::PhotoConflict))
        };
    }
    let id = photo_id.unwrap_or_else(PhotoId::new_random);
    // Objects first under a blob of this upload's own, the row last, as for evidence photos.
    let blob = put_variants(ctx, key, &upload.bytes, &processed).await?;
    let photo = RectificationPhoto {
        id,
        finding_id,
        blob,
        caption: upload.caption,
        format: processed.format.as_str().to_owned(),
        byte_size: upload.bytes.len() as u64,
        sha256: processed.sha256,
        width: processed.width,
        height: processed.height,
        uploaded_by: actor.id,
        created_at: clock.now(),
    };
    ctx.db
        .write(move |conn| {
            // Held so that a rectification reported meanwhile is seen, not raced.
            lock::row(conn, Aggregate::Finding, &finding_id.to_string())?;
            writable_finding(conn, &actor, finding_id)?;
            rectification_photos::insert(conn, &photo).map_err(id_taken_is_conflict)?;
            audit::Entry::new(Action::FindingRectificationPhoto, photo.created_at)
                .by(actor.id)
                .on(Target::Finding(finding_id))
                .from(&origin)
                .details(serde_json::json!({ "photo": id.to_string(), "sha256": photo.sha256 }))
                .append(conn)?;
            Ok((photo, true))
        })
        .await
}

#[tracing::instrument(skip_all, fields(viewer = %viewer.id, finding = %finding))]
pub async fn list(
    ctx: &Context,
    viewer: User,
    finding: FindingId,
) -> Result<Vec<RectificationPhoto>> {
    ctx.db
        .read(move |conn| {
            load_visible(conn, &viewer, finding)?;
            Ok::<_, Error>(rectification_photos::of_finding(conn, finding)?)
        })
        .await
}

/// A rectification photo in `variant`, for whoever may see the finding; the original only
/// for supervisors and admins, audited.
#[tracing::instrument(skip_all, fields(viewer = %viewer.id, finding = %finding, id = %id))]
pub async fn download(
    ctx: &Context,
    viewer: User,
    finding: FindingId,
    id: PhotoId,
    variant: &'static str,
    origin: RequestOrigin,
) -> Result<(RectificationPhoto, Bytes)> {
    let clock = ctx.clock;
    let photo = ctx
        .db
        .write(move |conn| {
            load_visible(conn, &viewer, finding)?;
            let photo = rectification_photos::find(conn, id)?
                .filter(|p| p.finding_id == finding)
                .ok_or(Error::NotFound)?;
            if variant == "original" {
                let of = serde_json::json!({ "finding": finding.to_string() });
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
