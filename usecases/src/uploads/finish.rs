//! A complete upload becomes evidence: its parts are joined into one object (once), and the
//! file is then taken by the same rules as a photo or recording sent any other way. A file
//! refused by those rules is dropped with its upload, so its sender is told once, clearly,
//! and nothing half-accepted stays behind; a failure of a store leaves the upload complete
//! and unfinished, for its sender's retry to finish.

use anfang_domain::report::EvidenceKind;
use anfang_domain::user::User;
use anfang_infra::db::audit::RequestOrigin;
use anfang_infra::db::uploads::{self, StoredUpload};
use anfang_infra::storage::ObjectKey;
use futures::TryStreamExt;
use sha2::{Digest, Sha256};

use super::in_flight::Hashing;
use super::{UploadView, discard_objects, parted_file};
use crate::{Context, Error, Result};

pub(super) async fn finish(
    ctx: &Context,
    actor: User,
    mut upload: StoredUpload,
    hashing: Option<Hashing>,
    origin: RequestOrigin,
) -> Result<UploadView> {
    let id = upload.id;
    let file = parted_file(&upload);
    if !upload.assembled {
        let parts = ctx
            .db
            .read(move |conn| Ok::<_, Error>(uploads::parts(conn, id)?))
            .await?;
        let tags = parts.into_iter().map(|p| p.tag).collect();
        ctx.storage.join_parts(&file, tags).await?;
        ctx.db
            .write(move |conn| Ok::<_, Error>(uploads::mark_assembled(conn, id)?))
            .await?;
        upload.assembled = true;
        upload.tail_bytes = 0;
    }
    let accepted = match upload.kind {
        EvidenceKind::Photo => as_photo(ctx, actor, &upload, &file.key, origin).await,
        EvidenceKind::Recording => {
            let sha256 = match hashing {
                Some(h) if h.offset == upload.length => format!("{:x}", h.digest.finalize()),
                _ => hash_stored(ctx, &file.key).await?,
            };
            crate::recordings::accept(ctx, actor, &upload, sha256, origin).await
        }
    };
    match accepted {
        Ok(()) => {
            ctx.uploads.in_flight.forget(id);
            let now = ctx.clock.now();
            upload.completed_at = Some(now);
            Ok(UploadView::from(&upload))
        }
        Err(e @ (Error::Unavailable { .. } | Error::Internal)) => Err(e),
        Err(refused) => {
            ctx.uploads.in_flight.forget(id);
            let _ = ctx
                .db
                .write(move |conn| Ok::<_, Error>(uploads::delete(conn, id)?))
                .await;
            discard_objects(ctx, &upload, 0).await;
            Err(refused)
        }
    }
}

/// A photo sent by upload: read back (it is at most the photo limit), then checked and stored
/// as any photo of its report or rectification is; its staging copy goes once it is stored.
async fn as_photo(
    ctx: &Context,
    actor: User,
    upload: &StoredUpload,
    staged: &ObjectKey,
    origin: RequestOrigin,
) -> Result<()> {
    let bytes = ctx.storage.get(staged).await?;
    let (photo_id, caption) = (Some(upload.evidence_id.as_photo()), upload.caption.clone());
    match upload.finding_id {
        None => {
            let photo = crate::photos::Upload {
                report_id: upload.report_id,
                photo_id,
                item_code: upload.item_code.clone(),
                caption,
                declared_type: None,
                bytes,
            };
            crate::photos::upload(ctx, actor, photo, origin).await?;
        }
        Some(finding_id) => {
            let photo = crate::rectification_photos::RectificationUpload {
                finding_id,
                photo_id,
                caption,
                declared_type: None,
                bytes,
            };
            crate::rectification_photos::upload(ctx, actor, photo, origin).await?;
        }
    }
    let (id, now) = (upload.id, ctx.clock.now());
    ctx.db
        .write(move |conn| Ok::<_, Error>(uploads::complete(conn, id, now)?))
        .await?;
    let _ = ctx.storage.delete(staged).await;
    Ok(())
}

/// The SHA-256 of a stored object, read as a stream (one chunk in memory at a time).
async fn hash_stored(ctx: &Context, key: &ObjectKey) -> Result<String> {
    let mut stream = ctx.storage.stream(key, None).await?;
    let mut digest = Sha256::new();
    while let Some(chunk) = stream.try_next().await? {
        digest.update(&chunk);
    }
    Ok(format!("{:x}", digest.finalize()))
}
