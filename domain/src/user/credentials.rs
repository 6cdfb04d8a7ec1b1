use std::fmt;

use thiserror::Error;

/// A password as typed, meeting the bureau's policy. Its `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PasswordError {
    #[error("must be at least {min} characters")]
    TooShort { min: usize },
    #[error("must be at most {max} characters")]
    TooLong { max: usize },
    #[error("must mix at least two of: letters, digits, other characters")]
    TooSimple,
}

impl Password {
    pub const MIN_CHARS: usize = 10;
    pub const MAX_CHARS: usize = 128;

    pub fn parse(raw: &str) -> Result<Self, PasswordError> {
        let chars = raw.chars().count();
        if chars < Self::MIN_CHARS {
            return Err(PasswordError::TooShort {
                min: Self::MIN_CHARS,
            });
        }
        if chars > Self::MAX_CHARS {
            return Err(PasswordError::TooLong {
                max: Self::MAX_CHARS,
            });
        }
        let classes = [
            raw.chars().any(char::is_alphabetic),
            raw.chars().any(|c| c.is_ascii_digit()),
            raw.chars().any(|c| !c.is_alphanumeric()),
        ];
        if classes.iter().filter(|&&c| c).count() < 2 {
            return Err(PasswordError::TooSimple);
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_follow_the_policy() {
        assert!(Password::parse("correct horse 42").is_ok());
        assert_eq!(
            Password::parse("short1"),
            Err(PasswordError::TooShort { min: 10 })
        );
        assert_eq!(
            Password::parse("onlyletterss"),
            Err(PasswordError::TooSimple)
        );
        assert_eq!(
            Password::parse(&"a1".repeat(65)),
            Err(PasswordError::TooLong { max: 128 })
        );
    }

    #[test]
    fn a_password_never_shows_in_debug_output() {
        let p = Password::parse("s3cret-passw0rd").unwrap();
        assert!(!format!("{p:?}").contains("s3cret"));
    }
}
