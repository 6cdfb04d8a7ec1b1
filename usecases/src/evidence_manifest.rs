//! The manifest of a report's evidence: while writing, the phone declares the files it holds
//! (their ids, kinds, sizes and SHA-256); each is then expected, received or withdrawn. A
//! report waits for what it declared before it can be submitted, and a file arriving under a
//! declared id must be the one declared, so nothing is taken as sent that did not arrive whole.

use std::collections::{HashMap, HashSet};

use anfang_domain::ids::{EvidenceId, ReportId};
use anfang_domain::report::{Arrival, Declared, ReportScope};
use anfang_domain::user::User;
use anfang_infra::db::audit::RequestOrigin;
use anfang_infra::db::evidence_manifest::{self, Declaration};
use anfang_infra::db::lock::{self, Aggregate};
use anfang_infra::db::{DbConnection, photos, recordings, uploads};

use crate::Context;
use crate::audit::{self, Action, Target};
use crate::{Error, FieldProblem, Result, Rule};

/// A declared file and where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub declared: Declared,
    pub arrival: Arrival,
}

/// The evidence of a report that has arrived, photos and recordings, by id.
fn received(conn: &mut DbConnection, report: ReportId) -> Result<HashSet<EvidenceId>> {
    let photos = photos::for_report(conn, report)?
        .into_iter()
        .map(|p| EvidenceId::from(p.id));
    let recordings = recordings::for_report(conn, report)?
        .into_iter()
        .map(|r| EvidenceId::from(r.id));
    Ok(photos.chain(recordings).collect())
}

fn entries(conn: &mut DbConnection, report: ReportId) -> Result<Vec<Entry>> {
    let received = received(conn, report)?;
    let receiving: HashMap<EvidenceId, u64> =
        uploads::receiving(conn, report)?.into_iter().collect();
    Ok(evidence_manifest::of_report(conn, report)?
        .into_iter()
        .map(
            |Declaration {
                 declared,
                 withdrawn_at,
             }| Entry {
                arrival: Arrival::of(
                    received.contains(&declared.id),
                    withdrawn_at.is_some(),
                    receiving.get(&declared.id).copied(),
                ),
                declared,
            },
        )
        .collect())
}

/// The manifest, for whoever may see the report.
#[tracing::instrument(skip_all, fields(viewer = %viewer.id, id = %id))]
pub async fn of_report(ctx: &Context, viewer: User, id: ReportId) -> Result<Vec<Entry>> {
    if ReportScope::for_viewer(viewer.id, viewer.role) == ReportScope::Nothing {
        return Err(Error::NotFound);
    }
    ctx.db
        .read(move |conn| {
            super::reports::load_visible(conn, &viewer, id)?;
            entries(conn, id)
        })
        .await
}

/// Declares files (its author, while the report can change). A file that has arrived keeps
/// its declaration: declaring it otherwise is refused.
#[tracing::instrument(skip_all, fields(actor = %actor.id, id = %id))]
pub async fn declare(
    ctx: &Context,
    actor: User,
    id: ReportId,
    files: Vec<Declared>,
    origin: RequestOrigin,
) -> Result<Vec<Entry>> {
    let clock = ctx.clock;
    ctx.db
        .write(move |conn| {
            lock::row(conn, Aggregate::Report, &id.to_string())?;
            super::photos::writable_report(conn, &actor, id)?;
            let received = received(conn, id)?;
            let now = clock.now();
            for (i, file) in files.iter().enumerate() {
                if received.contains(&file.id) {
                    let standing = evidence_manifest::find(conn, id, file.id)?;
                    if standing.is_some_and(|s| s.declared == *file) {
                        continue;
                    }
                    return Err(Error::field(
                        format!("items[{i}]"),
                        Rule::EvidenceAlreadyReceived,
                    ));
                }
                evidence_manifest::declare(conn, id, file, now)?;
            }
            let details = serde_json::json!({ "files": files.len() });
            let change = Change {
                actor: &actor,
                id,
                origin: &origin,
                now,
            };
            change.record(conn, Action::ReportManifestDeclare, details)
        })
        .await
}

/// The inspector says a declared file will not come; the report no longer waits for it.
#[tracing::instrument(skip_all, fields(actor = %actor.id, id = %id))]
pub async fn withdraw(
    ctx: &Context,
    actor: User,
    id: ReportId,
    item: EvidenceId,
    origin: RequestOrigin,
) -> Result<Vec<Entry>> {
    let clock = ctx.clock;
    ctx.db
        .write(move |conn| {
            lock::row(conn, Aggregate::Report, &id.to_string())?;
            super::photos::writable_report(conn, &actor, id)?;
            evidence_manifest::find(conn, id, item)?.ok_or(Error::NotFound)?;
            let now = clock.now();
            evidence_manifest::withdraw(conn, id, item, now)?;
            let details = serde_json::json!({ "item": item.to_string() });
            let change = Change {
                actor: &actor,
                id,
                origin: &origin,
                now,
            };
            change.record(conn, Action::ReportManifestWithdraw, details)
        })
        .await
}

/// A change to a report's manifest, by its author.
struct Change<'a> {
    actor: &'a User,
    id: ReportId,
    origin: &'a RequestOrigin,
    now: chrono::DateTime<chrono::Utc>,
}

impl Change<'_> {
    /// Audits the change; the manifest as it now stands.
    fn record(
        self,
        conn: &mut DbConnection,
        action: Action,
        details: serde_json::Value,
    ) -> Result<Vec<Entry>> {
        audit::Entry::new(action, self.now)
            .by(self.actor.id)
            .on(Target::Report(self.id))
            .from(self.origin)
            .details(details)
            .append(conn)?;
        entries(conn, self.id)
    }
}

/// What a submission still waits for: each declared file neither received nor withdrawn.
pub(crate) fn still_expected(
    conn: &mut DbConnection,
    report: ReportId,
) -> Result<Vec<FieldProblem>> {
    Ok(entries(conn, report)?
        .into_iter()
        .filter(|e| e.arrival.holds_submission())
        .map(|e| {
            FieldProblem::new(
                format!("evidence.{}", e.declared.id),
                Rule::EvidenceNotReceived,
            )
        })
        .collect())
}

/// A file arriving under a declared id must be the one declared.
pub(crate) fn check_arrival(
    conn: &mut DbConnection,
    report: ReportId,
    item: EvidenceId,
    byte_size: u64,
    sha256: &str,
) -> Result<()> {
    match evidence_manifest::find(conn, report, item)? {
        Some(d) if d.declared.admits(byte_size, sha256).is_err() => {
            Err(Error::field("file", Rule::EvidenceNotAsDeclared))
        }
        _ => Ok(()),
    }
}
