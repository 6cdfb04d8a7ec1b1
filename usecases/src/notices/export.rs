//! A notice's exports and its 公文 documents: rendered from the snapshot on first request, kept
//! in object storage under a key naming the exact snapshot (and, for a document not yet
//! published, the letterhead it shows), and every download audited.

use std::collections::HashMap;

use anfang_domain::ids::{NoticeId, PhotoId};
use anfang_domain::notice::Letterhead;
use anfang_domain::notice::Notice;
use anfang_domain::user::User;
use anfang_infra::db::audit::RequestOrigin;
use anfang_infra::db::{self, aggregates, notices};
use anfang_infra::documents::{self, DocumentFormat};
use anfang_infra::notice_exports::{self, ExportFormat, NoticeDocument};
use anfang_infra::storage::{ObjectKey, StorageError};
use bytes::Bytes;

use super::load_visible;
use crate::Context;
use crate::audit::{self, Action, Target};
use crate::photos;
use crate::{Error, Result};

/// What a notice is exported as: a data export, or the official document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeFormat {
    Export(ExportFormat),
    Document(DocumentFormat),
}

impl NoticeFormat {
    pub fn extension(self) -> &'static str {
        match self {
            NoticeFormat::Export(f) => f.extension(),
            NoticeFormat::Document(f) => f.extension(),
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            NoticeFormat::Export(f) => f.content_type(),
            NoticeFormat::Document(f) => f.content_type(),
        }
    }

    fn all() -> impl Iterator<Item = NoticeFormat> {
        ExportFormat::ALL
            .into_iter()
            .map(NoticeFormat::Export)
            .chain(DocumentFormat::ALL.into_iter().map(NoticeFormat::Document))
    }
}

pub struct Export {
    pub bytes: Bytes,
    pub format: NoticeFormat,
    /// e.g. `anfang-notice-2026-10.xlsx`.
    pub filename: String,
}

/// The snapshot's own key: a redrafted, signed or published notice gets new exports; an
/// unpublished document also names the letterhead it shows (a published one keeps its own).
fn key(notice: &Notice, format: NoticeFormat, letterhead: &Letterhead) -> ObjectKey {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    serde_json::to_string(letterhead)
        .unwrap_or_default()
        .hash(&mut hasher);
    let version = format!(
        "{}-{}-{:016x}.{}",
        notice.generated_at.timestamp_micros(),
        notice.status.as_str(),
        hasher.finish(),
        format.extension()
    );
    ObjectKey::new(&["notices", &notice.id.to_string(), &version])
}

fn unavailable(e: impl std::fmt::Display) -> Error {
    tracing::error!(error = %e, "notice export");
    Error::unavailable(5)
}

/// Renders every format of `notice` (the command line's `--out`).
#[tracing::instrument(skip_all)]
pub async fn render_all(ctx: &Context, notice: &Notice) -> Result<Vec<(NoticeFormat, Bytes)>> {
    let mut out = Vec::new();
    for format in NoticeFormat::all() {
        out.push((format, stored_or_rendered(ctx, notice, format).await?));
    }
    Ok(out)
}

async fn stored_or_rendered(ctx: &Context, notice: &Notice, format: NoticeFormat) -> Result<Bytes> {
    let id = notice.id;
    let issued = notice.issue.as_ref().map(|i| i.letterhead.clone());
    let letterhead = match issued {
        Some(letterhead) => letterhead,
        None => {
            ctx.db
                .read(|conn| db::settings::load_letterhead(conn).map_err(Error::from))
                .await?
        }
    };
    let key = key(notice, format, &letterhead);
    match ctx.storage.get(&key).await {
        Ok(bytes) => return Ok(bytes),
        Err(StorageError::NotFound(_)) => {}
        Err(e) => return Err(unavailable(e)),
    }
    let pictured: Vec<PhotoId> = match format {
        NoticeFormat::Export(ExportFormat::Html) | NoticeFormat::Document(_) => notice
            .content
            .typical_cases
            .iter()
            .flat_map(|case| &case.photo_ids)
            .filter_map(|photo| photo.parse().ok())
            .collect(),
        NoticeFormat::Export(_) => Vec::new(),
    };
    let (findings, titles, blobs) = ctx
        .db
        .read(move |conn| {
            Ok::<_, Error>((
                notices::covered_findings(conn, id)?,
                aggregates::item_titles(conn)?,
                db::photos::blobs(conn, &pictured)?,
            ))
        })
        .await?;
    let mut thumbnails = HashMap::new();
    for (photo, blob) in blobs {
        // A photo removed since is left out of the page rather than failing it.
        if let Ok(jpeg) = ctx.storage.get(&photos::key(blob, "thumb")).await {
            thumbnails.insert(photo.to_string(), jpeg.to_vec());
        }
    }
    let notice_copy = notice.clone();
    let zone = ctx.timezone;
    let now = ctx.clock.now();
    let typesetter = std::sync::Arc::clone(&ctx.typesetter);
    let bytes = crate::blocking::run(move || match format {
        NoticeFormat::Export(format) => notice_exports::render(
            &NoticeDocument {
                notice: &notice_copy,
                findings: &findings,
                item_titles: &titles,
                thumbnails: &thumbnails,
                zone,
            },
            format,
        )
        .map_err(Error::internal),
        NoticeFormat::Document(format) => {
            let document = documents::notice::document(&documents::notice::NoticeSources {
                notice: &notice_copy,
                letterhead: &letterhead,
                findings: &findings,
                item_titles: &titles,
                thumbnails: &thumbnails,
                zone,
                now,
            });
            documents::render(&typesetter, &document, format).map_err(Error::internal)
        }
    })
    .await??;
    let bytes = Bytes::from(bytes);
    ctx.storage
        .put(&key, bytes.clone())
        .await
        .map_err(unavailable)?;
    Ok(bytes)
}

/// `GET /notices/{id}/export?format=`: the export, audited as a download.
#[tracing::instrument(skip_all, fields(viewer = %viewer.id, id = %id))]
pub async fn export(
    ctx: &Context,
    viewer: User,
    id: NoticeId,
    format: NoticeFormat,
    origin: RequestOrigin,
) -> Result<Export> {
    let clock = ctx.clock;
    let reader = viewer.clone();
    let notice = ctx
        .db
        .read(move |conn| load_visible(conn, &reader, id))
        .await?;
    let bytes = stored_or_rendered(ctx, &notice, format).await?;
    ctx
        .db
        .write(move |conn| {
            audit::Entry::new(Action::NoticeExport, clock.now()).by(viewer.id).on(Target::Notice(id)).from(&origin).details(serde_json::json!({ "format": format.extension(), "status": notice.status.as_str() })).append(conn)
        })
        .await?;
    Ok(Export {
        bytes,
        format,
        filename: format!("anfang-notice-{}.{}", notice.period, format.extension()),
    })
}
