//! The evidence a phone declares it holds for a report, before and while it sends it: each
//! file's own id, kind, size and SHA-256. What arrives must be what was declared; what was
//! declared must arrive, or be withdrawn by its inspector, before the report can be submitted.

use thiserror::Error;

use crate::ids::EvidenceId;

/// What kind of evidence a file is: a photo, or an audio or video recording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvidenceKind {
    Photo,
    Recording,
}

impl EvidenceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EvidenceKind::Photo => "photo",
            EvidenceKind::Recording => "recording",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ManifestError {
    #[error("a SHA-256 is 64 lowercase hexadecimal digits")]
    Sha256,
    #[error("unknown evidence kind")]
    Kind,
    #[error("the file is not the one declared under its id")]
    NotAsDeclared,
}

impl std::str::FromStr for EvidenceKind {
    type Err = ManifestError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "photo" => Ok(EvidenceKind::Photo),
            "recording" => Ok(EvidenceKind::Recording),
            _ => Err(ManifestError::Kind),
        }
    }
}

/// A SHA-256 digest as lowercase hex, as phones and the server write it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sha256Hex(String);

impl Sha256Hex {
    pub fn parse(raw: &str) -> Result<Self, ManifestError> {
        let ok = raw.len() == 64
            && raw
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        ok.then(|| Sha256Hex(raw.to_owned()))
            .ok_or(ManifestError::Sha256)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One declared file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declared {
    pub id: EvidenceId,
    pub kind: EvidenceKind,
    pub byte_size: u64,
    pub sha256: Sha256Hex,
}

impl Declared {
    /// Larger than any evidence file the server takes (recordings are at most a few GiB).
    pub const MAX_BYTES: u64 = 1 << 40;

    /// A file arriving under this declaration's id must be the one declared.
    pub fn admits(&self, byte_size: u64, sha256: &str) -> Result<(), ManifestError> {
        if self.byte_size == byte_size && self.sha256.as_str() == sha256 {
            Ok(())
        } else {
            Err(ManifestError::NotAsDeclared)
        }
    }
}

/// Where a declared file stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arrival {
    Expected,
    /// Part of it has arrived through a resumable upload: this many bytes.
    Receiving {
        offset: u64,
    },
    Received,
    /// Its inspector said it will not come (lost, or taken by mistake).
    Withdrawn,
}

impl Arrival {
    /// `receiving` is the offset of an unfinished upload of it, if one has begun.
    pub fn of(received: bool, withdrawn: bool, receiving: Option<u64>) -> Arrival {
        match (received, withdrawn, receiving) {
            (true, _, _) => Arrival::Received,
            (false, true, _) => Arrival::Withdrawn,
            (false, false, Some(offset)) => Arrival::Receiving { offset },
            (false, false, None) => Arrival::Expected,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Arrival::Expected => "expected",
            Arrival::Receiving { .. } => "receiving",
            Arrival::Received => "received",
            Arrival::Withdrawn => "withdrawn",
        }
    }

    /// Whether the report must wait for it before it can be submitted.
    pub fn holds_submission(self) -> bool {
        matches!(self, Arrival::Expected | Arrival::Receiving { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn declared() -> Declared {
        Declared {
            id: EvidenceId::new_random(),
            kind: EvidenceKind::Photo,
            byte_size: 10,
            sha256: Sha256Hex::parse(&"ab".repeat(32)).unwrap(),
        }
    }

    #[test]
    fn only_a_well_formed_digest_is_a_sha256() {
        assert!(Sha256Hex::parse(&"0f".repeat(32)).is_ok());
        for bad in [
            "",
            "abc",
            &"AB".repeat(32),
            &"zz".repeat(32),
            &"ab".repeat(33),
        ] {
            assert_eq!(Sha256Hex::parse(bad), Err(ManifestError::Sha256), "{bad}");
        }
    }

    #[test]
    fn a_file_is_admitted_only_as_declared() {
        let d = declared();
        assert!(d.admits(10, &"ab".repeat(32)).is_ok());
        assert_eq!(
            d.admits(11, &"ab".repeat(32)),
            Err(ManifestError::NotAsDeclared)
        );
        assert_eq!(
            d.admits(10, &"cd".repeat(32)),
            Err(ManifestError::NotAsDeclared)
        );
    }

    #[test]
    fn only_what_is_still_expected_or_half_sent_holds_the_submission() {
        assert!(Arrival::of(false, false, None).holds_submission());
        assert!(Arrival::of(false, false, Some(7)).holds_submission());
        assert_eq!(
            Arrival::of(false, false, Some(7)),
            Arrival::Receiving { offset: 7 }
        );
        assert!(!Arrival::of(true, false, Some(7)).holds_submission());
        assert!(!Arrival::of(false, true, Some(7)).holds_submission());
        assert_eq!(
            Arrival::of(true, true, None),
            Arrival::Received,
            "it came after all"
        );
    }
}
