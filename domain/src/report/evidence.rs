//! A `major` rating needs evidence (SPEC §2.3): a photo linked to the item, a cited segment of
//! one of the report's recordings, or a note of at least ten characters saying why there is
//! none.

use std::collections::{HashMap, HashSet};

use super::{Outcome, Ratings};
use crate::catalog::ItemCode;
use crate::ids::RecordingId;

/// The report's recordings, with their length where their container gives it.
pub type RecordingLengths = HashMap<RecordingId, Option<u64>>;

pub const MIN_NOTE_CHARS: usize = 10;

/// A `major` item without evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceGap {
    pub item_code: ItemCode,
}

/// The `major` items with neither a linked photo, nor a segment of a recording the report has
/// (lying within it), nor a long enough note.
pub fn missing_evidence(
    ratings: &Ratings,
    items_with_photos: &HashSet<ItemCode>,
    recordings: &RecordingLengths,
) -> Vec<EvidenceGap> {
    ratings
        .iter()
        .filter(|r| r.outcome == Outcome::Major)
        .filter(|r| !items_with_photos.contains(&r.item_code))
        .filter(|r| {
            !r.citation.is_some_and(|c| {
                recordings
                    .get(&c.recording())
                    .is_some_and(|length| c.within(*length))
            })
        })
        .filter(|r| {
            r.note
                .as_ref()
                .is_none_or(|n| n.as_str().chars().count() < MIN_NOTE_CHARS)
        })
        .map(|r| EvidenceGap {
            item_code: r.item_code.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::rating::tests::{checklist, judged, unit_type};
    use crate::report::{Citation, Note};

    #[test]
    fn a_major_needs_a_photo_or_a_ten_character_note() {
        let mut with_note = judged("ATT-01", Outcome::Major);
        with_note.note = Some(Note::parse("窗口人员态度恶劣，拒绝解答").unwrap());
        let mut short_note = judged("DSC-04", Outcome::Major);
        short_note.note = Some(Note::parse("太差了").unwrap());
        let bare = judged("ENV-01", Outcome::Major);
        let minor = judged("PRC-07", Outcome::Na);
        let ratings = Ratings::parse(
            &[with_note, short_note, bare, minor],
            &checklist(),
            &unit_type("EMP"),
        )
        .unwrap();

        let gaps: Vec<_> = missing_evidence(&ratings, &HashSet::new(), &HashMap::new())
            .into_iter()
            .map(|g| g.item_code.as_str().to_owned())
            .collect();
        assert_eq!(gaps, ["DSC-04", "ENV-01"]);

        let photographed = HashSet::from([ItemCode::parse("ENV-01").unwrap()]);
        let gaps: Vec<_> = missing_evidence(&ratings, &photographed, &HashMap::new())
            .into_iter()
            .map(|g| g.item_code.as_str().to_owned())
            .collect();
        assert_eq!(gaps, ["DSC-04"]);
    }

    #[test]
    fn a_major_is_evidenced_by_a_segment_of_one_of_the_reports_recordings() {
        let recording = RecordingId::new_random();
        let cited = |start, end| {
            let mut r = judged("ATT-01", Outcome::Major);
            r.citation = Some(Citation::new(recording, start, end).unwrap());
            Ratings::parse(&[r], &checklist(), &unit_type("EMP")).unwrap()
        };
        let none = HashSet::new();
        let recordings = HashMap::from([(recording, Some(600_000))]);
        assert!(missing_evidence(&cited(120, 180), &none, &recordings).is_empty());
        assert_eq!(
            missing_evidence(&cited(550, 700), &none, &recordings).len(),
            1,
            "a segment past the recording's end shows nothing"
        );
        assert_eq!(
            missing_evidence(&cited(120, 180), &none, &HashMap::new()).len(),
            1,
            "a recording that has not arrived is no evidence yet"
        );
    }
}
