//! anfang's adapters to the outside world: configuration, the databases, password hashing,
//! secrets on disk. Nothing here decides a business rule; that is `anfang-domain`'s job.

pub mod bundles;
pub mod config;
pub mod db;
pub mod documents;
pub mod exports;
pub mod images;
pub mod notice_exports;
pub mod passwords;
pub mod recordings;
pub mod scheduler;
pub mod secrets;
pub mod storage;
pub mod tokens;
