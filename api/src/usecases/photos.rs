//! Photo evidence (SPEC §3.3): uploaded by a report's author while it can change, checked and
//! re-encoded off the async threads, stored original-first, served only to those who may see
//! the report — the original only to supervisors and admins, and every such download audited.

use std::sync::Arc;

use anfang_domain::auth::Role;
use anfang_domain::catalog::ItemCode;
use anfang_domain::ids::{BlobId, PhotoId, ReportId};
use anfang_domain::report::ReportScope;
use anfang_domain::report::{Caption, IntegrityFlag, Photo, photo_flags};
use anfang_domain::user::User;
use anfang_infra::db::audit::RequestOrigin;
use anfang_infra::db::{self, DbConnection, photos, rectification_photos, reports, units};
use anfang_infra::images::{self, ImageError, NEAR_DUPLICATE_BITS, ProcessedPhoto};
use anfang_infra::storage::{ObjectKey, StorageError};
use bytes::Bytes;

use super::audit;
use crate::app::AppState;
use crate::error::{ApiError, ApiResult, ErrorCode, FieldIssue};

pub const VARIANTS: [&str; 3] = ["original", "display", "thumb"];

/// Where a photo's files are: under its blob, an id of the server's making.
pub fn key(blob: BlobId, variant: &str) -> ObjectKey {
    ObjectKey::new(&["photos", &blob.to_string(), variant])
}

pub(super) fn storage_error(e: StorageError) -> ApiError {
    match e {
        StorageError::NotFound(_) => ApiError::not_found(),
        other => {
            tracing::error!(error = %other, "object storage");
            ApiError::new(ErrorCode::Unavailable).retry_after(std::time::Duration::from_secs(5))
        }
    }
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
fn writable_report(
    conn: &mut DbConnection,
    actor: &User,
    id: ReportId,
) -> ApiResult<reports::StoredReport> {
    let stored = super::reports::load_visible(conn, actor, id)?;
    if stored.report.inspector_id != actor.id {
        return Err(ApiError::new(ErrorCode::Forbidden));
    }
    if !stored.report.status.is_editable() {
        return Err(ApiError::new(ErrorCode::ReportNotEditable));
    }
    Ok(stored)
}

fn flags_for(
    conn: &mut DbConnection,
    photo: &Photo,
    report: &anfang_domain::report::Report,
) -> ApiResult<Vec<IntegrityFlag>> {
    let unit = units::find(conn, report.content.unit_id)?
        .and_then(|s| s.unit.location.map(|l| (l, s.unit.geofence)));
    Ok(photo_flags(photo, &report.content.visit, unit))
}

/// May `actor` add photos to the report? Asked before the upload's body is read, so that
/// nobody can make the server read megabytes for a report they may not touch.
pub async fn check_upload(state: &AppState, actor: &User, report_id: ReportId) -> ApiResult<()> {
    let actor = actor.clone();
    state
        .db
        .read(move |conn| writable_report(conn, &actor, report_id).map(drop))
        .await
}

pub async fn upload(
    state: &AppState,
    actor: User,
    upload: Upload,
    origin: RequestOrigin,
) -> ApiResult<Uploaded> {
    if actor.role == Role::UnitManager {
        return Err(ApiError::not_found());
    }
    let report_id = upload.report_id;
    let (check_actor, photo_id, item_code) =
        (actor.clone(), upload.photo_id, upload.item_code.clone());
    let published = state.checklists.clone();
    // A retried upload of the same photo is recognised before any work is done.
    let existing = state
        .db
        .read(move |conn| {
            let stored = writable_report(conn, &check_actor, report_id)?;
            if let Some(code) = &item_code {
                let checklist = published
                    .get(conn, stored.report.content.checklist_id)?
                    .ok_or_else(|| ApiError::internal("a report's checklist is missing"))?;
                let applies = checklist
                    .item(code)
                    .is_some_and(|i| i.applies_to_type(&stored.report.unit_type));
                if !applies {
                    return Err(ApiError::field("item_code", FieldIssue::UnknownReference));
                }
            }
            match photo_id {
                Some(id) => Ok(photos::find(conn, id)?),
                None => Ok(None),
            }
        })
        .await?;

    let processed =
        process_off_thread(state, upload.bytes.clone(), upload.declared_type.clone()).await?;
    if let Some(photo) = existing {
        if photo.report_id == report_id && photo.sha256 == processed.sha256 {
            let flags = state
                .db
                .read(move |conn| {
                    let report = reports::find(conn, report_id)?.ok_or_else(ApiError::not_found)?;
                    flags_for(conn, &photo, &report.report).map(|f| (photo, f))
                })
                .await?;
            return Ok(Uploaded {
                photo: flags.0,
                flags: flags.1,
                created: false,
            });
        }
        return Err(ApiError::new(ErrorCode::PhotoConflict));
    }

    let id = upload.photo_id.unwrap_or_else(PhotoId::new_random);
    // Objects first, under a blob of this upload's own, the row last: a failure in between
    // leaves only objects no row refers to, which the sweep removes, never a row pointing at
    // nothing; and an upload racing this one under the same photo id writes elsewhere, so the
    // row that wins always names its own bytes.
    let blob = put_variants(state, key, &upload.bytes, &processed).await?;
    let byte_size = upload.bytes.len() as u64;
    let (caption, item_code) = (upload.caption, upload.item_code);
    state
        .db
        .write(move |conn| {
            let stored = writable_report(conn, &actor, report_id)?;
            let duplicate_of = photos::same_bytes_elsewhere(conn, &processed.sha256, report_id)?;
            let near_duplicate_of = photos::hashes_elsewhere(conn, report_id)?
                .into_iter()
                .filter(|(other, hash)| {
                    Some(*other) != duplicate_of
                        && images::hamming(*hash, processed.phash) <= NEAR_DUPLICATE_BITS
                })
                .map(|(other, _)| other)
                .next();
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
                created_at: db::now(),
            };
            photos::insert(conn, &photo).map_err(id_taken_is_conflict)?;
            audit(
                conn,
                photo.created_at,
                Some(actor.id.to_string()),
                "photo.upload",
                Some(("photo", id.to_string())),
                &origin,
                Some(
                    serde_json::json!({ "report": report_id.to_string(), "sha256": photo.sha256 }),
                ),
            )?;
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
    state: &AppState,
    key: fn(BlobId, &str) -> ObjectKey,
    original: &Bytes,
    processed: &ProcessedPhoto,
) -> ApiResult<BlobId> {
    let blob = BlobId::new_random();
    for (variant, bytes) in [
        ("original", original),
        ("display", &processed.display),
        ("thumb", &processed.thumb),
    ] {
        state
            .storage
            .put(&key(blob, variant), bytes.clone())
            .await
            .map_err(storage_error)?;
    }
    Ok(blob)
}

/// A photo id another upload already took (a race between two retries) is a conflict.
pub(super) fn id_taken_is_conflict(e: db::DbError) -> ApiError {
    if e.is_unique_violation() {
        ApiError::new(ErrorCode::PhotoConflict)
    } else {
        e.into()
    }
}

/// Decodes on a blocking thread, at most one image per core at a time: a full house answers
/// 503 with `Retry-After` rather than queueing unbounded memory.
pub(super) async fn process_off_thread(
    state: &AppState,
    bytes: Bytes,
    declared: Option<String>,
) -> ApiResult<ProcessedPhoto> {
    let permit = Arc::clone(&state.image_slots)
        .try_acquire_owned()
        .map_err(|_| {
            ApiError::new(ErrorCode::Unavailable).retry_after(std::time::Duration::from_secs(2))
        })?;
    let (limits, zone) = (state.image_limits, state.timezone);
    let result = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        images::process(&bytes, declared.as_deref(), &limits, zone)
    })
    .await
    .map_err(ApiError::internal)?;
    result.map_err(ApiError::from)
}

/// An original is evidence: supervisors and admins only, every download audited.
pub(super) fn audit_original_download(
    conn: &mut DbConnection,
    viewer: &User,
    id: PhotoId,
    origin: &RequestOrigin,
    of: serde_json::Value,
) -> ApiResult<()> {
    if !matches!(viewer.role, Role::Supervisor | Role::Admin) {
        return Err(ApiError::new(ErrorCode::Forbidden));
    }
    audit(
        conn,
        db::now(),
        Some(viewer.id.to_string()),
        "photo.original_download",
        Some(("photo", id.to_string())),
        origin,
        Some(of),
    )?;
    Ok(())
}

/// The photo's bytes in `variant`, if `viewer` may see its report; the original only for
/// supervisors and admins, audited as an evidence download.
pub async fn download(
    state: &AppState,
    viewer: User,
    id: PhotoId,
    variant: &'static str,
    origin: RequestOrigin,
) -> ApiResult<(Photo, Bytes)> {
    let original = variant == "original";
    // Viewers who may see no report at all are answered before any lookup, so that a real
    // photo id and a made-up one cost the same.
    if ReportScope::for_viewer(viewer.id, viewer.role) == ReportScope::Nothing {
        return Err(ApiError::not_found());
    }
    let photo = state
        .db
        .write(move |conn| {
            let photo = photos::find(conn, id)?.ok_or_else(ApiError::not_found)?;
            super::reports::load_visible(conn, &viewer, photo.report_id)?;
            if original {
                let of = serde_json::json!({ "report": photo.report_id.to_string() });
                audit_original_download(conn, &viewer, id, &origin, of)?;
            }
            Ok::<_, ApiError>(photo)
        })
        .await?;
    let bytes = state
        .storage
        .get(&key(photo.blob, variant))
        .await
        .map_err(storage_error)?;
    Ok((photo, bytes))
}

/// Removes a photo from a draft (its author only); its objects go after the row.
pub async fn delete(
    state: &AppState,
    actor: User,
    id: PhotoId,
    origin: RequestOrigin,
) -> ApiResult<()> {
    if ReportScope::for_viewer(actor.id, actor.role) == ReportScope::Nothing {
        return Err(ApiError::not_found());
    }
    let blob = state
        .db
        .write(move |conn| {
            let photo = photos::find(conn, id)?.ok_or_else(ApiError::not_found)?;
            let stored = writable_report(conn, &actor, photo.report_id)?;
            if stored.report.status != anfang_domain::report::ReportStatus::Draft {
                return Err(ApiError::new(ErrorCode::ReportNotEditable));
            }
            photos::delete(conn, id)?;
            audit(
                conn,
                db::now(),
                Some(actor.id.to_string()),
                "photo.delete",
                Some(("photo", id.to_string())),
                &origin,
                None,
            )?;
            Ok(photo.blob)
        })
        .await?;
    for variant in VARIANTS {
        // Best effort: anything left is unreferenced and the sweep takes it.
        let _ = state.storage.delete(&key(blob, variant)).await;
    }
    Ok(())
}

/// Removes stored objects that no photo row refers to and that are older than `grace` (an
/// upload in flight has its objects before its row). Returns how many objects went.
pub async fn sweep(state: &AppState, grace: chrono::Duration) -> ApiResult<usize> {
    let mut removed = 0;
    for prefix in ["photos", "rectifications"] {
        removed += sweep_under(state, prefix, grace).await?;
    }
    Ok(removed)
}

/// Evidence photos live under `photos/`, rectification photos under `rectifications/`.
async fn sweep_under(
    state: &AppState,
    prefix: &'static str,
    grace: chrono::Duration,
) -> ApiResult<usize> {
    let objects = state.storage.list(prefix).await.map_err(storage_error)?;
    let cutoff = db::now() - grace;
    let mut removed = 0;
    for (key, modified) in objects {
        let Some(blob) = key
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
        let referenced = state
            .db
            .read(move |conn| {
                let found = match prefix {
                    "photos" => photos::blob_in_use(conn, blob)?,
                    _ => rectification_photos::blob_in_use(conn, blob)?,
                };
                Ok::<_, ApiError>(found)
            })
            .await?;
        if !referenced {
            state.storage.delete(&key).await.map_err(storage_error)?;
            removed += 1;
        }
    }
    Ok(removed)
}

impl From<ImageError> for ApiError {
    fn from(e: ImageError) -> Self {
        let code = match e {
            ImageError::TooLarge { .. } => ErrorCode::PayloadTooLarge,
            ImageError::Heic | ImageError::Unsupported => ErrorCode::UnsupportedMediaType,
            ImageError::Empty
            | ImageError::DeclaredTypeLies { .. }
            | ImageError::TooManyPixels { .. }
            | ImageError::TooCostly { .. }
            | ImageError::Truncated
            | ImageError::Corrupt => ErrorCode::InvalidImage,
        };
        let mut error = ApiError::field(
            "file",
            FieldIssue::Rule {
                zh: image_message_zh(&e),
                en: e.to_string(),
            },
        );
        error.code = code;
        error
    }
}

fn image_message_zh(e: &ImageError) -> &'static str {
    match e {
        ImageError::Empty => "文件为空",
        ImageError::TooLarge { .. } => "文件超过大小限制（20 MiB）",
        ImageError::Heic => "暂不支持 HEIC/HEIF 照片，请上传 JPEG、PNG 或 WebP",
        ImageError::Unsupported => "不支持的文件类型，请上传 JPEG、PNG 或 WebP",
        ImageError::DeclaredTypeLies { .. } => "声明的文件类型与内容不符",
        ImageError::TooManyPixels { .. } => "图片尺寸超过限制（每边 8192 像素、总计 5000 万像素）",
        ImageError::TooCostly { .. } => {
            "图片解码所需内存超过限制（16 位色深、透明通道或渐进式 JPEG 时像素上限更低）"
        }
        ImageError::Truncated => "JPEG 文件不完整",
        ImageError::Corrupt => "图片无法解码",
    }
}

/// A report's photos with their flags, if `viewer` may see the report.
pub async fn of_report(
    state: &AppState,
    viewer: User,
    id: ReportId,
) -> ApiResult<Vec<(Photo, Vec<IntegrityFlag>)>> {
    if ReportScope::for_viewer(viewer.id, viewer.role) == ReportScope::Nothing {
        return Err(ApiError::not_found());
    }
    state
        .db
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
