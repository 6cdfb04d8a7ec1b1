//! What this process holds of the uploads it is receiving: one lock per upload, so that two
//! requests for the same upload (a phone's retry while its first attempt still drains) take
//! turns, and the SHA-256 of the bytes so far, so that a file is hashed as it streams in. The
//! digest state is a convenience, not a record: an upload whose next part reaches another
//! replica, or this one after a restart, is hashed from storage once complete.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use anfang_domain::ids::UploadId;
use sha2::Sha256;

/// The bytes of an upload hashed so far: the first `offset` of them.
pub struct Hashing {
    pub offset: u64,
    pub digest: Sha256,
}

/// The state of one upload in this process, behind its lock.
pub type Slot = Arc<tokio::sync::Mutex<Option<Hashing>>>;

#[derive(Default)]
pub struct InFlight {
    slots: Mutex<HashMap<UploadId, Slot>>,
}

impl InFlight {
    /// The upload's slot, made on first use.
    pub fn slot(&self, id: UploadId) -> Slot {
        let mut slots = self
            .slots
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        slots.entry(id).or_default().clone()
    }

    /// The upload is done with (complete, terminated or expired).
    pub fn forget(&self, id: UploadId) {
        let mut slots = self
            .slots
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        slots.remove(&id);
    }
}
