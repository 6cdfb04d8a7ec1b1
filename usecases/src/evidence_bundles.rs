//! A report's evidence as one download (a ZIP with its manifest), for whoever may see the
//! report: the originals for supervisors and admins (each one audited as an original's
//! download), the re-encoded display copies for everyone else. Nothing is gathered in memory
//! beyond the file being written.

use anfang_domain::ids::ReportId;
use anfang_domain::report::{ReportFields, ReportScope};
use anfang_domain::user::User;
use anfang_infra::bundles::{self, BundleFile};
use anfang_infra::db::audit::RequestOrigin;
use anfang_infra::db::photos;
use anfang_infra::exports::{Chunks, chunk_channel};

use crate::Context;
use crate::audit::{self, Action, Target};
use crate::{Error, Result};

/// Checks who asks and records it, then starts writing; the chunks arrive as it writes them.
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
    let originals = ReportFields::for_role(viewer.role).original_photos;
    let files = ctx
        .db
        .write(move |conn| {
            super::reports::load_visible(conn, &viewer, id)?;
            let photos = photos::for_report(conn, id)?;
            let now = clock.now();
            let mut files = Vec::with_capacity(photos.len());
            for (n, photo) in photos.iter().enumerate() {
                let item = photo.item_code.as_ref().map_or("report", |c| c.as_str());
                let (variant, extension) = if originals {
                    let of = serde_json::json!({ "report": id.to_string(), "bundle": true });
                    super::photos::audit_original_download(
                        conn, now, &viewer, photo.id, &origin, of,
                    )?;
                    ("original", photo.format.replace("jpeg", "jpg"))
                } else {
                    ("display", "jpg".to_owned())
                };
                files.push(BundleFile {
                    name: format!("{:03}-{item}-{}.{extension}", n + 1, photo.id),
                    kind: format!("photo, {variant}"),
                    key: super::photos::key(photo.blob, variant),
                });
            }
            audit::Entry::new(Action::ReportEvidenceBundle, now)
                .by(viewer.id)
                .on(Target::Report(id))
                .from(&origin)
                .details(serde_json::json!({ "files": files.len(), "originals": originals }))
                .append(conn)?;
            Ok::<_, Error>(files)
        })
        .await?;
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
    Ok(chunks)
}
