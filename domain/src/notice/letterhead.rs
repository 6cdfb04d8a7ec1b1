//! What a notice says about who issues it and to whom (GB/T 9704-2012 版头 and 版记): the
//! issuing body, the document number's prefix, the addressees (主送), the copy-to list (抄送)
//! and the office that prints it (印发机关). Admins set them; a published notice keeps the ones
//! it was issued under.

use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::bounded_text;
use crate::text::TextError;

bounded_text!(
    /// An organ's name as it prints: the issuing body, an addressee, a copy-to organ.
    BodyName,
    max = 40,
    multiline = false
);

/// The words before the year in a document number (发文字号), e.g. `杭人社暗`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberPrefix(String);

impl NumberPrefix {
    pub const MAX_CHARS: usize = 12;

    pub fn parse(raw: &str) -> Result<Self, LetterheadRule> {
        let text =
            crate::text::bounded(raw, Self::MAX_CHARS, false).map_err(LetterheadRule::Text)?;
        // The year's brackets and the closing 号 are the number's own.
        if text
            .chars()
            .any(|c| "〔〕[]()（）号".contains(c) || c.is_whitespace())
        {
            return Err(LetterheadRule::PrefixPunctuation);
        }
        Ok(Self(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The most addressees or copy-to organs one document names.
pub const MAX_ORGANS: usize = 30;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum LetterheadRule {
    #[error("{0}")]
    Text(TextError),
    #[error("must not contain brackets, 号 or spaces: the number adds its own")]
    PrefixPunctuation,
    #[error("must name at least one addressee")]
    NoAddressee,
    #[error("must name at most {MAX_ORGANS} organs")]
    TooManyOrgans,
}

/// Which field broke which rule.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{field}: {rule}")]
pub struct LetterheadError {
    pub field: &'static str,
    pub rule: LetterheadRule,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "RawLetterhead", try_from = "RawLetterhead")]
pub struct Letterhead {
    pub issuing_body: BodyName,
    pub number_prefix: NumberPrefix,
    pub addressees: Vec<BodyName>,
    pub copy_to: Vec<BodyName>,
    pub printing_office: BodyName,
    /// A notice is published only once a leader has signed it (签发).
    pub signature_required: bool,
}

/// The letterhead as typed or stored, before its rules are checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawLetterhead {
    pub issuing_body: String,
    pub number_prefix: String,
    pub addressees: Vec<String>,
    pub copy_to: Vec<String>,
    pub printing_office: String,
    pub signature_required: bool,
}

impl Default for Letterhead {
    fn default() -> Self {
        let name = |s: &str| BodyName(s.to_owned());
        Self {
            issuing_body: name("人力资源和社会保障局"),
            number_prefix: NumberPrefix("人社暗".to_owned()),
            addressees: vec![name("各窗口服务单位")],
            copy_to: vec![],
            printing_office: name("人力资源和社会保障局办公室"),
            signature_required: true,
        }
    }
}

fn organs(field: &'static str, raw: &[String]) -> Result<Vec<BodyName>, LetterheadError> {
    let error = |rule| LetterheadError { field, rule };
    if raw.len() > MAX_ORGANS {
        return Err(error(LetterheadRule::TooManyOrgans));
    }
    raw.iter()
        .map(|r| BodyName::parse(r).map_err(|e| error(LetterheadRule::Text(e))))
        .collect()
}

impl TryFrom<RawLetterhead> for Letterhead {
    type Error = LetterheadError;

    fn try_from(raw: RawLetterhead) -> Result<Self, Self::Error> {
        let name = |field: &'static str, value: &str| {
            BodyName::parse(value).map_err(|e| LetterheadError {
                field,
                rule: LetterheadRule::Text(e),
            })
        };
        let addressees = organs("addressees", &raw.addressees)?;
        if addressees.is_empty() {
            return Err(LetterheadError {
                field: "addressees",
                rule: LetterheadRule::NoAddressee,
            });
        }
        Ok(Self {
            issuing_body: name("issuing_body", &raw.issuing_body)?,
            number_prefix: NumberPrefix::parse(&raw.number_prefix).map_err(|rule| {
                LetterheadError {
                    field: "number_prefix",
                    rule,
                }
            })?,
            addressees,
            copy_to: organs("copy_to", &raw.copy_to)?,
            printing_office: name("printing_office", &raw.printing_office)?,
            signature_required: raw.signature_required,
        })
    }
}

impl From<Letterhead> for RawLetterhead {
    fn from(l: Letterhead) -> Self {
        let names = |v: Vec<BodyName>| v.into_iter().map(BodyName::into_inner).collect();
        Self {
            issuing_body: l.issuing_body.into_inner(),
            number_prefix: l.number_prefix.0,
            addressees: names(l.addressees),
            copy_to: names(l.copy_to),
            printing_office: l.printing_office.into_inner(),
            signature_required: l.signature_required,
        }
    }
}

/// A document number (发文字号): `杭人社暗〔2026〕12号`, the twelfth of 2026. Numbers run in
/// sequence per year from 1 and are never given twice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentNumber {
    pub prefix: String,
    pub year: i32,
    pub sequence: u32,
}

impl DocumentNumber {
    /// The number after `last` (the year's highest given so far, if any).
    pub fn next(prefix: &NumberPrefix, year: i32, last: Option<u32>) -> Self {
        Self {
            prefix: prefix.as_str().to_owned(),
            year,
            sequence: last.map_or(1, |n| n.saturating_add(1)),
        }
    }
}

impl fmt::Display for DocumentNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}〔{}〕{}号", self.prefix, self.year, self.sequence)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw() -> RawLetterhead {
        RawLetterhead::from(Letterhead::default())
    }

    #[test]
    fn a_number_reads_as_the_bureau_writes_it_and_counts_on_from_the_last() {
        let prefix = NumberPrefix::parse("杭人社暗").unwrap();
        let first = DocumentNumber::next(&prefix, 2026, None);
        assert_eq!(first.to_string(), "杭人社暗〔2026〕1号");
        assert_eq!(
            DocumentNumber::next(&prefix, 2026, Some(11)).to_string(),
            "杭人社暗〔2026〕12号"
        );
    }

    #[test]
    fn a_prefix_carries_no_bracket_or_number_sign_of_its_own() {
        for bad in ["杭人社〔", "人社暗号", "人社 暗", ""] {
            assert!(NumberPrefix::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_letterhead_names_an_addressee_and_keeps_every_name_bounded() {
        let mut none = raw();
        none.addressees.clear();
        assert_eq!(Letterhead::try_from(none).unwrap_err().field, "addressees");
        let mut long = raw();
        long.copy_to = vec!["局".repeat(41)];
        assert_eq!(Letterhead::try_from(long).unwrap_err().field, "copy_to");
        let mut many = raw();
        many.copy_to = vec!["市委".into(); MAX_ORGANS + 1];
        assert_eq!(
            Letterhead::try_from(many).unwrap_err().rule,
            LetterheadRule::TooManyOrgans
        );
        assert_eq!(Letterhead::try_from(raw()), Ok(Letterhead::default()));
    }
}
