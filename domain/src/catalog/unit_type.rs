use std::fmt;

use thiserror::Error;

/// A code that does not have the required shape; `expected` says what the shape is.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("must be {expected}")]
pub struct CodeFormatError {
    pub expected: &'static str,
}

/// The code of one of the window-unit types (15类窗口单位), e.g. `EMP`: three capital letters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnitTypeCode(String);

impl UnitTypeCode {
    pub fn parse(raw: &str) -> Result<Self, CodeFormatError> {
        if raw.len() == 3 && raw.bytes().all(|b| b.is_ascii_uppercase()) {
            Ok(Self(raw.to_owned()))
        } else {
            Err(CodeFormatError {
                expected: "three capital letters, e.g. EMP",
            })
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::str::FromStr for UnitTypeCode {
    type Err = CodeFormatError;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        Self::parse(raw)
    }
}

impl fmt::Display for UnitTypeCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

crate::bounded_text!(
    /// A unit type's name, in Chinese or English.
    UnitTypeName, max = 64, multiline = false
);

/// One of the window-unit types of SPEC §2.1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitType {
    pub code: UnitTypeCode,
    pub name: UnitTypeName,
    pub name_en: UnitTypeName,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_type_codes_are_three_capital_letters() {
        assert!(UnitTypeCode::parse("EMP").is_ok());
        for bad in ["emp", "EM", "EMPX", "E1P", ""] {
            assert!(UnitTypeCode::parse(bad).is_err(), "{bad}");
        }
    }
}
