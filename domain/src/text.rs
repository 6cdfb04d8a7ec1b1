//! Bounded free text: the shared rule for names, titles and addresses typed by people.

use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TextError {
    #[error("must not be empty")]
    Empty,
    #[error("must be at most {max} characters")]
    TooLong { max: usize },
    #[error("must not contain control characters")]
    ControlCharacter,
}

/// Trims `raw` and checks it holds 1..=`max` characters and no control characters
/// (a newline is allowed only when `multiline`).
pub fn bounded(raw: &str, max: usize, multiline: bool) -> Result<String, TextError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(TextError::Empty);
    }
    if trimmed.chars().count() > max {
        return Err(TextError::TooLong { max });
    }
    let forbidden = |c: char| c.is_control() && !(multiline && (c == '\n' || c == '\t'));
    if trimmed.chars().any(forbidden) {
        return Err(TextError::ControlCharacter);
    }
    Ok(trimmed.to_owned())
}

/// Declares a newtype over `String` whose only constructor applies [`bounded`].
#[macro_export]
macro_rules! bounded_text {
    ($(#[$doc:meta])* $name:ident, max = $max:expr, multiline = $multi:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub struct $name(String);

        impl $name {
            pub const MAX_CHARS: usize = $max;

            pub fn parse(raw: &str) -> Result<Self, $crate::text::TextError> {
                $crate::text::bounded(raw, $max, $multi).map(Self)
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_inner(self) -> String {
                self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::text::TextError;

            fn from_str(raw: &str) -> Result<Self, Self::Err> {
                Self::parse(raw)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_trimmed_and_bounded_in_characters_not_bytes() {
        assert_eq!(bounded("  人社局  ", 3, false).unwrap(), "人社局");
        assert_eq!(
            bounded("人社局窗", 3, false),
            Err(TextError::TooLong { max: 3 })
        );
        assert_eq!(bounded("   ", 3, false), Err(TextError::Empty));
    }

    #[test]
    fn newlines_only_in_multiline_text() {
        assert_eq!(bounded("a\nb", 10, false), Err(TextError::ControlCharacter));
        assert_eq!(bounded("a\nb", 10, true).unwrap(), "a\nb");
        assert_eq!(
            bounded("a\u{0}b", 10, true),
            Err(TextError::ControlCharacter)
        );
    }
}
