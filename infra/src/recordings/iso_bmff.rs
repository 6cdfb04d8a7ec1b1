//! ISO base media files (MP4, MOV, 3GP, M4A): the top-level boxes are walked by their headers
//! alone, with ranged reads (the media data of a long recording is never read), until the
//! movie index (`moov`) is found; it is then read whole, within a cap, and the boxes needed are
//! decoded by `mp4-atom`. Anything else in the index is left alone, so a phone's own
//! extensions never make a recording unreadable.

use anfang_domain::report::{Media, RecordingFormat};
use chrono::{DateTime, Utc};
use mp4_atom::{Decode, DecodeMaybe, FourCC, Header, Mvhd};

use super::{RecordingError, RecordingFacts};
use crate::storage::{ObjectKey, Storage};

/// The most a movie index may weigh. A real one is kilobytes to a few megabytes (an hour of
/// video is about 2 MB of sample tables); one claiming more is refused rather than read.
pub const MOVIE_INDEX_MAX: u64 = 64 << 20;

/// Top-level boxes looked at before giving up (real files have a handful).
const MAX_TOP_LEVEL_BOXES: usize = 256;

/// Seconds from 1904-01-01, the ISO media epoch, to 1970-01-01.
const SECONDS_1904_TO_1970: u64 = 2_082_844_800;

/// A box's extent from its header: the header's length and the whole box's.
fn extent(header: &[u8], remaining: u64) -> Result<(FourCC, u64, u64), RecordingError> {
    let mut buf = header;
    let parsed = Header::decode_maybe(&mut buf)
        .map_err(|_| RecordingError::Corrupt)?
        .ok_or(RecordingError::Truncated)?;
    let header_len = (header.len() - buf.len()) as u64;
    let total = match parsed.size {
        Some(body) => header_len
            .checked_add(body as u64)
            .ok_or(RecordingError::Corrupt)?,
        None => remaining,
    };
    if total > remaining {
        return Err(RecordingError::Truncated);
    }
    Ok((parsed.kind, header_len, total))
}

pub async fn inspect(
    storage: &Storage,
    key: &ObjectKey,
    size: u64,
    format: RecordingFormat,
) -> Result<RecordingFacts, RecordingError> {
    let mut at = 0u64;
    let mut index = None;
    for _ in 0..MAX_TOP_LEVEL_BOXES {
        if at >= size {
            break;
        }
        let header = storage.get_range(key, at..(at + 16).min(size)).await?;
        let (kind, header_len, total) = extent(&header, size - at)?;
        if kind == FourCC::new(b"moov") {
            if total > MOVIE_INDEX_MAX {
                return Err(RecordingError::IndexTooLarge {
                    max: MOVIE_INDEX_MAX,
                });
            }
            index = Some(at + header_len..at + total);
            break;
        }
        at += total;
    }
    let index = index.ok_or(RecordingError::Truncated)?;
    let body = storage.get_range(key, index).await?;
    read_index(&body, format)
}

/// A box inside another: its kind, its whole bytes (header included), its body.
type Child<'a> = (FourCC, &'a [u8], &'a [u8]);

/// The boxes inside a box's body.
fn children(body: &[u8]) -> Result<Vec<Child<'_>>, RecordingError> {
    let mut found = Vec::new();
    let mut rest = body;
    while !rest.is_empty() {
        let (kind, header_len, total) = extent(rest, rest.len() as u64)?;
        let (whole, after) = rest.split_at(total as usize);
        found.push((kind, whole, &whole[header_len as usize..]));
        rest = after;
    }
    Ok(found)
}

fn child<'a>(body: &'a [u8], kind: &[u8; 4]) -> Result<Option<&'a [u8]>, RecordingError> {
    Ok(children(body)?
        .into_iter()
        .find(|(k, _, _)| *k == FourCC::new(kind))
        .map(|(_, _, body)| body))
}

fn read_index(moov: &[u8], format: RecordingFormat) -> Result<RecordingFacts, RecordingError> {
    let mut header = None;
    let mut media = Media::Audio;
    let mut location = None;
    for (kind, whole, body) in children(moov)? {
        if kind == FourCC::new(b"mvhd") {
            header = Some(Mvhd::decode(&mut &whole[..]).map_err(|_| RecordingError::Corrupt)?);
        } else if kind == FourCC::new(b"trak") && is_video_track(body)? {
            media = Media::Video;
        } else if kind == FourCC::new(b"udta") {
            location = child(body, b"\xa9xyz")?
                .and_then(iso6709_text)
                .and_then(iso6709);
        }
    }
    let header = header.ok_or(RecordingError::Corrupt)?;
    let duration_ms = (header.timescale > 0)
        .then(|| u128::from(header.duration) * 1000 / u128::from(header.timescale))
        .and_then(|ms| u64::try_from(ms).ok());
    let recorded_at = header
        .creation_time
        .checked_sub(SECONDS_1904_TO_1970)
        .filter(|&s| s > 0)
        .and_then(|s| i64::try_from(s).ok())
        .and_then(|s| DateTime::<Utc>::from_timestamp(s, 0));
    Ok(RecordingFacts {
        media,
        format,
        duration_ms,
        recorded_at,
        location,
    })
}

/// Whether a track's handler says it carries pictures. Only the handler's type is read, at
/// its fixed place after the version, flags and a reserved word: the handler's name that
/// follows is free text in whatever encoding a phone chose, and never a reason to refuse.
fn is_video_track(trak: &[u8]) -> Result<bool, RecordingError> {
    let Some(mdia) = child(trak, b"mdia")? else {
        return Ok(false);
    };
    let handler = child(mdia, b"hdlr")?.and_then(|hdlr| hdlr.get(8..12));
    Ok(handler == Some(b"vide".as_slice()))
}

/// The text of a `©xyz` box: a 16-bit length and a language code before it.
fn iso6709_text(body: &[u8]) -> Option<&str> {
    let len = usize::from(u16::from_be_bytes([*body.first()?, *body.get(1)?]));
    std::str::from_utf8(body.get(4..4 + len)?).ok()
}

/// Latitude and longitude from an ISO 6709 point such as `+39.9042+116.4074+043.500/`.
fn iso6709(text: &str) -> Option<(f64, f64)> {
    let signs: Vec<usize> = text
        .char_indices()
        .filter(|(_, c)| *c == '+' || *c == '-')
        .map(|(i, _)| i)
        .collect();
    let (lat_at, lon_at) = (*signs.first()?, *signs.get(1)?);
    let lon_end = signs
        .get(2)
        .copied()
        .or_else(|| text.find('/'))
        .unwrap_or(text.len());
    let latitude = text.get(lat_at..lon_at)?.parse().ok()?;
    let longitude = text.get(lon_at..lon_end)?.parse().ok()?;
    Some((latitude, longitude))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_iso6709_point_reads_as_latitude_and_longitude() {
        assert_eq!(
            iso6709("+39.9042+116.4074+043.500/"),
            Some((39.9042, 116.4074))
        );
        assert_eq!(iso6709("-33.8688+151.2093/"), Some((-33.8688, 151.2093)));
        assert_eq!(iso6709("nowhere"), None);
    }

    #[test]
    fn a_box_running_past_the_end_is_a_truncated_file() {
        let header = [0, 0, 0x10, 0, b'm', b'd', b'a', b't'];
        assert_eq!(extent(&header, 100), Err(RecordingError::Truncated));
        assert!(extent(&header, 4096).is_ok());
    }

    #[test]
    fn a_box_smaller_than_its_header_is_malformed() {
        let header = [0, 0, 0, 4, b'f', b'r', b'e', b'e'];
        assert_eq!(extent(&header, 100), Err(RecordingError::Corrupt));
    }
}
