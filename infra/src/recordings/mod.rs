//! What a recording is, read from its own bytes where it lies in object storage: its container
//! (never its name or declared type), whether it has pictures, and what the container says of
//! its length, time and place. Only the parts needed are read, with ranged reads, so a file
//! of gigabytes costs a few small requests and at most its index in memory.

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
            duration_ms: None,
            recorded_at: None,
            location: None,
        }),
        None => Err(RecordingError::NotARecording),
    }
}
