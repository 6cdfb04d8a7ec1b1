//! What a recording is, read from its own bytes where it lies in object storage: its container
//! (never its name or declared type), whether it has pictures, and what the container says of
//! its length, time and place. Only the parts needed are read, with ranged reads, so a file
//! of gigabytes costs a few small requests and at most its index in memory.

mod audio;
mod iso_bmff;
mod sniff;

use anfang_domain::report::{Media, RecordingFormat};
use chrono::{DateTime, Utc};
use thiserror::Error;

use crate::storage::{ObjectKey, Storage, StorageError};

pub use iso_bmff::MOVIE_INDEX_MAX;

/// What the server learned of a recording.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordingFacts {
    pub media: Media,
    pub format: RecordingFormat,
    pub duration_ms: Option<u64>,
    pub recorded_at: Option<DateTime<Utc>>,
    /// Latitude and longitude, as the container wrote them.
    pub location: Option<(f64, f64)>,
}

/// Why a file is not taken as a recording.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RecordingError {
    #[error("the file is not an audio or video recording of an accepted kind")]
    NotARecording,
    #[error("the recording is cut short: its index or a box runs past its end")]
    Truncated,
    #[error("the recording's index claims more than {max} bytes")]
    IndexTooLarge { max: u64 },
    #[error("the recording's container is malformed")]
    Corrupt,
    #[error("the recording is larger than {max} bytes")]
    TooLarge { max: u64 },
    #[error("the recording could not be read from storage: {0}")]
    Storage(String),
}

impl From<StorageError> for RecordingError {
    fn from(e: StorageError) -> Self {
        RecordingError::Storage(e.to_string())
    }
}

/// How much of the start is read to tell the container.
const HEAD_BYTES: u64 = 64 * 1024;

/// Reads what the recording of `size` bytes at `key` is.
pub async fn inspect(
    storage: &Storage,
    key: &ObjectKey,
    size: u64,
) -> Result<RecordingFacts, RecordingError> {
    if size == 0 {
        return Err(RecordingError::NotARecording);
    }
    let head = storage.get_range(key, 0..size.min(HEAD_BYTES)).await?;
    match sniff::container(&head) {
        Some(sniff::Container::IsoBmff(format)) => {
            iso_bmff::inspect(storage, key, size, format).await
        }
        Some(sniff::Container::Plain(format)) => Ok(RecordingFacts {
            media: Media::Audio,
            format,
            duration_ms: audio::duration_ms(storage, key, size, format).await?,
            recorded_at: None,
            location: None,
        }),
        None => Err(RecordingError::NotARecording),
    }
}

#[cfg(test)]
mod tests {
    use bytes::Bytes;

    use super::*;

    #[tokio::test]
    async fn an_index_claiming_more_than_the_cap_is_refused_unread() {
        let storage = Storage::in_memory();
        let key = ObjectKey::new(&["recordings", "x", "original"]);
        let claimed = MOVIE_INDEX_MAX + 1024;
        let mut file = vec![0, 0, 0, 20];
        file.extend_from_slice(b"ftypisom\0\0\0\0isom");
        file.extend_from_slice(&u32::try_from(claimed).unwrap().to_be_bytes());
        file.extend_from_slice(b"moov");
        file.resize(usize::try_from(claimed).unwrap() + 4096, 0);
        let size = file.len() as u64;
        storage.put(&key, Bytes::from(file)).await.unwrap();
        assert_eq!(
            inspect(&storage, &key, size).await,
            Err(RecordingError::IndexTooLarge {
                max: MOVIE_INDEX_MAX
            })
        );
    }

    #[tokio::test]
    async fn a_movie_is_read_from_its_index_wherever_it_lies() {
        let storage = Storage::in_memory();
        let key = ObjectKey::new(&["recordings", "y", "original"]);
        let mut mvhd = vec![0u8; 4];
        for word in [3_900_000_000u32, 3_900_000_000, 600, 600 * 95] {
            mvhd.extend_from_slice(&word.to_be_bytes());
        }
        mvhd.extend_from_slice(&[0; 80]);
        let boxed = |kind: &[u8; 4], body: &[u8]| {
            let mut b = u32::try_from(body.len() + 8)
                .unwrap()
                .to_be_bytes()
                .to_vec();
            b.extend_from_slice(kind);
            b.extend_from_slice(body);
            b
        };
        let mut file = boxed(b"ftyp", b"M4A \0\0\0\0isom");
        file.extend(boxed(b"mdat", &[7; 5000]));
        file.extend(boxed(b"moov", &boxed(b"mvhd", &mvhd)));
        let size = file.len() as u64;
        storage.put(&key, Bytes::from(file)).await.unwrap();
        let facts = inspect(&storage, &key, size).await.unwrap();
        assert_eq!(facts.format, RecordingFormat::M4a);
        assert_eq!(facts.media, Media::Audio);
        assert_eq!(facts.duration_ms, Some(95_000));
        assert_eq!(
            facts.recorded_at.map(|t| t.to_rfc3339()),
            Some("2027-08-01T21:20:00+00:00".to_owned())
        );
    }
}
