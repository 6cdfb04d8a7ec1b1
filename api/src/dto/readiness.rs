//! `/readyz`: whether this replica can serve, and what it depends on.

use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Readiness {
    Ready,
    Unavailable,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Dependency {
    Ok,
    Unreachable,
}

/// The same shape whether ready (200) or not (503).
#[derive(Debug, Serialize, ToSchema)]
pub struct ReadinessResponse {
    pub status: Readiness,
    pub database: Dependency,
    pub storage: Dependency,
}
