//! The length of a WAV, MP3 or Ogg recording, as its headers say (the WAV data chunk, the MP3
//! Xing/VBRI tag or bitrate, the Ogg stream's last granule): read by symphonia's demuxers,
//! without decoding, through ranged reads of the stored object. A file that is no such
//! container after all is refused; one whose length cannot be found within the read budget is
//! kept, its length unknown.

use std::io::{self, Read, Seek, SeekFrom};

use anfang_domain::report::RecordingFormat;
use bytes::Bytes;
use symphonia::core::errors::Error as DemuxError;
use symphonia::core::formats::{FormatOptions, FormatReader};
use symphonia::core::io::{MediaSource, MediaSourceStream, MediaSourceStreamOptions};
use symphonia::default::formats::{MpaReader, OggReader, WavReader};
use tokio::runtime::Handle;

use super::RecordingError;
use crate::storage::{ObjectKey, Storage};

/// Bytes fetched per ranged read.
const WINDOW: u64 = 256 * 1024;
/// The most a demuxer may read of one file: enough for headers, an MP3's tags and an Ogg
/// stream's end, far from a whole recording.
const READ_BUDGET: u64 = 16 * 1024 * 1024;

/// The duration in milliseconds of the recording at `key`, where its container gives one.
pub(super) async fn duration_ms(
    storage: &Storage,
    key: &ObjectKey,
    size: u64,
    format: RecordingFormat,
) -> Result<Option<u64>, RecordingError> {
    let source = RangedSource {
        storage: storage.clone(),
        key: key.clone(),
        size,
        position: 0,
        window: Bytes::new(),
        window_start: 0,
        fetched: 0,
        runtime: Handle::current(),
    };
    tokio::task::spawn_blocking(move || demux(source, format))
        .await
        .map_err(|_| RecordingError::Corrupt)?
}

fn demux(source: RangedSource, format: RecordingFormat) -> Result<Option<u64>, RecordingError> {
    let stream = MediaSourceStream::new(Box::new(source), MediaSourceStreamOptions::default());
    let options = FormatOptions::default();
    let reader: Result<Box<dyn FormatReader + '_>, DemuxError> = match format {
        RecordingFormat::Wav => WavReader::try_new(stream, options).map(|r| Box::new(r) as _),
        RecordingFormat::Mp3 => MpaReader::try_new(stream, options).map(|r| Box::new(r) as _),
        RecordingFormat::Ogg => OggReader::try_new(stream, options).map(|r| Box::new(r) as _),
        _ => return Ok(None),
    };
    let reader = match reader {
        Ok(reader) => reader,
        Err(DemuxError::IoError(e)) if e.kind() == io::ErrorKind::QuotaExceeded => {
            return Ok(None);
        }
        Err(DemuxError::IoError(e)) if e.kind() == io::ErrorKind::Other => {
            return Err(RecordingError::Storage(e.to_string()));
        }
        Err(DemuxError::IoError(_)) => return Err(RecordingError::Truncated),
        Err(_) => return Err(RecordingError::Corrupt),
    };
    let Some(track) = reader.default_track(symphonia::core::formats::TrackType::Audio) else {
        return Err(RecordingError::Corrupt);
    };
    // Playable frames first: an Ogg Opus stream's duration counts its encoder's pre-skip.
    let length = track.num_frames.map(Into::into).or(track.duration);
    Ok(track
        .time_base
        .zip(length)
        .and_then(|(base, length)| base.calc_duration(length))
        .and_then(|time| u64::try_from(time.as_millis()).ok()))
}

/// A stored object read as a seekable file, one window at a time, from within a blocking
/// task (each window is one ranged read on the runtime).
struct RangedSource {
    storage: Storage,
    key: ObjectKey,
    size: u64,
    position: u64,
    window: Bytes,
    window_start: u64,
    fetched: u64,
    runtime: Handle,
}

impl Read for RangedSource {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.position >= self.size || out.is_empty() {
            return Ok(0);
        }
        let window_end = self.window_start + self.window.len() as u64;
        if !(self.window_start..window_end).contains(&self.position) {
            if self.fetched >= READ_BUDGET {
                return Err(io::Error::from(io::ErrorKind::QuotaExceeded));
            }
            let end = (self.position + WINDOW).min(self.size);
            self.window = self
                .runtime
                .block_on(self.storage.get_range(&self.key, self.position..end))
                .map_err(io::Error::other)?;
            self.window_start = self.position;
            self.fetched += self.window.len() as u64;
            if self.window.is_empty() {
                return Ok(0);
            }
        }
        let at = usize::try_from(self.position - self.window_start).unwrap_or(usize::MAX);
        let available = &self.window[at.min(self.window.len())..];
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.position += n as u64;
        Ok(n)
    }
}

impl Seek for RangedSource {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let target = match to {
            SeekFrom::Start(at) => Some(at),
            SeekFrom::End(delta) => self.size.checked_add_signed(delta),
            SeekFrom::Current(delta) => self.position.checked_add_signed(delta),
        };
        self.position = target.ok_or_else(|| io::Error::from(io::ErrorKind::InvalidInput))?;
        Ok(self.position)
    }
}

impl MediaSource for RangedSource {
    fn is_seekable(&self) -> bool {
        true
    }

    fn byte_len(&self) -> Option<u64> {
        Some(self.size)
    }
}
