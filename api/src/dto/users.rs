use anfang_domain::auth::Role;
use anfang_domain::catalog::DistrictCode;
use anfang_domain::ids::UnitId;
use anfang_domain::user::{DisplayName, NewUser, Password, User, UserPatch, Username};
use anfang_infra::db::names::{Named, Names};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::error::{ApiError, FieldParser};

/// One of the five roles of SPEC §1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RoleDto {
    Admin,
    Supervisor,
    Inspector,
    UnitManager,
    Leader,
}

impl From<RoleDto> for Role {
    fn from(r: RoleDto) -> Self {
        match r {
            RoleDto::Admin => Role::Admin,
            RoleDto::Supervisor => Role::Supervisor,
            RoleDto::Inspector => Role::Inspector,
            RoleDto::UnitManager => Role::UnitManager,
            RoleDto::Leader => Role::Leader,
        }
    }
}

impl From<Role> for RoleDto {
    fn from(r: Role) -> Self {
        match r {
            Role::Admin => RoleDto::Admin,
            Role::Supervisor => RoleDto::Supervisor,
            Role::Inspector => RoleDto::Inspector,
            Role::UnitManager => RoleDto::UnitManager,
            Role::Leader => RoleDto::Leader,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateUserRequest {
    /// 3–32 lowercase letters, digits, `.`, `_`, `-`.
    #[schema(pattern = "^[a-z0-9][a-z0-9._-]{2,31}$")]
    pub username: String,
    /// At least 10 characters, mixing two of letters, digits and other characters.
    #[schema(min_length = 10, max_length = 128)]
    pub password: String,
    #[schema(min_length = 1, max_length = 64)]
    pub display_name: String,
    pub role: RoleDto,
    /// Required for `unit_manager`; optional for `inspector`; not allowed otherwise.
    pub unit_id: Option<Uuid>,
    /// Six-digit GB/T 2260 county code; required for `inspector`.
    #[schema(
        pattern = "^(1[1-5]|2[1-3]|3[1-7]|4[1-6]|5[0-4]|6[1-5]|71|8[12])[0-9]{2}(0[1-9]|[1-9][0-9])$"
    )]
    pub district: Option<String>,
}

impl CreateUserRequest {
    pub fn parse(&self) -> Result<(NewUser, Password), ApiError> {
        let mut p = FieldParser::default();
        let username = p.take("username", Username::parse(&self.username));
        let password = p.take("password", Password::parse(&self.password));
        let display_name = p.take("display_name", DisplayName::parse(&self.display_name));
        let district = p.take_opt(
            "district",
            self.district.as_deref().map(DistrictCode::parse),
        );
        let (Some(username), Some(password), Some(display_name), Some(district)) =
            (username, password, display_name, district)
        else {
            return Err(p.into_error());
        };
        let user = NewUser::new(
            username,
            display_name,
            self.role.into(),
            self.unit_id.map(UnitId::from_uuid),
            district,
        )?;
        Ok((user, password))
    }
}

/// Each field given replaces the stored one; `unit_id` and `district` may be set to null.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateUserRequest {
    pub display_name: Option<String>,
    pub role: Option<RoleDto>,
    #[serde(default, deserialize_with = "super::present")]
    #[schema(value_type = Option<Uuid>)]
    pub unit_id: Option<Option<Uuid>>,
    #[serde(default, deserialize_with = "super::present")]
    #[schema(value_type = Option<String>)]
    pub district: Option<Option<String>>,
    /// `false` disables the account and ends all its sessions.
    pub active: Option<bool>,
}

impl UpdateUserRequest {
    pub fn parse(&self) -> Result<UserPatch, ApiError> {
        let mut p = FieldParser::default();
        let display_name = p.take_opt(
            "display_name",
            self.display_name.as_deref().map(DisplayName::parse),
        );
        let district = match &self.district {
            None => Some(None),
            Some(None) => Some(Some(None)),
            Some(Some(d)) => p
                .take("district", DistrictCode::parse(d))
                .map(|d| Some(Some(d))),
        };
        let (Some(display_name), Some(district)) = (display_name, district) else {
            return Err(p.into_error());
        };
        Ok(UserPatch {
            display_name,
            role: self.role.map(Role::from),
            unit_id: self.unit_id.map(|u| u.map(UnitId::from_uuid)),
            district,
            active: self.active,
        })
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResetPasswordRequest {
    pub password: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UserResponse {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    pub role: RoleDto,
    pub unit_id: Option<Uuid>,
    pub unit_name: Option<String>,
    pub district: Option<String>,
    /// e.g. 上城区
    pub district_name: Option<String>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
}

impl UserResponse {
    pub fn new(u: User, names: &Names) -> Self {
        Self {
            unit_name: u.unit_id.map(|id| names.unit(id)),
            district_name: u.district.as_ref().map(|d| names.district(d.as_str())),
            id: u.id.as_uuid(),
            username: u.username.as_str().to_owned(),
            display_name: u.display_name.into_inner(),
            role: u.role.into(),
            unit_id: u.unit_id.map(|id| id.as_uuid()),
            district: u.district.map(|d| d.as_str().to_owned()),
            active: u.active,
            created_at: u.created_at,
        }
    }
}

/// An inspector, for choosing a team: no username (nothing to sign in with), no history.
#[derive(Debug, Serialize, ToSchema)]
pub struct InspectorResponse {
    pub id: Uuid,
    pub display_name: String,
    /// The home district: a team never visits it (回避).
    pub district: Option<String>,
    pub district_name: Option<String>,
    pub unit_id: Option<Uuid>,
    pub unit_name: Option<String>,
    /// Visits of active campaigns not yet reported.
    pub open_visits: u64,
}

impl InspectorResponse {
    pub fn new(line: anfang_usecases::users::InspectorLine, names: &Names) -> Self {
        let u = line.user;
        Self {
            unit_name: u.unit_id.map(|id| names.unit(id)),
            district_name: u.district.as_ref().map(|d| names.district(d.as_str())),
            id: u.id.as_uuid(),
            display_name: u.display_name.as_str().to_owned(),
            district: u.district.map(|d| d.as_str().to_owned()),
            unit_id: u.unit_id.map(|id| id.as_uuid()),
            open_visits: line.open_visits,
        }
    }
}

impl From<Named<User>> for UserResponse {
    fn from(n: Named<User>) -> Self {
        Self::new(n.value, &n.names)
    }
}
