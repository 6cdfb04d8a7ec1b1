//! `GET /audit` and `/audit/export`: the audit trail's query and its entries.

use crate::dto::query::DayOrTime;
use anfang_domain::ids::UserId;
use anfang_infra::db::audit::AuditRecord;
use anfang_infra::db::from_db_time;
use anfang_usecases::audit::TargetKind;
use anfang_usecases::audit_trail::TrailQuery;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::query::days;
use crate::error::{ApiError, FieldIssue, FieldParser};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQueryDto {
    /// Entries by this user.
    pub actor_id: Option<Uuid>,
    /// One action, as stored: `auth.login`, `report.approve`, `photo.original_download`, …
    #[param(pattern = "^[a-z_]{1,32}\\.[a-z_]{1,32}$")]
    pub action: Option<String>,
    /// What the entries are about.
    #[param(
        pattern = "^(user|session|unit|unit_type|district|checklist|campaign|report|photo|recording|upload|finding|notice|audit)$"
    )]
    pub target_type: Option<String>,
    /// With `target_type`: the thing's id (or a unit type's code).
    #[param(min_length = 1, max_length = 64)]
    pub target_id: Option<String>,
    /// The client address the entry recorded, as recorded (`203.0.113.7`, `2001:db8::1`).
    #[param(min_length = 1, max_length = 64)]
    pub client_ip: Option<String>,
    /// On or after this day (the bureau's time zone) or time.
    #[param(value_type = Option<DayOrTime>, inline)]
    pub from: Option<String>,
    /// On or before this day, or before this time.
    #[param(value_type = Option<DayOrTime>, inline)]
    pub until: Option<String>,
}

fn action_name(raw: &str) -> Result<String, FieldIssue> {
    let shaped = raw.split_once('.').is_some_and(|(a, b)| {
        let part = |p: &str| {
            (1..=32).contains(&p.len()) && p.bytes().all(|c| c.is_ascii_lowercase() || c == b'_')
        };
        part(a) && part(b)
    });
    if shaped {
        Ok(raw.to_owned())
    } else {
        Err(FieldIssue::Format {
            expected: "an action name such as report.approve",
        })
    }
}

impl AuditQueryDto {
    pub fn parse(&self) -> Result<TrailQuery, ApiError> {
        let mut p = FieldParser::default();
        let action = p.take_opt("action", self.action.as_deref().map(action_name));
        let target_kind = p.take_opt(
            "target_type",
            self.target_type.as_deref().map(|t| {
                TargetKind::parse(t).ok_or(FieldIssue::Format {
                    expected: "user, session, unit, unit_type, district, checklist, campaign, report, photo, recording, upload, finding, notice or audit",
                })
            }),
        );
        let target_id = p.take_opt(
            "target_id",
            self.target_id.as_deref().map(|id| {
                if id.is_empty() || id.chars().count() > 64 {
                    Err(FieldIssue::OutOfRange)
                } else {
                    Ok(id.to_owned())
                }
            }),
        );
        let client_ip = p.take_opt(
            "client_ip",
            self.client_ip.as_deref().map(|ip| {
                if ip.is_empty() || ip.chars().count() > 64 {
                    Err(FieldIssue::OutOfRange)
                } else {
                    Ok(ip.to_owned())
                }
            }),
        );
        let at = days(&mut p, ("from", &self.from), ("until", &self.until));
        let (Some(action), Some(target_kind), Some(target_id), Some(client_ip), Some(at)) =
            (action, target_kind, target_id, client_ip, at)
        else {
            return Err(p.into_parameter_error());
        };
        Ok(TrailQuery {
            actor: self.actor_id.map(UserId::from_uuid),
            action,
            target_kind,
            target_id,
            client_ip,
            at,
        })
    }
}

/// `format=csv` (the only one, for now).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditExportFormat {
    #[param(pattern = "^csv$")]
    pub format: Option<String>,
}

impl AuditExportFormat {
    pub fn check(&self) -> Result<(), ApiError> {
        match self.format.as_deref() {
            None | Some("csv") => Ok(()),
            Some(_) => {
                let mut p = FieldParser::default();
                p.push("format", FieldIssue::Format { expected: "csv" });
                Err(p.into_parameter_error())
            }
        }
    }
}

/// One audit entry: who did what to what, when, from where, in which request.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEntryResponse {
    pub id: i64,
    pub at: DateTime<Utc>,
    /// Null for the server's own scheduled work.
    pub actor_id: Option<String>,
    pub actor_username: Option<String>,
    pub action: String,
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    pub client_ip: Option<String>,
    pub request_id: Option<String>,
    /// What the action recorded about itself.
    #[schema(value_type = Option<Object>)]
    pub details: Option<serde_json::Value>,
}

impl From<AuditRecord> for AuditEntryResponse {
    fn from(r: AuditRecord) -> Self {
        Self {
            id: r.id,
            at: from_db_time(r.at),
            actor_id: r.actor_id,
            actor_username: r.actor_username,
            action: r.action,
            target_type: r.target_type,
            target_id: r.target_id,
            client_ip: r.client_ip,
            request_id: r.request_id,
            details: r
                .details
                .map(|d| serde_json::from_str(&d).unwrap_or(serde_json::Value::String(d))),
        }
    }
}
