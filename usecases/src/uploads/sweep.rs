//! Uploads abandoned half-way expire: their parts are aborted in the store, their tails and
//! rows removed. Run on a timer by the server and by `anfang storage sweep`.

use anfang_infra::db::uploads;

use super::discard_objects;
use crate::audit::{Action, Entry, Target};
use crate::{Context, Error, Result};

/// Uploads looked at per round (the sweep runs again until none are left).
const BATCH: i64 = 100;

/// Removes every unfinished upload past its expiry; how many went.
#[tracing::instrument(skip_all)]
pub async fn sweep_expired(ctx: &Context) -> Result<usize> {
    let clock = ctx.clock;
    let mut removed = 0;
    loop {
        let now = clock.now();
        let expired = ctx
            .db
            .read(move |conn| Ok::<_, Error>(uploads::expired(conn, now, BATCH)?))
            .await?;
        if expired.is_empty() {
            return Ok(removed);
        }
        for upload in expired {
            let id = upload.id;
            let slot = ctx.uploads.in_flight.slot(id);
            let _held = slot.lock().await;
            let parts = ctx
                .db
                .write(move |conn| {
                    // Gone, or moved on since it was listed: not this sweep's to take.
                    let Some(current) = uploads::find(conn, id)? else {
                        return Ok(None);
                    };
                    if current.completed_at.is_some() || current.expires_at >= now {
                        return Ok(None);
                    }
                    let parts = uploads::parts(conn, id)?.len();
                    uploads::delete(conn, id)?;
                    Entry::new(Action::UploadTerminate, now)
                        .on(Target::Upload(id))
                        .details(serde_json::json!({
                            "report": current.report_id.to_string(),
                            "received": current.received,
                            "expired": true,
                        }))
                        .append(conn)?;
                    Ok::<_, Error>(Some(parts))
                })
                .await?;
            ctx.uploads.in_flight.forget(id);
            if let Some(parts) = parts {
                discard_objects(ctx, &upload, parts).await;
                removed += 1;
            }
        }
    }
}
