//! Receiving the next bytes of an upload (tus `PATCH`). Bytes are gathered into parts of
//! `PART_BYTES`; each full part goes to storage and, unless the request carries a checksum,
//! is acknowledged at once, so a request cut at any byte keeps every whole part it delivered.
//! What is left over when the request ends, or is cut, is kept as the upload's tail, an
//! object of its own, and acknowledged too; the next request takes it up again. With a
//! checksum, nothing of the request is acknowledged until the whole of it has been checked.

use anfang_domain::ids::UploadId;
use anfang_domain::user::User;
use anfang_infra::db::audit::RequestOrigin;
use anfang_infra::db::uploads::{self, Part, Progress, StoredUpload};
use anfang_infra::storage::PART_BYTES;
use bytes::{Bytes, BytesMut};
use futures::{Stream, StreamExt};
use sha2::{Digest, Sha256};

use super::in_flight::Hashing;
use super::{UploadView, own, parted_file, tail_key};
use crate::{Conflict, Context, Error, Result};

/// A checksum the sender gave for the request's bytes (tus checksum extension): SHA-256.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checksum(pub [u8; 32]);

/// What one request brings.
pub struct Patch {
    pub id: UploadId,
    /// Where the sender says its bytes start (`Upload-Offset`).
    pub offset: u64,
    pub checksum: Option<Checksum>,
}

/// Takes the bytes of `body` from `patch.offset`; where the upload stands afterwards. An
/// upload that is complete answers as complete and its body is not read.
#[tracing::instrument(skip_all, fields(actor = %actor.id, id = %patch.id))]
pub async fn append<S, E>(
    ctx: &Context,
    actor: User,
    patch: Patch,
    body: S,
    origin: RequestOrigin,
) -> Result<UploadView>
where
    S: Stream<Item = std::result::Result<Bytes, E>> + Unpin,
    E: std::fmt::Display,
{
    let id = patch.id;
    // Only an upload of one's own gets a slot in this process: ids made up by anyone else
    // must not grow the table of uploads in flight.
    super::known(ctx, &actor, id).await?;
    let slot = ctx.uploads.in_flight.slot(id);
    let mut held = slot.lock().await;
    let now = ctx.clock.now();
    let reader = actor.clone();
    let (upload, part_count) = ctx
        .db
        .read(move |conn| {
            let upload = own(conn, &reader, id)?;
            if upload.completed_at.is_none() {
                super::still_writable(conn, &reader, &upload)?;
            }
            let parts = uploads::parts(conn, id)?.len();
            Ok::<_, Error>((upload, parts))
        })
        .await?;
    if upload.completed_at.is_some() {
        return if patch.offset == upload.length {
            Ok(UploadView::from(&upload))
        } else {
            Err(Conflict::UploadOffset.into())
        };
    }
    if upload.expires_at < now {
        return Err(Error::UploadExpired);
    }
    if patch.offset != upload.received {
        return Err(Conflict::UploadOffset.into());
    }
    if upload.received == upload.length {
        // Everything arrived before; only the finishing was cut short.
        let hashing = held.take();
        drop(held);
        return super::finish::finish(ctx, actor, upload, hashing, origin).await;
    }

    let hashing = held.take().filter(|h| h.offset == upload.received);
    let mut receiver = Receiver::start(ctx, &upload, part_count, hashing, patch.checksum).await?;
    let mut body = body;
    let outcome = loop {
        match body.next().await {
            None => break Ok(()),
            Some(Err(e)) => {
                tracing::info!(error = %e, "an upload's request was cut");
                break Ok(());
            }
            Some(Ok(chunk)) => {
                if let Err(e) = receiver.take(ctx, chunk).await {
                    break Err(e);
                }
            }
        }
    };
    let cut_or_refused = outcome.is_err();
    let upload = receiver.end(ctx, cut_or_refused).await;
    let (upload, hashing) = match (outcome, upload) {
        (Err(e), _) | (Ok(()), Err(e)) => return Err(e),
        (Ok(()), Ok(done)) => done,
    };
    if upload.received == upload.length {
        drop(held);
        return super::finish::finish(ctx, actor, upload, hashing, origin).await;
    }
    *held = hashing;
    Ok(UploadView::from(&upload))
}

/// One request's bytes on their way to storage.
struct Receiver {
    upload: StoredUpload,
    /// Bytes not yet in a part: the upload's old tail, then what this request brought.
    buffer: BytesMut,
    /// Where the buffer starts in the file (everything before is in parts).
    buffer_at: u64,
    next_part: u32,
    /// Parts written and not yet acknowledged.
    unacknowledged: Vec<Part>,
    /// Bytes acknowledged in the database.
    acknowledged: u64,
    hashing: Option<Hashing>,
    checksum: Option<(Checksum, Sha256)>,
}

impl Receiver {
    async fn start(
        ctx: &Context,
        upload: &StoredUpload,
        part_count: usize,
        hashing: Option<Hashing>,
        checksum: Option<Checksum>,
    ) -> Result<Self> {
        let buffer_at = upload.received - upload.tail_bytes;
        let mut buffer = BytesMut::with_capacity(PART_BYTES);
        if upload.tail_bytes > 0 {
            let tail = ctx
                .storage
                .get_range(&tail_key(upload.id, buffer_at), 0..upload.tail_bytes)
                .await?;
            buffer.extend_from_slice(&tail);
        }
        Ok(Self {
            upload: upload.clone(),
            buffer,
            buffer_at,
            next_part: u32::try_from(part_count + 1).map_err(Error::internal)?,
            unacknowledged: Vec::new(),
            acknowledged: upload.received,
            hashing,
            checksum: checksum.map(|c| (c, Sha256::new())),
        })
    }

    fn received(&self) -> u64 {
        self.buffer_at + self.buffer.len() as u64
    }

    async fn take(&mut self, ctx: &Context, chunk: Bytes) -> Result<()> {
        if self.received() + chunk.len() as u64 > self.upload.length {
            return Err(Error::UploadOverrun);
        }
        if let Some(h) = &mut self.hashing {
            h.digest.update(&chunk);
            h.offset += chunk.len() as u64;
        }
        if let Some((_, digest)) = &mut self.checksum {
            digest.update(&chunk);
        }
        self.buffer.extend_from_slice(&chunk);
        while self.buffer.len() >= PART_BYTES {
            let part = self.buffer.split_to(PART_BYTES).freeze();
            self.put_part(ctx, part).await?;
            if self.checksum.is_none() {
                self.acknowledge(ctx, 0).await?;
            }
        }
        Ok(())
    }

    async fn put_part(&mut self, ctx: &Context, part: Bytes) -> Result<()> {
        let size = part.len() as u64;
        let tag = ctx
            .storage
            .put_part(&parted_file(&self.upload), self.next_part, part)
            .await?;
        self.unacknowledged.push(Part {
            number: self.next_part,
            tag,
            byte_size: size,
        });
        self.next_part += 1;
        self.buffer_at += size;
        Ok(())
    }

    /// Records in the database the parts written and `tail_bytes` kept beyond them.
    async fn acknowledge(&mut self, ctx: &Context, tail_bytes: u64) -> Result<()> {
        let (id, from) = (self.upload.id, self.acknowledged);
        let received = self.buffer_at + tail_bytes;
        let new_parts = std::mem::take(&mut self.unacknowledged);
        let expires_at = ctx.clock.now() + ctx.uploads.expiry;
        let moved = ctx
            .db
            .write(move |conn| {
                let progress = Progress {
                    received,
                    tail_bytes,
                    new_parts: &new_parts,
                    expires_at,
                };
                Ok::<_, Error>(uploads::advance(conn, id, from, progress)?)
            })
            .await?;
        if !moved {
            // Another replica took this upload on meanwhile: its bytes stand, ours do not.
            return Err(Conflict::UploadOffset.into());
        }
        let old_tail_at =
            (self.upload.tail_bytes > 0).then(|| self.upload.received - self.upload.tail_bytes);
        self.upload.received = received;
        self.upload.tail_bytes = tail_bytes;
        self.upload.expires_at = expires_at;
        self.acknowledged = received;
        // A tail that starts where the old one did replaced it in place (it begins with the
        // same bytes); one that starts elsewhere leaves the old one to remove.
        if let Some(at) = old_tail_at
            && (tail_bytes == 0 || at != self.buffer_at)
        {
            let _ = ctx.storage.delete(&tail_key(id, at)).await;
        }
        Ok(())
    }

    /// Ends the request: the bytes left over are kept as the tail (or as the last part, when
    /// the file is complete) and acknowledged — unless the request was refused, or carried a
    /// checksum that does not hold, or was cut before its checksum could be checked.
    async fn end(
        mut self,
        ctx: &Context,
        refused: bool,
    ) -> Result<(StoredUpload, Option<Hashing>)> {
        if refused {
            // The caller answers with the refusal itself; what was acknowledged stands.
            return Ok((self.upload, None));
        }
        if let Some((Checksum(expected), digest)) = self.checksum.take()
            && digest.finalize()[..] != expected[..]
        {
            return Err(Error::ChecksumMismatch);
        }
        let complete = self.received() == self.upload.length;
        if complete {
            if !self.buffer.is_empty() {
                let last = self.buffer.split().freeze();
                self.put_part(ctx, last).await?;
            }
            self.acknowledge(ctx, 0).await?;
        } else if self.received() > self.acknowledged {
            let tail = self.buffer.split().freeze();
            let tail_bytes = tail.len() as u64;
            ctx.storage
                .put(&tail_key(self.upload.id, self.buffer_at), tail)
                .await?;
            self.acknowledge(ctx, tail_bytes).await?;
        }
        let hashing = self
            .hashing
            .take()
            .filter(|h| h.offset == self.upload.received);
        Ok((self.upload, hashing))
    }
}
