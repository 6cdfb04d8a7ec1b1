use std::fmt;

use thiserror::Error;

/// A county-level administrative division (区县) as a six-digit GB/T 2260 code, e.g. `330102`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DistrictCode(String);

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DistrictError {
    #[error("must be six digits (GB/T 2260), e.g. 330102")]
    Format,
    #[error("is not a county-level code of an existing province (GB/T 2260)")]
    NotCountyLevel,
}

/// The province-level divisions of GB/T 2260 (省、自治区、直辖市、特别行政区), by their first
/// two digits: 11 Beijing … 65 Xinjiang, 71 Taiwan, 81 Hong Kong, 82 Macao.
const PROVINCES: [&str; 34] = [
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41",
    "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71",
    "81", "82",
];

impl DistrictCode {
    pub fn parse(raw: &str) -> Result<Self, DistrictError> {
        let bytes = raw.as_bytes();
        if bytes.len() != 6 || !bytes.iter().all(u8::is_ascii_digit) {
            return Err(DistrictError::Format);
        }
        // A code ending in 00 names a prefecture or a province, not a county.
        if !PROVINCES.contains(&&raw[0..2]) || &raw[4..6] == "00" {
            return Err(DistrictError::NotCountyLevel);
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

crate::bounded_text!(
    /// A district's name as the bureau writes it, e.g. 上城区.
    DistrictName, max = 64, multiline = false
);

/// A county-level division the bureau works in: its code and its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct District {
    pub code: DistrictCode,
    pub name: DistrictName,
}

impl std::str::FromStr for DistrictCode {
    type Err = DistrictError;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        Self::parse(raw)
    }
}

impl fmt::Display for DistrictCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn county_codes_are_accepted() {
        assert_eq!(DistrictCode::parse("330102").unwrap().as_str(), "330102");
        for code in ["110105", "650102", "710101", "810001", "820001"] {
            assert!(DistrictCode::parse(code).is_ok(), "{code}");
        }
    }

    #[test]
    fn malformed_or_non_county_codes_are_refused() {
        assert_eq!(DistrictCode::parse("33010"), Err(DistrictError::Format));
        assert_eq!(DistrictCode::parse("33010a"), Err(DistrictError::Format));
        assert_eq!(
            DistrictCode::parse("３３０１０２"),
            Err(DistrictError::Format)
        );
        assert_eq!(
            DistrictCode::parse("330100"),
            Err(DistrictError::NotCountyLevel)
        );
        assert_eq!(
            DistrictCode::parse("000102"),
            Err(DistrictError::NotCountyLevel)
        );
        assert_eq!(
            DistrictCode::parse("990102"),
            Err(DistrictError::NotCountyLevel)
        );
        // 16 and 38 fall between provinces and name none.
        for code in ["160102", "380102", "720102", "830102"] {
            assert_eq!(
                DistrictCode::parse(code),
                Err(DistrictError::NotCountyLevel),
                "{code}"
            );
        }
    }
}
