//! Signed-in devices: each login opens a session, which its phone names ("王伟的华为 Mate 60")
//! so that a user can tell their devices apart, and end one that is lost.

crate::bounded_text!(
    /// What the app calls the device it runs on, given at login.
    DeviceName, max = 100, multiline = false
);

/// The oldest app a server still serves, and the version a client says it is: dotted
/// numbers (`2.4`, `2.4.1`), compared number by number, a missing one counting as 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ClientVersion([u32; 3]);

impl ClientVersion {
    pub fn parse(raw: &str) -> Option<Self> {
        let mut numbers = [0u32; 3];
        let mut parts = raw.trim().split('.');
        for slot in &mut numbers {
            match parts.next() {
                Some(part) if !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()) => {
                    *slot = part.parse().ok()?;
                }
                Some(_) => return None,
                None => break,
            }
        }
        if parts.next().is_some() || raw.trim().is_empty() {
            return None;
        }
        Some(Self(numbers))
    }
}

impl std::fmt::Display for ClientVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let [major, minor, patch] = self.0;
        write!(f, "{major}.{minor}.{patch}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_compare_number_by_number() {
        let v = |s| ClientVersion::parse(s).unwrap();
        assert!(v("2.10") > v("2.9"));
        assert_eq!(v("2.4"), v("2.4.0"));
        assert!(v("3") > v("2.99.99"));
        assert_eq!(v("1.2.3").to_string(), "1.2.3");
    }

    #[test]
    fn anything_else_is_no_version() {
        for raw in [
            "",
            "v2",
            "2.",
            "2..1",
            "1.2.3.4",
            "2.x",
            "-1",
            "99999999999",
        ] {
            assert_eq!(ClientVersion::parse(raw), None, "{raw}");
        }
    }

    #[test]
    fn a_device_name_is_one_bounded_line() {
        assert!(DeviceName::parse("王伟的华为 Mate 60").is_ok());
        assert!(DeviceName::parse("a\nb").is_err());
        assert!(DeviceName::parse(&"x".repeat(101)).is_err());
    }
}
