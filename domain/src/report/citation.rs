//! A rating's citation of a recording: the segment, from one second to another, where the
//! problem is heard or seen. In an appeal the recording settles it, and the segment says where.

use thiserror::Error;

use crate::ids::RecordingId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum CitationError {
    #[error("a cited segment ends after it starts")]
    Reversed,
    #[error("a cited segment lies within the first 24 hours of its recording")]
    TooLate,
}

/// A segment of one of the report's recordings, in whole seconds from its start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Citation {
    recording: RecordingId,
    start_s: u32,
    end_s: u32,
}

impl Citation {
    /// No recording an inspector makes runs longer than a day.
    pub const MAX_SECONDS: u32 = 86_400;

    pub fn new(recording: RecordingId, start_s: u32, end_s: u32) -> Result<Self, CitationError> {
        if end_s <= start_s {
            return Err(CitationError::Reversed);
        }
        if end_s > Self::MAX_SECONDS {
            return Err(CitationError::TooLate);
        }
        Ok(Self {
            recording,
            start_s,
            end_s,
        })
    }

    pub fn recording(&self) -> RecordingId {
        self.recording
    }

    pub fn start_s(&self) -> u32 {
        self.start_s
    }

    pub fn end_s(&self) -> u32 {
        self.end_s
    }

    /// Whether the segment lies within a recording of `duration_ms`; a recording whose
    /// container does not say how long it is is taken at its inspector's word.
    pub fn within(&self, duration_ms: Option<u64>) -> bool {
        duration_ms.is_none_or(|ms| u64::from(self.end_s) * 1000 <= ms.div_ceil(1000) * 1000)
    }

    /// `00:12:05–00:13:40`, as findings and notices show the segment.
    pub fn label(&self) -> String {
        let clock = |s: u32| format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
        format!("{}–{}", clock(self.start_s), clock(self.end_s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cite(start: u32, end: u32) -> Result<Citation, CitationError> {
        Citation::new(RecordingId::new_random(), start, end)
    }

    #[test]
    fn a_segment_runs_forward_within_a_day() {
        assert!(cite(0, 1).is_ok());
        assert_eq!(cite(5, 5), Err(CitationError::Reversed));
        assert_eq!(cite(9, 3), Err(CitationError::Reversed));
        assert_eq!(cite(0, 86_401), Err(CitationError::TooLate));
    }

    #[test]
    fn a_segment_must_lie_within_its_recording() {
        let c = cite(725, 820).unwrap();
        assert!(c.within(Some(820_000)));
        assert!(
            c.within(Some(819_400)),
            "the recording's last, partial second counts"
        );
        assert!(!c.within(Some(818_000)));
        assert!(
            c.within(None),
            "a length the container does not give is not held against it"
        );
    }

    #[test]
    fn a_segment_reads_as_clock_times() {
        assert_eq!(cite(725, 3_700).unwrap().label(), "00:12:05–01:01:40");
    }
}
