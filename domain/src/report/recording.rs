//! Recordings (录音录像) as evidence of a report, or of a finding's rectification: what they
//! are, as read from their bytes.

use chrono::{DateTime, Utc};

use crate::catalog::GeoPoint;
use crate::ids::{BlobId, FindingId, RecordingId, ReportId, UserId};

/// Whether a recording carries sound only or pictures too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Media {
    Audio,
    Video,
}

impl Media {
    pub fn as_str(self) -> &'static str {
        match self {
            Media::Audio => "audio",
            Media::Video => "video",
        }
    }
}

/// The containers accepted, each identified from the file's own bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordingFormat {
    /// AAC in an MPEG-4 audio file (`.m4a`), as phones' recorders write.
    M4a,
    Amr,
    Mp3,
    /// Opus (or Vorbis) in Ogg.
    Ogg,
    Wav,
    Mp4,
    Mov,
    /// 3GPP, as older phones and some recorders write (video or AMR audio).
    ThreeGp,
}

impl RecordingFormat {
    pub const ALL: [RecordingFormat; 8] = [
        RecordingFormat::M4a,
        RecordingFormat::Amr,
        RecordingFormat::Mp3,
        RecordingFormat::Ogg,
        RecordingFormat::Wav,
        RecordingFormat::Mp4,
        RecordingFormat::Mov,
        RecordingFormat::ThreeGp,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RecordingFormat::M4a => "m4a",
            RecordingFormat::Amr => "amr",
            RecordingFormat::Mp3 => "mp3",
            RecordingFormat::Ogg => "ogg",
            RecordingFormat::Wav => "wav",
            RecordingFormat::Mp4 => "mp4",
            RecordingFormat::Mov => "mov",
            RecordingFormat::ThreeGp => "3gp",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == raw)
    }

    /// The media type a download of the original is served as.
    pub fn mime(self, media: Media) -> &'static str {
        match (self, media) {
            (RecordingFormat::M4a, _) => "audio/mp4",
            (RecordingFormat::Amr, _) => "audio/amr",
            (RecordingFormat::Mp3, _) => "audio/mpeg",
            (RecordingFormat::Ogg, _) => "audio/ogg",
            (RecordingFormat::Wav, _) => "audio/wav",
            (RecordingFormat::Mp4, Media::Video) => "video/mp4",
            (RecordingFormat::Mp4, Media::Audio) => "audio/mp4",
            (RecordingFormat::Mov, _) => "video/quicktime",
            (RecordingFormat::ThreeGp, Media::Video) => "video/3gpp",
            (RecordingFormat::ThreeGp, Media::Audio) => "audio/3gpp",
        }
    }
}

/// An accepted recording. Its original is the only copy: no transcoding.
#[derive(Debug, Clone, PartialEq)]
pub struct Recording {
    pub id: RecordingId,
    /// The report it is evidence of; for a rectification's, the finding's report.
    pub report_id: ReportId,
    /// Set when the unit sent it with this finding's rectification.
    pub finding_id: Option<FindingId>,
    /// Where its file is stored.
    pub blob: BlobId,
    pub media: Media,
    pub format: RecordingFormat,
    pub byte_size: u64,
    pub sha256: String,
    /// As the container says, where it says.
    pub duration_ms: Option<u64>,
    pub recorded_at: Option<DateTime<Utc>>,
    pub location: Option<GeoPoint>,
    pub uploaded_by: UserId,
    pub created_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_reads_back_from_its_name() {
        for format in RecordingFormat::ALL {
            assert_eq!(RecordingFormat::parse(format.as_str()), Some(format));
        }
        assert_eq!(RecordingFormat::parse("html"), None);
    }

    #[test]
    fn an_mp4_without_pictures_is_served_as_audio() {
        assert_eq!(RecordingFormat::Mp4.mime(Media::Audio), "audio/mp4");
        assert_eq!(RecordingFormat::Mp4.mime(Media::Video), "video/mp4");
    }
}
