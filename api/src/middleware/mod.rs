//! What every request passes through before its handler: its id and log line, the refusal of
//! bodies the server will not inflate and of apps too old to serve; and what every answer passes through after it: its
//! validator for conditional GETs, and compression where it pays.

mod client_version;
mod compression;
mod encoded_bodies;
mod request_log;
mod revalidation;

pub use client_version::require_client_version;
pub use compression::{hold_binaries, unmark_binaries};
pub use encoded_bodies::refuse_encoded_bodies;
pub use request_log::{RequestId, log_requests};
pub use revalidation::revalidate;
