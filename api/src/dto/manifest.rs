use anfang_domain::ids::EvidenceId;
use anfang_domain::report::{Arrival, Declared, EvidenceKind, Sha256Hex};
use anfang_usecases::evidence_manifest::Entry;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::error::{ApiError, FieldIssue, FieldParser};

/// A file the phone holds for the report and will send.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeclaredFileDto {
    /// The id the file will be uploaded under: the `photo_id` of a photo upload, or the
    /// `evidence_id` of a resumable upload (`/uploads`).
    pub id: Uuid,
    /// `photo` or `recording`.
    pub kind: String,
    #[schema(minimum = 1, maximum = 1_099_511_627_776_u64)]
    pub bytes: u64,
    /// Of the file as it will be sent: 64 lowercase hexadecimal digits.
    #[schema(pattern = "^[0-9a-f]{64}$")]
    pub sha256: String,
}

/// Declares (or declares anew) files for a draft; files already declared and not named keep
/// their declarations.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ManifestRequest {
    #[validate(length(min = 1, max = 200))]
    pub items: Vec<DeclaredFileDto>,
}

impl ManifestRequest {
    pub fn parse(&self) -> Result<Vec<Declared>, ApiError> {
        self.validate()?;
        let mut p = FieldParser::default();
        let format = |expected| FieldIssue::Format { expected };
        let files: Vec<Declared> = self
            .items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| {
                let kind = item
                    .kind
                    .parse::<EvidenceKind>()
                    .map_err(|_| format("photo or recording"));
                let kind = p.take(&format!("items[{i}].kind"), kind);
                let sha256 = Sha256Hex::parse(&item.sha256)
                    .map_err(|_| format("64 lowercase hexadecimal digits"));
                let sha256 = p.take(&format!("items[{i}].sha256"), sha256);
                if !(1..=Declared::MAX_BYTES).contains(&item.bytes) {
                    p.push(format!("items[{i}].bytes"), FieldIssue::OutOfRange);
                    return None;
                }
                Some(Declared {
                    id: EvidenceId::from_uuid(item.id),
                    kind: kind?,
                    byte_size: item.bytes,
                    sha256: sha256?,
                })
            })
            .collect();
        if p.is_clean() {
            Ok(files)
        } else {
            Err(p.into_error())
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ManifestEntryResponse {
    pub id: Uuid,
    pub kind: String,
    pub bytes: u64,
    pub sha256: String,
    /// expected, receiving (part of it has come by resumable upload), received or withdrawn.
    pub state: String,
    /// While receiving: how many of its bytes have arrived.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset: Option<u64>,
}

/// What the phone declared for the report, and what of it has arrived ("3 of 3 received").
#[derive(Debug, Serialize, ToSchema)]
pub struct ManifestResponse {
    pub items: Vec<ManifestEntryResponse>,
    pub declared: usize,
    pub received: usize,
    /// Neither received nor withdrawn (receiving ones too): the report cannot be submitted
    /// while any is.
    pub expected: usize,
    /// Of those expected, the ones partly arrived.
    pub receiving: usize,
}

impl From<Vec<Entry>> for ManifestResponse {
    fn from(entries: Vec<Entry>) -> Self {
        let count = |state: &str| {
            entries
                .iter()
                .filter(|e| e.arrival.as_str() == state)
                .count()
        };
        Self {
            declared: entries.len(),
            received: count("received"),
            expected: entries
                .iter()
                .filter(|e| e.arrival.holds_submission())
                .count(),
            receiving: count("receiving"),
            items: entries
                .iter()
                .map(|e| ManifestEntryResponse {
                    id: e.declared.id.as_uuid(),
                    kind: e.declared.kind.as_str().to_owned(),
                    bytes: e.declared.byte_size,
                    sha256: e.declared.sha256.as_str().to_owned(),
                    state: e.arrival.as_str().to_owned(),
                    offset: match e.arrival {
                        Arrival::Receiving { offset } => Some(offset),
                        _ => None,
                    },
                })
                .collect(),
        }
    }
}

// The schema's bound is the domain's.
const _: () = assert!(Declared::MAX_BYTES == 1_099_511_627_776);
