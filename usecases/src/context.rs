//! What the use cases work with, stated explicitly: every caller (the HTTP API, the command
//! line, the scheduler, the tests) builds one of these and passes it.

use std::sync::Arc;

use anfang_infra::db::Db;
use anfang_infra::db::published_checklists::PublishedChecklists;
use anfang_infra::images::ImageLimits;
use anfang_infra::storage::Storage;
use anfang_infra::tokens::TokenKeys;
use chrono::{DateTime, SubsecRound, Utc};
use tokio::sync::Semaphore;

#[derive(Clone)]
pub struct Context {
    pub db: Db,
    pub storage: Storage,
    /// Published checklist versions never change: read once, kept.
    pub checklists: Arc<PublishedChecklists>,
    pub images: ImageWork,
    pub uploads: UploadWork,
    pub clock: Clock,
    /// Months (notices), date ranges (statistics) and EXIF times are read in this zone.
    pub timezone: chrono_tz::Tz,
    pub sessions: SessionKeys,
    /// Typesets the official documents (PDF); its fonts are found on first use.
    pub typesetter: Arc<anfang_infra::documents::Typesetter>,
}

/// Image decoding: one image per slot at a time (decoding is CPU- and memory-heavy).
#[derive(Clone)]
pub struct ImageWork {
    pub slots: Arc<Semaphore>,
    pub limits: ImageLimits,
}

impl ImageWork {
    /// A slot per core.
    pub fn per_core() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Self {
            slots: Arc::new(Semaphore::new(cores)),
            limits: ImageLimits::default(),
        }
    }
}

/// Resumable uploads: their limits, and what this process holds of those in flight.
#[derive(Clone)]
pub struct UploadWork {
    pub recording_max_bytes: u64,
    /// How long an unfinished upload waits for its next part.
    pub expiry: chrono::Duration,
    pub in_flight: Arc<crate::uploads::InFlight>,
}

impl UploadWork {
    pub fn new(recording_max_bytes: u64, expiry: chrono::Duration) -> Self {
        Self {
            recording_max_bytes,
            expiry,
            in_flight: Arc::default(),
        }
    }
}

/// Signing access tokens and how long a session lives without use.
#[derive(Clone)]
pub struct SessionKeys {
    pub tokens: Arc<TokenKeys>,
    pub refresh_ttl: chrono::Duration,
}

/// The time, at storage precision (microseconds), so a value reads back as it was written.
#[derive(Debug, Clone, Copy, Default)]
pub struct Clock {
    fixed: Option<DateTime<Utc>>,
}

impl Clock {
    pub fn system() -> Self {
        Self { fixed: None }
    }

    /// A clock that always says `at` (for tests of time-dependent rules).
    pub fn fixed(at: DateTime<Utc>) -> Self {
        Self { fixed: Some(at) }
    }

    pub fn now(self) -> DateTime<Utc> {
        self.fixed.unwrap_or_else(Utc::now).trunc_subsecs(6)
    }
}
