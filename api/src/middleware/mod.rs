//! What every request passes through before its handler: its id and log line, and the refusal
//! of bodies the server will not inflate.

mod encoded_bodies;
mod request_log;

pub use encoded_bodies::refuse_encoded_bodies;
pub use request_log::{RequestId, log_requests};
