//! Telling a recording's container from its first bytes.

use anfang_domain::report::RecordingFormat;

pub enum Container {
    /// An ISO base media file (MP4, MOV, 3GP, M4A): its index says more.
    IsoBmff(RecordingFormat),
    /// An audio stream whose container says no more than its kind.
    Plain(RecordingFormat),
}

/// The ISO base media file's brand, from its leading `ftyp` box.
fn brand(head: &[u8]) -> Option<RecordingFormat> {
    if head.get(4..8)? != b"ftyp" {
        return None;
    }
    let major = head.get(8..12)?;
    Some(match major {
        b"qt  " => RecordingFormat::Mov,
        b"M4A " | b"M4B " => RecordingFormat::M4a,
        [b'3', b'g', b'p' | b'2', _] => RecordingFormat::ThreeGp,
        b"isom" | b"iso2" | b"iso3" | b"iso4" | b"iso5" | b"iso6" | b"mp41" | b"mp42" | b"avc1"
        | b"mmp4" | b"MSNV" | b"M4V " | b"dash" | b"f4v " => RecordingFormat::Mp4,
        _ => return None,
    })
}

pub fn container(head: &[u8]) -> Option<Container> {
    if let Some(format) = brand(head) {
        return Some(Container::IsoBmff(format));
    }
    let plain = if infer::audio::is_amr(head) {
        RecordingFormat::Amr
    } else if infer::audio::is_ogg_opus(head) || infer::audio::is_ogg(head) {
        RecordingFormat::Ogg
    } else if infer::audio::is_wav(head) {
        RecordingFormat::Wav
    } else if infer::audio::is_mp3(head) || mpeg_audio_frame(head) {
        RecordingFormat::Mp3
    } else {
        return None;
    };
    Some(Container::Plain(plain))
}

/// An MP3 without an ID3 tag starts with a frame header: eleven set sync bits, MPEG version
/// 1, 2 or 2.5 and layer III (phones' recorders write MPEG-2 as often as MPEG-1).
fn mpeg_audio_frame(head: &[u8]) -> bool {
    match head {
        [0xFF, second, ..] => {
            let sync = second & 0xE0 == 0xE0;
            let version_known = second & 0x18 != 0x08;
            let layer_three = second & 0x06 == 0x02;
            sync && version_known && layer_three
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ftyp(brand: &[u8; 4]) -> Vec<u8> {
        let mut head = vec![0, 0, 0, 20];
        head.extend_from_slice(b"ftyp");
        head.extend_from_slice(brand);
        head.extend_from_slice(&[0, 0, 0, 0]);
        head.extend_from_slice(b"isom");
        head
    }

    fn format(head: &[u8]) -> Option<RecordingFormat> {
        container(head).map(|c| match c {
            Container::IsoBmff(f) | Container::Plain(f) => f,
        })
    }

    #[test]
    fn iso_media_files_are_told_by_their_brand() {
        assert_eq!(format(&ftyp(b"qt  ")), Some(RecordingFormat::Mov));
        assert_eq!(format(&ftyp(b"M4A ")), Some(RecordingFormat::M4a));
        assert_eq!(format(&ftyp(b"3gp5")), Some(RecordingFormat::ThreeGp));
        assert_eq!(format(&ftyp(b"3g2a")), Some(RecordingFormat::ThreeGp));
        assert_eq!(format(&ftyp(b"mp42")), Some(RecordingFormat::Mp4));
        assert_eq!(format(&ftyp(b"heic")), None, "a photo is not a recording");
    }

    #[test]
    fn audio_streams_are_told_by_their_signatures() {
        assert_eq!(
            format(b"#!AMR\n\x3c\x00\x00\x00\x00\x00\x00\x00"),
            Some(RecordingFormat::Amr)
        );
        assert_eq!(format(b"ID3\x04\x00\x00"), Some(RecordingFormat::Mp3));
        assert_eq!(
            format(&[0xFF, 0xF3, 0x44, 0xC4]),
            Some(RecordingFormat::Mp3)
        );
        assert_eq!(
            format(b"RIFF\x24\x00\x00\x00WAVEfmt "),
            Some(RecordingFormat::Wav)
        );
        assert_eq!(
            format(b"OggS\x00\x02\x00\x00\x00\x00\x00\x00\x00\x00"),
            Some(RecordingFormat::Ogg)
        );
    }

    #[test]
    fn web_pages_and_archives_are_not_recordings() {
        assert_eq!(format(b"<!DOCTYPE html><html>"), None);
        assert_eq!(format(b"PK\x03\x04\x14\x00\x00\x00"), None);
        assert_eq!(format(&[0xFF, 0xD8, 0xFF, 0xE0]), None, "a JPEG");
        assert_eq!(format(b""), None);
    }
}
