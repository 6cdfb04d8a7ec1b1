use chrono::{DateTime, Utc};
use thiserror::Error;

use crate::auth::Role;
use crate::catalog::{CodeFormatError, DistrictCode};
use crate::ids::{UnitId, UserId};

/// A login name: 3–32 of lowercase letters, digits, `.`, `_`, `-`, starting with a letter or
/// digit. Lowercase only, so that `Admin` and `admin` can never be two accounts.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Username(String);

impl Username {
    pub fn parse(raw: &str) -> Result<Self, CodeFormatError> {
        let ok = (3..=32).contains(&raw.len())
            && raw
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
            && raw.as_bytes()[0].is_ascii_alphanumeric();
        if ok {
            Ok(Self(raw.to_owned()))
        } else {
            Err(CodeFormatError {
                expected: "3 to 32 lowercase letters, digits, '.', '_' or '-'",
            })
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

crate::bounded_text!(
    /// The name shown to colleagues, e.g. 张三.
    DisplayName, max = 64, multiline = false
);

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AccountError {
    #[error("a unit manager must be bound to a unit")]
    UnitManagerWithoutUnit,
    #[error("an inspector must have a home district")]
    InspectorWithoutDistrict,
    #[error("only unit managers and inspectors belong to a unit")]
    UnitNotAllowed,
}

/// An account as the rest of the system sees it (never with its password hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: UserId,
    pub username: Username,
    pub display_name: DisplayName,
    pub role: Role,
    pub unit_id: Option<UnitId>,
    pub district: Option<DistrictCode>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
}

/// An account about to be created; the constructor enforces the role's bindings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUser {
    username: Username,
    display_name: DisplayName,
    role: Role,
    unit_id: Option<UnitId>,
    district: Option<DistrictCode>,
}

impl NewUser {
    pub fn new(
        username: Username,
        display_name: DisplayName,
        role: Role,
        unit_id: Option<UnitId>,
        district: Option<DistrictCode>,
    ) -> Result<Self, AccountError> {
        check_bindings(role, unit_id.as_ref(), district.as_ref())?;
        Ok(Self {
            username,
            display_name,
            role,
            unit_id,
            district,
        })
    }

    pub fn username(&self) -> &Username {
        &self.username
    }

    pub fn role(&self) -> Role {
        self.role
    }

    pub fn district(&self) -> Option<&DistrictCode> {
        self.district.as_ref()
    }

    pub fn unit_id(&self) -> Option<UnitId> {
        self.unit_id
    }

    pub fn into_user(self, id: UserId, created_at: DateTime<Utc>) -> User {
        User {
            id,
            username: self.username,
            display_name: self.display_name,
            role: self.role,
            unit_id: self.unit_id,
            district: self.district,
            active: true,
            created_at,
        }
    }
}

/// A change to an account by an admin: each `Some` replaces the field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserPatch {
    pub display_name: Option<DisplayName>,
    pub role: Option<Role>,
    pub unit_id: Option<Option<UnitId>>,
    pub district: Option<Option<DistrictCode>>,
    pub active: Option<bool>,
}

impl UserPatch {
    /// Applies the change, or refuses it whole when the result would break a role's bindings.
    pub fn apply(self, user: &User) -> Result<User, AccountError> {
        let mut next = user.clone();
        if let Some(v) = self.display_name {
            next.display_name = v;
        }
        if let Some(v) = self.role {
            next.role = v;
        }
        if let Some(v) = self.unit_id {
            next.unit_id = v;
        }
        if let Some(v) = self.district {
            next.district = v;
        }
        if let Some(v) = self.active {
            next.active = v;
        }
        check_bindings(next.role, next.unit_id.as_ref(), next.district.as_ref())?;
        Ok(next)
    }

    /// Does this change end the user's current sessions? Disabling, or changing the role or
    /// the unit, must not leave tokens carrying the old rights in circulation.
    pub fn revokes_sessions(before: &User, after: &User) -> bool {
        (before.active && !after.active)
            || before.role != after.role
            || before.unit_id != after.unit_id
    }
}

fn check_bindings(
    role: Role,
    unit_id: Option<&UnitId>,
    district: Option<&DistrictCode>,
) -> Result<(), AccountError> {
    match role {
        Role::UnitManager if unit_id.is_none() => Err(AccountError::UnitManagerWithoutUnit),
        Role::Inspector if district.is_none() => Err(AccountError::InspectorWithoutDistrict),
        Role::Admin | Role::Supervisor | Role::Leader if unit_id.is_some() => {
            Err(AccountError::UnitNotAllowed)
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(s: &str) -> Username {
        Username::parse(s).unwrap()
    }

    fn display() -> DisplayName {
        DisplayName::parse("张三").unwrap()
    }

    fn district() -> Option<DistrictCode> {
        Some(DistrictCode::parse("330102").unwrap())
    }

    #[test]
    fn usernames_are_lowercase_and_plain() {
        assert!(Username::parse("zhang.san_01").is_ok());
        for bad in ["ab", "Admin", "_admin", "张三", "a b c", &"a".repeat(33)] {
            assert!(Username::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_unit_manager_needs_a_unit_and_an_inspector_a_district() {
        let unit = Some(UnitId::new_random());
        assert_eq!(
            NewUser::new(name("mgr"), display(), Role::UnitManager, None, None),
            Err(AccountError::UnitManagerWithoutUnit)
        );
        assert!(NewUser::new(name("mgr"), display(), Role::UnitManager, unit, None).is_ok());
        assert_eq!(
            NewUser::new(name("insp"), display(), Role::Inspector, unit, None),
            Err(AccountError::InspectorWithoutDistrict)
        );
        assert!(NewUser::new(name("insp"), display(), Role::Inspector, unit, district()).is_ok());
        assert_eq!(
            NewUser::new(name("boss"), display(), Role::Leader, unit, None),
            Err(AccountError::UnitNotAllowed)
        );
    }

    #[test]
    fn a_patch_that_breaks_the_bindings_is_refused_whole() {
        let user = NewUser::new(name("insp"), display(), Role::Inspector, None, district())
            .unwrap()
            .into_user(UserId::new_random(), DateTime::<Utc>::UNIX_EPOCH);
        let patch = UserPatch {
            role: Some(Role::UnitManager),
            ..UserPatch::default()
        };
        assert_eq!(
            patch.apply(&user),
            Err(AccountError::UnitManagerWithoutUnit)
        );
    }

    #[test]
    fn disabling_or_changing_role_ends_sessions_but_renaming_does_not() {
        let user = NewUser::new(name("insp"), display(), Role::Inspector, None, district())
            .unwrap()
            .into_user(UserId::new_random(), DateTime::<Utc>::UNIX_EPOCH);
        let rename = UserPatch {
            display_name: Some(DisplayName::parse("李四").unwrap()),
            ..UserPatch::default()
        };
        let after = rename.apply(&user).unwrap();
        assert!(!UserPatch::revokes_sessions(&user, &after));

        let disable = UserPatch {
            active: Some(false),
            ..UserPatch::default()
        };
        let after = disable.apply(&user).unwrap();
        assert!(UserPatch::revokes_sessions(&user, &after));
    }
}
