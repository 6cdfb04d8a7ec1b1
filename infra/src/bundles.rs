//! Evidence bundles: files streamed from object storage one at a time, chunk by chunk, into a
//! ZIP as the client reads it (stored, not compressed: photos and recordings are compressed
//! already), ending with `manifest.csv` (name, kind, size, SHA-256 of each file as bundled,
//! hashed as it passes). Neither the archive nor any file in it is ever held whole; entries
//! past 4 GiB are written as ZIP64.

use std::io::Write;

use bytes::Bytes;
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
    let mut bundle = ZipBundle::new(&mut *sink)?;
    for file in files {
        let unreadable = |e| BundleError::Storage(file.name.clone(), e);
        let size = runtime
            .block_on(storage.size(&file.key))
            .map_err(unreadable)?;
        let mut chunks = runtime
            .block_on(storage.stream(&file.key, None))
            .map_err(unreadable)?;
        bundle.add(&file.name, &file.kind, size, || {
            runtime.block_on(chunks.try_next()).map_err(unreadable)
        })?;
    }
    bundle.finish()?;
    sink.flush()?;
    Ok(files.len())
}

/// A ZIP being written entry by entry, each from chunks as they come, with the manifest of
/// what went in written last.
struct ZipBundle<W: Write> {
    zip: ZipWriter<zip::write::StreamWriter<W>>,
    manifest: csv::Writer<Vec<u8>>,
}

impl<W: Write> ZipBundle<W> {
    fn new(out: W) -> Result<Self, BundleError> {
        let mut manifest = csv::Writer::from_writer(Vec::new());
        manifest.write_record(["file", "kind", "bytes", "sha256"])?;
        Ok(Self {
            zip: ZipWriter::new_stream(out),
            manifest,
        })
    }

    /// Adds a file of `size` bytes, its content from `next` until it returns `None`.
    fn add(
        &mut self,
        name: &str,
        kind: &str,
        size: u64,
        mut next: impl FnMut() -> Result<Option<Bytes>, BundleError>,
    ) -> Result<(), BundleError> {
        self.zip.start_file(name, options(size))?;
        let (mut digest, mut written) = (Sha256::new(), 0u64);
        while let Some(chunk) = next()? {
            digest.update(&chunk);
            self.zip.write_all(&chunk)?;
            written += chunk.len() as u64;
        }
        if written != size {
            return Err(BundleError::Storage(
                name.to_owned(),
                crate::storage::StorageError::Backend(format!("{written} bytes read of {size}")),
            ));
        }
        self.manifest.write_record([
            name,
            kind,
            &size.to_string(),
            &format!("{:x}", digest.finalize()),
        ])?;
        Ok(())
    }

    fn finish(mut self) -> Result<(), BundleError> {
        let manifest = self
            .manifest
            .into_inner()
            .map_err(|e| BundleError::Io(e.into_error()))?;
        self.zip
            .start_file("manifest.csv", options(manifest.len() as u64))?;
        self.zip.write_all(&manifest)?;
        self.zip.finish()?;
        Ok(())
    }
}

fn options(size: u64) -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .large_file(size >= u64::from(u32::MAX))
}

#[cfg(test)]
mod tests {
    use std::io::{self, Read, Seek, SeekFrom};

    use super::*;

    /// An archive of any length kept by its first and last bytes only, and read back as a
    /// file whose middle may not be read: a reader of ZIPs needs only the local header in
    /// front, and the entries, central directory and ZIP64 records at the end.
    struct Ends {
        head: Vec<u8>,
        tail: std::collections::VecDeque<u8>,
        length: u64,
        position: u64,
    }

    const KEPT: usize = 1 << 20;

    impl Write for Ends {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            let room = KEPT.saturating_sub(self.head.len()).min(bytes.len());
            self.head.extend_from_slice(&bytes[..room]);
            let last = &bytes[bytes.len().saturating_sub(KEPT)..];
            self.tail.extend(last);
            let over = self.tail.len().saturating_sub(KEPT);
            self.tail.drain(..over);
            self.length += bytes.len() as u64;
            Ok(bytes.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl Read for &mut Ends {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            let tail_start = self.length - self.tail.len() as u64;
            let n = if self.position < self.head.len() as u64 {
                let at = usize::try_from(self.position).unwrap();
                let n = out.len().min(self.head.len() - at);
                out[..n].copy_from_slice(&self.head[at..at + n]);
                n
            } else if self.position >= tail_start {
                let at = usize::try_from(self.position - tail_start).unwrap();
                let n = out.len().min(self.tail.len() - at);
                for (o, b) in out[..n].iter_mut().zip(self.tail.range(at..at + n)) {
                    *o = *b;
                }
                n
            } else {
                return Err(io::Error::other("read in the middle of the archive"));
            };
            self.position += n as u64;
            Ok(n)
        }
    }

    impl Seek for &mut Ends {
        fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
            self.position = match to {
                SeekFrom::Start(at) => Some(at),
                SeekFrom::End(d) => self.length.checked_add_signed(d),
                SeekFrom::Current(d) => self.position.checked_add_signed(d),
            }
            .ok_or_else(|| io::Error::from(io::ErrorKind::InvalidInput))?;
            Ok(self.position)
        }
    }

    #[test]
    fn a_recording_past_four_gibibytes_is_bundled_as_zip64() {
        let chunk = Bytes::from(vec![0x5a; 8 << 20]);
        let size = (4u64 << 30) + (16 << 20);
        let mut ends = Ends {
            head: Vec::new(),
            tail: Default::default(),
            length: 0,
            position: 0,
        };
        let mut bundle = ZipBundle::new(&mut ends).unwrap();
        let mut left = size;
        bundle
            .add("recordings/1-long.mp4", "recording", size, || {
                let n = left.min(chunk.len() as u64);
                left -= n;
                Ok((n > 0).then(|| chunk.slice(..usize::try_from(n).unwrap())))
            })
            .unwrap();
        let mut small = Some(Bytes::from_static(b"abc"));
        bundle
            .add("photos/2.jpg", "photo", 3, || Ok(small.take()))
            .unwrap();
        bundle.finish().unwrap();
        assert!(ends.length > size, "the archive holds the whole recording");

        let mut archive = zip::ZipArchive::new(&mut ends).expect("a readable ZIP64 archive");
        assert_eq!(archive.len(), 3);
        assert_eq!(
            archive.by_name("recordings/1-long.mp4").unwrap().size(),
            size
        );
        let mut photo = String::new();
        archive
            .by_name("photos/2.jpg")
            .unwrap()
            .read_to_string(&mut photo)
            .unwrap();
        assert_eq!(photo, "abc");
        let mut manifest = String::new();
        archive
            .by_name("manifest.csv")
            .unwrap()
            .read_to_string(&mut manifest)
            .unwrap();
        let lines: Vec<&str> = manifest.lines().collect();
        assert_eq!(lines[0], "file,kind,bytes,sha256");
        assert!(
            lines[1].starts_with(&format!("recordings/1-long.mp4,recording,{size},")),
            "{manifest}"
        );
        assert_eq!(
            lines[2],
            "photos/2.jpg,photo,3,ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
