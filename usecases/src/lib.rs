//! The application layer. Each use case takes parsed domain values and a [`Context`], applies
//! the domain's rules, and persists through the repositories of `anfang-infra` in one
//! transaction, auditing what it changes. It answers with a domain value or an [`Error`] that
//! names the rule that refused; words are the callers' business. The HTTP API, the command
//! line and the scheduler all call these, and nothing below them.

pub mod audit;
pub mod audit_trail;
pub mod auth;
mod blocking;
pub mod bootstrap;
pub mod campaigns;
pub mod checklists;
pub mod console_session;
mod context;
pub mod devices;
pub mod districts;
mod download;
mod error;
pub mod evidence_bundles;
pub mod evidence_manifest;
pub mod finding_views;
pub mod findings;
pub mod idempotency;
pub mod ledger_export;
pub mod letterhead;
pub mod notices;
pub mod photos;
pub mod recordings;
pub mod rectification_photos;
mod refresh_token;
pub mod report_views;
pub mod reports;
pub mod settings;
pub mod stats;
pub mod unit_types;
pub mod units;
pub mod uploads;
pub mod users;

pub use context::{Clock, Context, ImageWork, SessionKeys, UploadWork};
pub use error::{Conflict, Error, FieldIssue, FieldProblem, Precondition, Result, Rule};
