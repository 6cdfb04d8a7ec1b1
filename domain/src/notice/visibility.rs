//! Who reads which notice (SPEC §1): drafts are for those who make notices (supervisors,
//! admins); leaders read what is sent to them for signature and what they signed; a published
//! notice is circulated to every unit and to leaders; an inspector's role does not include
//! notices, so they read none.

use super::NoticeStatus;
use crate::auth::{Permission, Role};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeScope {
    /// Drafts and published notices.
    All,
    /// Notices sent for signature, signed and published (leaders).
    Signing,
    PublishedOnly,
    Nothing,
}

impl NoticeScope {
    pub fn for_role(role: Role) -> Self {
        if Permission::ManageNotices.is_granted_to(role) {
            NoticeScope::All
        } else if Permission::SignNotices.is_granted_to(role) {
            NoticeScope::Signing
        } else if Permission::ReadPublishedNotices.is_granted_to(role) {
            NoticeScope::PublishedOnly
        } else {
            NoticeScope::Nothing
        }
    }

    pub fn admits(self, status: NoticeStatus) -> bool {
        match self {
            NoticeScope::All => true,
            NoticeScope::Signing => status != NoticeStatus::Draft,
            NoticeScope::PublishedOnly => status == NoticeStatus::Published,
            NoticeScope::Nothing => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Role × status → readable.
    #[test]
    fn each_role_reads_the_notices_the_spec_says() {
        #[rustfmt::skip]
        let table = [
            //                  draft, submitted, signed, published
            (Role::Admin,       [true,  true,  true,  true ]),
            (Role::Supervisor,  [true,  true,  true,  true ]),
            (Role::Leader,      [false, true,  true,  true ]),
            (Role::UnitManager, [false, false, false, true ]),
            (Role::Inspector,   [false, false, false, false]),
        ];
        for (role, expected) in table {
            let scope = NoticeScope::for_role(role);
            let read = NoticeStatus::ALL.map(|s| scope.admits(s));
            assert_eq!(read, expected, "{role:?}");
        }
    }
}
