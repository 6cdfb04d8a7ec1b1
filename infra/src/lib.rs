//! anfang's adapters to the outside world: configuration, the databases, password hashing,
//! secrets on disk. Nothing here decides a business rule; that is `anfang-domain`'s job.

pub mod config;
pub mod db;
pub mod images;
pub mod passwords;
pub mod secrets;
pub mod storage;
