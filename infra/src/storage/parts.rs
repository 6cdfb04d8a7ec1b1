//! Files that arrive over many requests (resumable uploads), written to the store part by part
//! as they come, so that no whole file is ever held in memory or needed on local disk. On S3
//! (and in memory) a multipart upload: its parts go straight to the store and are joined there.
//! A local directory has no such thing, so each part is an object of its own until the parts
//! are copied, one at a time, into the file.

use bytes::Bytes;
use object_store::multipart::PartId;
use object_store::{ObjectStoreExt, PutPayload};

use super::{ObjectKey, Storage, StorageError};

/// Every part but the last has this size: over S3's least (5 MiB), the same for all (as some
/// S3-compatible stores require), and small enough to hold one per upload in flight.
pub const PART_BYTES: usize = 8 << 20;

/// A file being written in parts: where it goes, where its loose parts wait (a local store's),
/// and the store's own name for the multipart upload (empty on a local store).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartedFile {
    pub key: ObjectKey,
    pub staging: ObjectKey,
    pub multipart_id: String,
}

impl PartedFile {
    fn loose_part(&self, number: u32) -> ObjectKey {
        ObjectKey(format!("{}/part-{number:05}", self.staging.as_str()))
    }
}

impl Storage {
    /// Starts a file at `key`; loose parts, where the store needs them, go under `staging`.
    pub async fn begin_parts(
        &self,
        key: ObjectKey,
        staging: ObjectKey,
    ) -> Result<PartedFile, StorageError> {
        let multipart_id = match &self.multipart {
            Some(store) => store.create_multipart(&key.path()).await?,
            None => String::new(),
        };
        Ok(PartedFile {
            key,
            staging,
            multipart_id,
        })
    }

    /// Writes part `number` (from 1); writing a number again replaces that part. The tag
    /// returned is needed to join the parts.
    pub async fn put_part(
        &self,
        file: &PartedFile,
        number: u32,
        bytes: Bytes,
    ) -> Result<String, StorageError> {
        let index = number
            .checked_sub(1)
            .ok_or_else(|| StorageError::Backend("parts are numbered from 1".into()))?;
        match &self.multipart {
            Some(store) => {
                let part = store
                    .put_part(
                        &file.key.path(),
                        &file.multipart_id,
                        index as usize,
                        PutPayload::from_bytes(bytes),
                    )
                    .await?;
                Ok(part.content_id)
            }
            None => {
                self.put(&file.loose_part(number), bytes).await?;
                Ok(number.to_string())
            }
        }
    }

    /// Joins the parts, in order, into the file at its key.
    pub async fn join_parts(
        &self,
        file: &PartedFile,
        tags: Vec<String>,
    ) -> Result<(), StorageError> {
        match &self.multipart {
            Some(store) => {
                let parts = tags
                    .into_iter()
                    .map(|content_id| PartId { content_id })
                    .collect();
                store
                    .complete_multipart(&file.key.path(), &file.multipart_id, parts)
                    .await?;
            }
            None => {
                let count = u32::try_from(tags.len())
                    .map_err(|_| StorageError::Backend("too many parts".into()))?;
                let mut upload = self.store.put_multipart(&file.key.path()).await?;
                for number in 1..=count {
                    let bytes = self.get(&file.loose_part(number)).await?;
                    if let Err(e) = upload.put_part(PutPayload::from_bytes(bytes)).await {
                        // The half-written file is the store's to drop; the parts stay.
                        let _ = upload.abort().await;
                        return Err(e.into());
                    }
                }
                upload.complete().await?;
                for number in 1..=count {
                    self.delete(&file.loose_part(number)).await?;
                }
            }
        }
        Ok(())
    }

    /// Gives up a file: its parts, `count` of them at most, are removed.
    pub async fn abort_parts(&self, file: &PartedFile, count: u32) -> Result<(), StorageError> {
        match &self.multipart {
            Some(store) => {
                match store
                    .abort_multipart(&file.key.path(), &file.multipart_id)
                    .await
                {
                    Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
                    Err(e) => Err(e.into()),
                }
            }
            None => {
                for number in 1..=count {
                    self.delete(&file.loose_part(number)).await?;
                }
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn written_in_parts(storage: &Storage, parts: &[&'static [u8]]) -> Bytes {
        let key = ObjectKey::new(&["recordings", "b", "original"]);
        let file = storage
            .begin_parts(key.clone(), ObjectKey::new(&["uploads", "u"]))
            .await
            .unwrap();
        let mut tags = Vec::new();
        for (i, part) in parts.iter().enumerate() {
            let number = u32::try_from(i + 1).unwrap();
            tags.push(
                storage
                    .put_part(&file, number, Bytes::from_static(part))
                    .await
                    .unwrap(),
            );
        }
        storage.join_parts(&file, tags).await.unwrap();
        storage.get(&key).await.unwrap()
    }

    #[tokio::test]
    async fn parts_are_joined_in_order_in_memory() {
        let storage = Storage::in_memory();
        assert_eq!(
            written_in_parts(&storage, &[b"one ", b"two ", b"three"]).await,
            Bytes::from_static(b"one two three")
        );
    }

    #[tokio::test]
    async fn parts_are_joined_in_order_in_a_directory_and_leave_nothing_behind() {
        let dir = std::env::temp_dir().join(format!("anfang-parts-{}", uuid::Uuid::new_v4()));
        let storage = Storage::local(&dir).unwrap();
        assert_eq!(
            written_in_parts(&storage, &[b"one ", b"two ", b"three"]).await,
            Bytes::from_static(b"one two three")
        );
        assert!(storage.list("uploads").await.unwrap().is_empty());
        std::fs::remove_dir_all(dir).unwrap();
    }
}
