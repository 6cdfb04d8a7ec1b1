//! anfang's HTTP API (actix-web) and command line. `app` builds the server; `routes` is the
//! route table; handlers stay thin and call `anfang-usecases`, which use `anfang-domain` for
//! rules and `anfang-infra` for storage. Nothing in this crate is called by the use cases.

pub mod app;
pub mod auth;
pub mod byte_ranges;
pub mod console;
pub mod dto;
pub mod error;
pub mod handlers;
pub mod idempotency;
pub mod metrics;
pub mod middleware;
pub mod openapi;
pub mod precondition;
pub mod routes;
pub mod state;
pub mod telemetry;
pub mod tus;
