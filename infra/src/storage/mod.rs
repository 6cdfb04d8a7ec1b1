//! Object storage for evidence: a local directory by default, S3 (or MinIO) in production,
//! memory in unit tests. Keys are made here from server ids, never from a client's file name.

mod parts;

use std::ops::Range;
use std::sync::Arc;

use bytes::Bytes;
use futures::TryStreamExt;
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::memory::InMemory;
use object_store::multipart::MultipartStore;
use object_store::path::Path;
use object_store::{GetOptions, GetRange, ObjectStore, ObjectStoreExt, PutPayload};
use thiserror::Error;

use crate::config::StorageUrl;

pub use parts::{PART_BYTES, PartedFile};

#[derive(Debug, Error)]
pub enum StorageError {
    #[error("object storage is misconfigured: {0}")]
    Config(String),
    #[error("object not found: {0}")]
    NotFound(String),
    #[error("object storage failed: {0}")]
    Backend(String),
}

impl From<object_store::Error> for StorageError {
    fn from(e: object_store::Error) -> Self {
        match e {
            object_store::Error::NotFound { path, .. } => StorageError::NotFound(path),
            other => StorageError::Backend(other.to_string()),
        }
    }
}

/// A server-made object key, e.g. `photos/<uuid>/display.jpg`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ObjectKey(String);

impl ObjectKey {
    /// Keys are built from parts the server chose (ids and fixed words): no client text.
    pub fn new(parts: &[&str]) -> Self {
        Self(parts.join("/"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    fn path(&self) -> Path {
        Path::from(self.0.as_str())
    }
}

#[derive(Clone)]
pub struct Storage {
    store: Arc<dyn ObjectStore>,
    /// The same store's multipart uploads, where it has them (S3, memory; not a directory).
    multipart: Option<Arc<dyn MultipartStore>>,
    description: String,
    /// The directory of a local store (which answers "not found" for anything once it is gone).
    local_root: Option<std::path::PathBuf>,
}

impl Storage {
    pub fn open(config: &crate::config::Config) -> Result<Self, StorageError> {
        let s3_endpoint = config.s3_endpoint.as_deref();
        match &config.storage_url {
            StorageUrl::File(dir) => Self::local(dir),
            StorageUrl::S3 { bucket } => {
                let mut builder = AmazonS3Builder::from_env().with_bucket_name(bucket);
                if let Some((id, secret)) = &config.s3_credentials {
                    builder = builder
                        .with_access_key_id(id)
                        .with_secret_access_key(secret);
                }
                if let Some(region) = &config.s3_region {
                    builder = builder.with_region(region);
                }
                let plain_http = s3_endpoint.is_some_and(|e| e.starts_with("http://"));
                if let Some(endpoint) = s3_endpoint {
                    builder = builder
                        .with_endpoint(endpoint)
                        .with_allow_http(plain_http)
                        .with_virtual_hosted_style_request(false);
                }
                // Over TLS the transport already protects each body, and evidence is hashed as
                // it arrives: signing the payload would hash every byte a second time. Over
                // plain HTTP the signature is all that protects it, so it stays signed.
                builder = builder.with_unsigned_payload(!plain_http);
                let store = Arc::new(builder.build()?);
                Ok(Self {
                    store: store.clone(),
                    multipart: Some(store),
                    description: format!("s3://{bucket}"),
                    local_root: None,
                })
            }
        }
    }

    /// A store in a local directory, made if it is missing.
    pub fn local(dir: &std::path::Path) -> Result<Self, StorageError> {
        std::fs::create_dir_all(dir)
            .map_err(|e| StorageError::Config(format!("{}: {e}", dir.display())))?;
        let store = LocalFileSystem::new_with_prefix(dir)?;
        Ok(Self {
            store: Arc::new(store),
            multipart: None,
            description: format!("file://{}", dir.display()),
            local_root: Some(dir.to_path_buf()),
        })
    }

    pub fn in_memory() -> Self {
        let store = Arc::new(InMemory::new());
        Self {
            store: store.clone(),
            multipart: Some(store),
            description: "memory".into(),
            local_root: None,
        }
    }

    pub fn description(&self) -> &str {
        &self.description
    }

    /// Does the store answer? (`/readyz`): a listing of an empty prefix, within two seconds.
    pub async fn ping(&self) -> Result<(), StorageError> {
        if let Some(root) = &self.local_root
            && !root.is_dir()
        {
            return Err(StorageError::Backend(format!("{} is gone", root.display())));
        }
        let prefix = Path::from("readyz");
        let listing = self.store.list_with_delimiter(Some(&prefix));
        match tokio::time::timeout(std::time::Duration::from_secs(2), listing).await {
            Ok(result) => result.map(drop).map_err(StorageError::from),
            Err(_) => Err(StorageError::Backend("no answer within 2 s".into())),
        }
    }

    pub async fn put(&self, key: &ObjectKey, bytes: Bytes) -> Result<(), StorageError> {
        self.store
            .put(&key.path(), PutPayload::from_bytes(bytes))
            .await?;
        Ok(())
    }

    pub async fn get(&self, key: &ObjectKey) -> Result<Bytes, StorageError> {
        Ok(self.store.get(&key.path()).await?.bytes().await?)
    }

    /// The bytes in `range` of the object (which must lie within it).
    pub async fn get_range(
        &self,
        key: &ObjectKey,
        range: Range<u64>,
    ) -> Result<Bytes, StorageError> {
        Ok(self.store.get_range(&key.path(), range).await?)
    }

    /// The object's size in bytes.
    pub async fn size(&self, key: &ObjectKey) -> Result<u64, StorageError> {
        Ok(self.store.head(&key.path()).await?.size)
    }

    /// The object, or the part of it in `range`, as a stream of chunks the store chooses (a
    /// download of any size holds one chunk at a time).
    pub async fn stream(
        &self,
        key: &ObjectKey,
        range: Option<Range<u64>>,
    ) -> Result<futures::stream::BoxStream<'static, Result<Bytes, StorageError>>, StorageError>
    {
        let options = GetOptions {
            range: range.map(GetRange::Bounded),
            ..GetOptions::default()
        };
        let result = self.store.get_opts(&key.path(), options).await?;
        Ok(Box::pin(result.into_stream().map_err(StorageError::from)))
    }

    pub async fn delete(&self, key: &ObjectKey) -> Result<(), StorageError> {
        match self.store.delete(&key.path()).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    /// Every key under `prefix`, with its last modification time.
    pub async fn list(
        &self,
        prefix: &str,
    ) -> Result<Vec<(ObjectKey, chrono::DateTime<chrono::Utc>)>, StorageError> {
        let objects: Vec<_> = self
            .store
            .list(Some(&Path::from(prefix)))
            .try_collect()
            .await?;
        Ok(objects
            .into_iter()
            .map(|o| (ObjectKey(o.location.to_string()), o.last_modified))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn objects_are_stored_read_listed_and_deleted() {
        let storage = Storage::in_memory();
        let key = ObjectKey::new(&["photos", "abc", "thumb.jpg"]);
        storage
            .put(&key, Bytes::from_static(b"jpeg"))
            .await
            .unwrap();
        assert_eq!(
            storage.get(&key).await.unwrap(),
            Bytes::from_static(b"jpeg")
        );
        assert_eq!(storage.list("photos").await.unwrap().len(), 1);
        storage.delete(&key).await.unwrap();
        storage.delete(&key).await.unwrap();
        assert!(matches!(
            storage.get(&key).await,
            Err(StorageError::NotFound(_))
        ));
    }
}
