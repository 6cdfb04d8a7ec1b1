//! Receiving the next bytes of an upload (tus `PATCH`). Bytes are gathered into parts of
//! `PART_BYTES`; each full part goes to storage while the next one fills (one part on its way
//! at a time, so an upload holds at most two parts' worth) and, unless the request carries a
//! checksum, is acknowledged once stored, so a request cut at any byte keeps every whole part
//! it delivered.
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
    /// Where the buffer starts in the file (everything before is in parts, or on its way).
    buffer_at: u64,
    /// Where the parts stored end (`buffer_at` less the part on its way).
    stored_to: u64,
    next_part: u32,
    /// The part on its way to storage while the next one fills.
    sending: Option<tokio::task::JoinHandle<Result<Part>>>,
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
            stored_to: buffer_at,
            next_part: u32::try_from(part_count + 1).map_err(Error::internal)?,
            sending: None,
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
        // The buffer never holds more than a part: with the one on its way, an upload holds at
        // most two parts and the chunk in hand, whatever the file's size.
        let mut rest = &chunk[..];
        while !rest.is_empty() {
            let (now, later) = rest.split_at((PART_BYTES - self.buffer.len()).min(rest.len()));
            self.buffer.extend_from_slice(now);
            rest = later;
            if self.buffer.len() == PART_BYTES {
                self.settle(ctx).await?;
                let full = std::mem::replace(&mut self.buffer, BytesMut::with_capacity(PART_BYTES));
                self.send(ctx, full.freeze());
            }
        }
        Ok(())
    }

    /// Sends a part to storage on a task of its own, so that the request's next bytes are
    /// read (and hashed) meanwhile.
    fn send(&mut self, ctx: &Context, part: Bytes) {
        let (storage, file, number) = (
            ctx.storage.clone(),
            parted_file(&self.upload),
            self.next_part,
        );
        let byte_size = part.len() as u64;
        self.next_part += 1;
        self.buffer_at += byte_size;
        self.sending = Some(tokio::spawn(async move {
            let tag = storage.put_part(&file, number, part).await?;
            Ok(Part {
                number,
                tag,
                byte_size,
            })
        }));
    }

    /// Waits for the part on its way and counts it stored; whether there was one.
    async fn land(&mut self) -> Result<bool> {
        let Some(sending) = self.sending.take() else {
            return Ok(false);
        };
        let part = sending.await.map_err(Error::internal)??;
        self.stored_to += part.byte_size;
        self.unacknowledged.push(part);
        Ok(true)
    }

    /// Waits for the part on its way, and acknowledges it unless a checksum is pending.
    async fn settle(&mut self, ctx: &Context) -> Result<()> {
        if self.land().await? && self.checksum.is_none() {
            self.acknowledge(ctx, 0).await?;
        }
        Ok(())
    }

    /// Records in the database the parts written and `tail_bytes` kept beyond them.
    async fn acknowledge(&mut self, ctx: &Context, tail_bytes: u64) -> Result<()> {
        let (id, from) = (self.upload.id, self.acknowledged);
        let received = self.stored_to + tail_bytes;
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
            // The caller answers with the refusal itself; what was acknowledged stands, and a
            // part on its way is let finish unacknowledged (the next request sends it again).
            return Ok((self.upload, None));
        }
        // Landed without acknowledging: a checksum still to be checked decides.
        self.land().await?;
        if let Some((Checksum(expected), digest)) = self.checksum.take()
            && digest.finalize()[..] != expected[..]
        {
            return Err(Error::ChecksumMismatch);
        }
        let complete = self.received() == self.upload.length;
        if complete {
            if !self.buffer.is_empty() {
                let last = self.buffer.split().freeze();
                self.send(ctx, last);
                self.land().await?;
            }
            self.acknowledge(ctx, 0).await?;
        } else if self.buffer.is_empty() {
            // Ended on a part's boundary: the parts are all there is to acknowledge.
            if self.received() > self.acknowledged {
                self.acknowledge(ctx, 0).await?;
            }
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
