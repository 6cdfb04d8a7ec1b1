//! Evidence bundles: files streamed from object storage one at a time, chunk by chunk, into a
//! ZIP as the client reads it (stored, not compressed: photos and recordings are compressed
//! already), ending with `manifest.csv` (name, kind, size, SHA-256 of each file as bundled,
//! hashed as it passes). Neither the archive nor any file in it is ever held whole; entries
//! past 4 GiB are written as ZIP64.

use std::io::Write;

use futures::TryStreamExt;
use sha2::{Digest, Sha256};
use tokio::runtime::Handle;
use zip::ZipWriter;
use zip::write::SimpleFileOptions;

use crate::exports::ChunkSink;
use crate::storage::{ObjectKey, Storage};

/// One file of a bundle: its name in the archive, what it is, and where its bytes are.
#[derive(Debug, Clone)]
pub struct BundleFile {
    pub name: String,
    pub kind: String,
    pub key: ObjectKey,
}

#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    #[error("reading {0}: {1}")]
    Storage(String, crate::storage::StorageError),
    #[error("writing the archive: {0}")]
    Zip(#[from] zip::result::ZipError),
    #[error("writing the archive: {0}")]
    Io(#[from] std::io::Error),
    #[error("writing the manifest: {0}")]
    Manifest(#[from] csv::Error),
}

/// Writes `files` and their manifest to `sink` on the calling (blocking) thread; `runtime`
/// reads the objects. Returns how many files were written.
pub fn write_zip(
    storage: &Storage,
    files: &[BundleFile],
    sink: &mut ChunkSink,
    runtime: &Handle,
) -> Result<usize, BundleError> {
    let mut zip = ZipWriter::new_stream(&mut *sink);
    let mut manifest = csv::Writer::from_writer(Vec::new());
    manifest.write_record(["file", "kind", "bytes", "sha256"])?;
    for file in files {
        let unreadable = |e| BundleError::Storage(file.name.clone(), e);
        let size = runtime
            .block_on(storage.size(&file.key))
            .map_err(unreadable)?;
        let mut chunks = runtime
            .block_on(storage.stream(&file.key, None))
            .map_err(unreadable)?;
        zip.start_file(file.name.as_str(), options(size))?;
        let (mut digest, mut written) = (Sha256::new(), 0u64);
        while let Some(chunk) = runtime.block_on(chunks.try_next()).map_err(unreadable)? {
            digest.update(&chunk);
            zip.write_all(&chunk)?;
            written += chunk.len() as u64;
        }
        if written != size {
            return Err(BundleError::Storage(
                file.name.clone(),
                crate::storage::StorageError::Backend(format!("{written} bytes read of {size}")),
            ));
        }
        manifest.write_record([
            file.name.as_str(),
            file.kind.as_str(),
            &size.to_string(),
            &format!("{:x}", digest.finalize()),
        ])?;
    }
    let manifest = manifest
        .into_inner()
        .map_err(|e| BundleError::Io(e.into_error()))?;
    zip.start_file("manifest.csv", options(manifest.len() as u64))?;
    zip.write_all(&manifest)?;
    zip.finish()?;
    sink.flush()?;
    Ok(files.len())
}

fn options(size: u64) -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .large_file(size >= u64::from(u32::MAX))
}
