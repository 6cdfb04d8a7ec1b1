//! Evidence as one download (a ZIP with its manifest): a report's photos, for whoever may see
//! the report, and the photos of a notice's typical cases, for whoever may read the notice.
//! Supervisors and admins get the originals (each one audited as an original's download),
//! everyone else the re-encoded display copies. Nothing is gathered in memory beyond the file
//! being written.

use anfang_domain::ids::{NoticeId, PhotoId, ReportId};
use anfang_domain::report::{Photo, ReportFields, ReportScope};
use anfang_domain::user::User;
use anfang_infra::bundles::{self, BundleFile};
use anfang_infra::db::audit::RequestOrigin;
use anfang_infra::db::{DbConnection, photos, recordings};
use anfang_infra::exports::{Chunks, chunk_channel};
use chrono::{DateTime, Utc};

use crate::Context;
use crate::audit::{self, Action, Target};
use crate::{Error, Result};

/// A report's photos. Checks who asks and records it, then starts writing; the chunks arrive
/// as it writes them.
#[tracing::instrument(skip_all, fields(viewer = %viewer.id, id = %id))]
pub async fn of_report(
    ctx: &Context,
    viewer: User,
    id: ReportId,
    origin: RequestOrigin,
) -> Result<Chunks> {
    if ReportScope::for_viewer(viewer.id, viewer.role) == ReportScope::Nothing {
        return Err(Error::NotFound);
    }
    let clock = ctx.clock;
    let files = ctx
        .db
        .write(move |conn| {
            super::reports::load_visible(conn, &viewer, id)?;
            let of = serde_json::json!({ "report": id.to_string(), "bundle": true });
            let mut bundle = Bundle::new(&viewer, &origin, clock.now(), of);
            let photos = photos::for_report(conn, id)?;
            for (n, photo) in photos.iter().enumerate() {
                let item = photo.item_code.as_ref().map_or("report", |c| c.as_str());
                bundle.add(conn, photo, &format!("{:03}-{item}", n + 1))?;
            }
            for (n, recording) in recordings::for_report(conn, id)?.iter().enumerate() {
                bundle.add_recording(conn, recording, &format!("{:03}", photos.len() + n + 1))?;
            }
            bundle.record(conn, Action::ReportEvidenceBundle, Target::Report(id))
        })
        .await?;
    Ok(stream(ctx, files))
}

/// The photos of a notice's typical cases, for whoever may read the notice (a unit's manager
/// reads the published notice, whose cases name other units too: it is circulated to all).
#[tracing::instrument(skip_all, fields(viewer = %viewer.id, id = %id))]
pub async fn of_notice(
    ctx: &Context,
    viewer: User,
    id: NoticeId,
    origin: RequestOrigin,
) -> Result<Chunks> {
    let clock = ctx.clock;
    let files = ctx
        .db
        .write(move |conn| {
            let notice = super::notices::load_visible(conn, &viewer, id)?;
            let of = serde_json::json!({ "notice": id.to_string(), "bundle": true });
            let mut bundle = Bundle::new(&viewer, &origin, clock.now(), of);
            for (n, case) in notice.content.typical_cases.iter().enumerate() {
                let stem = format!("{:03}-{}-{}", n + 1, case.unit_code, case.item_code);
                for photo_id in &case.photo_ids {
                    let Ok(photo_id) = photo_id.parse().map(PhotoId::from_uuid) else {
                        continue;
                    };
                    if let Some(photo) = photos::find(conn, photo_id)? {
                        bundle.add(conn, &photo, &stem)?;
                    }
                }
            }
            bundle.record(conn, Action::NoticeEvidenceBundle, Target::Notice(id))
        })
        .await?;
    Ok(stream(ctx, files))
}

/// A bundle being put together inside its transaction, for one viewer.
struct Bundle<'a> {
    viewer: &'a User,
    origin: &'a RequestOrigin,
    now: DateTime<Utc>,
    /// What each original's audit entry says it was downloaded for.
    of: serde_json::Value,
    originals: bool,
    files: Vec<BundleFile>,
}

impl<'a> Bundle<'a> {
    fn new(
        viewer: &'a User,
        origin: &'a RequestOrigin,
        now: DateTime<Utc>,
        of: serde_json::Value,
    ) -> Self {
        Self {
            viewer,
            origin,
            now,
            of,
            originals: ReportFields::for_role(viewer.role).original_photos,
            files: Vec::new(),
        }
    }

    /// A photo as the viewer may have it, named after `stem`; an original's inclusion is
    /// audited as its download.
    fn add(&mut self, conn: &mut DbConnection, photo: &Photo, stem: &str) -> Result<()> {
        let (variant, extension) = if self.originals {
            super::photos::audit_original_download(
                conn,
                self.now,
                self.viewer,
                photo.id,
                self.origin,
                self.of.clone(),
            )?;
            ("original", photo.format.replace("jpeg", "jpg"))
        } else {
            ("display", "jpg".to_owned())
        };
        self.files.push(BundleFile {
            name: format!("{stem}-{}.{extension}", photo.id),
            kind: format!("photo, {variant}"),
            key: super::photos::key(photo.blob, variant),
        });
        Ok(())
    }

    /// A recording, for viewers who may have originals (it has no other form); its inclusion
    /// is audited as its download. Nothing for anyone else.
    fn add_recording(
        &mut self,
        conn: &mut DbConnection,
        recording: &anfang_domain::report::Recording,
        stem: &str,
    ) -> Result<()> {
        if !self.originals {
            return Ok(());
        }
        audit::Entry::new(Action::RecordingDownload, self.now)
            .by(self.viewer.id)
            .on(Target::Recording(recording.id))
            .from(self.origin)
            .details(self.of.clone())
            .append(conn)?;
        self.files.push(BundleFile {
            name: format!(
                "{stem}-recording-{}.{}",
                recording.id,
                recording.format.as_str()
            ),
            kind: format!("recording, {}", recording.media.as_str()),
            key: super::recordings::key(recording.blob),
        });
        Ok(())
    }

    /// The bundle's own audit entry; the files to write.
    fn record(
        self,
        conn: &mut DbConnection,
        action: Action,
        target: Target,
    ) -> Result<Vec<BundleFile>> {
        audit::Entry::new(action, self.now)
            .by(self.viewer.id)
            .on(target)
            .from(self.origin)
            .details(serde_json::json!({
                "files": self.files.len(),
                "originals": self.originals,
            }))
            .append(conn)?;
        Ok(self.files)
    }
}

/// Writes the bundle on a blocking thread while the client reads it.
fn stream(ctx: &Context, files: Vec<BundleFile>) -> Chunks {
    let (mut sink, chunks) = chunk_channel();
    let storage = ctx.storage.clone();
    let runtime = tokio::runtime::Handle::current();
    tokio::task::spawn_blocking(move || {
        match bundles::write_zip(&storage, &files, &mut sink, &runtime) {
            Ok(written) => tracing::info!(written, "evidence bundle written"),
            // A client that stops reading ends it too.
            Err(e) => {
                tracing::warn!(error = %e, "evidence bundle cut short");
                sink.fail(e);
            }
        }
    });
    chunks
}
