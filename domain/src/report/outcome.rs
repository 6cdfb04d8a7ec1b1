use std::fmt;
use std::str::FromStr;

use crate::catalog::CodeFormatError;

/// How an item went on a visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Outcome {
    Ok,
    Minor,
    Major,
    /// Not applicable on this visit; it does not count.
    Na,
}

impl Outcome {
    pub const ALL: [Outcome; 4] = [Outcome::Ok, Outcome::Minor, Outcome::Major, Outcome::Na];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::Minor => "minor",
            Outcome::Major => "major",
            Outcome::Na => "na",
        }
    }

    /// A problem the unit must rectify once the report is approved.
    pub fn is_problem(self) -> bool {
        matches!(self, Outcome::Minor | Outcome::Major)
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Outcome {
    type Err = CodeFormatError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Outcome::ALL
            .into_iter()
            .find(|o| o.as_str() == s)
            .ok_or(CodeFormatError {
                expected: "one of ok, minor, major, na",
            })
    }
}
