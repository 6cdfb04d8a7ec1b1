use std::fmt;

use thiserror::Error;

/// A county-level administrative division (区县) as a six-digit GB/T 2260 code, e.g. `330102`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DistrictCode(String);

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DistrictError {
    #[error("must be six digits (GB/T 2260), e.g. 330102")]
    Format,
    #[error("is not a county-level code (the province, or the last two digits, are zero)")]
    NotCountyLevel,
}

impl DistrictCode {
    pub fn parse(raw: &str) -> Result<Self, DistrictError> {
        let bytes = raw.as_bytes();
        if bytes.len() != 6 || !bytes.iter().all(u8::is_ascii_digit) {
            return Err(DistrictError::Format);
        }
        // Provinces run from 11 (Beijing) to 82 (Macao); a code ending in 00 names a
        // prefecture or province, not a county.
        let province = &raw[0..2];
        if !("11"..="82").contains(&province) || &raw[4..6] == "00" {
            return Err(DistrictError::NotCountyLevel);
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
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
        assert!(DistrictCode::parse("110105").is_ok());
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
    }
}
