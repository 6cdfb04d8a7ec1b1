//! Published checklist versions never change (the database refuses it), yet every report
//! write and submission needs its version's items: once read, they are kept in memory. Safe
//! across replicas for the same reason; drafts are never cached.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use anfang_domain::catalog::{ChecklistStatus, ChecklistVersion};
use anfang_domain::ids::ChecklistId;

use super::{DbConnection, DbError, checklists};

#[derive(Default)]
pub struct PublishedChecklists {
    versions: RwLock<HashMap<ChecklistId, Arc<ChecklistVersion>>>,
}

impl PublishedChecklists {
    /// The published version `id`, from memory when it was read before.
    pub fn get(
        &self,
        conn: &mut DbConnection,
        id: ChecklistId,
    ) -> Result<Option<Arc<ChecklistVersion>>, DbError> {
        if let Some(found) = self
            .versions
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(&id)
        {
            return Ok(Some(Arc::clone(found)));
        }
        let Some(version) =
            checklists::find(conn, id)?.filter(|c| c.status == ChecklistStatus::Published)
        else {
            return Ok(None);
        };
        let version = Arc::new(version);
        self.versions
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(id, Arc::clone(&version));
        Ok(Some(version))
    }
}
