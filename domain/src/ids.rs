//! Typed identifiers. Every entity id is a UUID inside a newtype, so a `UnitId` can never be
//! passed where a `UserId` is expected.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! id_type {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            /// A fresh random id (server-generated entities).
            pub fn new_random() -> Self {
                Self(Uuid::new_v4())
            }

            pub fn from_uuid(id: Uuid) -> Self {
                Self(id)
            }

            pub fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.hyphenated().fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    )*};
}

id_type!(
    /// An account.
    UserId,
    /// A window unit (窗口单位).
    UnitId,
    /// A checklist version.
    ChecklistId,
    /// A login session: the family of refresh tokens issued from one login.
    SessionId,
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_print_and_parse_as_hyphenated_uuids() {
        let id = UserId::new_random();
        let text = id.to_string();
        assert_eq!(text.len(), 36);
        assert_eq!(text.parse::<UserId>().unwrap(), id);
    }
}
