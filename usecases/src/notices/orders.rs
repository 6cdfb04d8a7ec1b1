//! Rectification orders (整改通知书): on publication each unit the notice found problems at has
//! one, as PDF and DOCX. Its manager reads their own unit's and no other's (another unit's
//! answers as if it did not exist); supervisors, admins and leaders read every unit's. Each
//! download is audited; a rendered order is kept in object storage (a published notice and its
//! findings no longer change).

use anfang_domain::ids::{NoticeId, UnitId};
use anfang_domain::notice::{Notice, OrderScope};
use anfang_domain::user::User;
use anfang_infra::db::aggregates;
use anfang_infra::db::audit::RequestOrigin;
use anfang_infra::db::orders::{self, OrderLine};
use anfang_infra::documents::{self, DocumentFormat};
use anfang_infra::storage::{ObjectKey, StorageError};
use bytes::Bytes;

use super::load_visible;
use crate::Context;
use crate::audit::{self, Action, Target};
use crate::{Error, Result};

/// A unit that has an order in the notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderedUnit {
    pub unit_id: String,
    pub code: String,
    pub name: String,
    pub findings: u64,
}

pub struct Order {
    pub bytes: Bytes,
    pub format: DocumentFormat,
    /// e.g. `anfang-order-2026-10-EMP-330102-1.pdf`.
    pub filename: String,
}

fn scope_of(viewer: &User) -> Result<OrderScope> {
    match OrderScope::for_user(viewer) {
        OrderScope::Nothing => Err(Error::NotFound),
        scope => Ok(scope),
    }
}

/// `GET /notices/{id}/orders`: the units given an order, as far as the viewer may know; none
/// before publication.
#[tracing::instrument(skip_all, fields(viewer = %viewer.id, id = %id))]
pub async fn orders(ctx: &Context, viewer: User, id: NoticeId) -> Result<Vec<OrderedUnit>> {
    let scope = scope_of(&viewer)?;
    ctx.db
        .read(move |conn| {
            let notice = load_visible(conn, &viewer, id)?;
            if notice.orders_issued().is_err() {
                return Ok(Vec::new());
            }
            Ok(orders::ordered_units(conn, id)?
                .into_iter()
                .filter(|u| u.unit_id.parse().is_ok_and(|unit| scope.admits(unit)))
                .map(|u| OrderedUnit {
                    unit_id: u.unit_id,
                    code: u.unit_code,
                    name: u.unit_name,
                    findings: u.findings.max(0).unsigned_abs(),
                })
                .collect())
        })
        .await
}

fn key(notice: &Notice, unit: UnitId, format: DocumentFormat) -> ObjectKey {
    let name = format!("{unit}.{}", format.extension());
    ObjectKey::new(&["notices", &notice.id.to_string(), "orders", &name])
}

/// `GET /notices/{id}/orders/{unit_id}?format=`: the unit's order, audited as a download.
#[tracing::instrument(skip_all, fields(viewer = %viewer.id, id = %id, unit = %unit))]
pub async fn order(
    ctx: &Context,
    viewer: User,
    id: NoticeId,
    unit: UnitId,
    format: DocumentFormat,
    origin: RequestOrigin,
) -> Result<Order> {
    let scope = scope_of(&viewer)?;
    let reader = viewer.clone();
    let (notice, lines) = ctx
        .db
        .read(move |conn| {
            let notice = load_visible(conn, &reader, id)?;
            // Another unit's order is as unknown to a manager as one that does not exist.
            if !scope.admits(unit) {
                return Err(Error::NotFound);
            }
            notice.orders_issued()?;
            let lines: Vec<OrderLine> = orders::order_lines(conn, id, unit)?;
            if lines.is_empty() {
                return Err(Error::NotFound);
            }
            Ok((notice, lines))
        })
        .await?;
    let bytes = stored_or_rendered(ctx, &notice, unit, &lines, format).await?;
    // The unit's code as the notice recorded it: server data, safe in a header.
    let unit_code = lines
        .first()
        .map_or_else(|| unit.to_string(), |l| l.unit_code.clone());
    let clock = ctx.clock;
    ctx.db
        .write(move |conn| {
            audit::Entry::new(Action::NoticeOrderDownload, clock.now())
                .by(viewer.id)
                .on(Target::Notice(id))
                .from(&origin)
                .details(serde_json::json!({
                    "unit_id": unit.to_string(),
                    "format": format.extension(),
                }))
                .append(conn)
        })
        .await?;
    Ok(Order {
        bytes,
        format,
        filename: format!(
            "anfang-order-{}-{unit_code}.{}",
            notice.content.period,
            format.extension()
        ),
    })
}

fn unavailable(e: impl std::fmt::Display) -> Error {
    tracing::error!(error = %e, "rectification order");
    Error::unavailable(5)
}

async fn stored_or_rendered(
    ctx: &Context,
    notice: &Notice,
    unit: UnitId,
    lines: &[OrderLine],
    format: DocumentFormat,
) -> Result<Bytes> {
    let key = key(notice, unit, format);
    match ctx.storage.get(&key).await {
        Ok(bytes) => return Ok(bytes),
        Err(StorageError::NotFound(_)) => {}
        Err(e) => return Err(unavailable(e)),
    }
    // A published notice carries the letterhead it was issued under.
    let Some(issue) = notice.issue.clone() else {
        return Err(Error::internal("a published notice without its issue"));
    };
    let titles = ctx
        .db
        .read(|conn| aggregates::item_titles(conn).map_err(Error::from))
        .await?;
    let (notice_copy, lines) = (notice.clone(), lines.to_vec());
    let (zone, now) = (ctx.timezone, ctx.clock.now());
    let typesetter = std::sync::Arc::clone(&ctx.typesetter);
    let bytes = crate::blocking::run(move || {
        let unit_name = lines
            .first()
            .map(|l| l.unit_name.clone())
            .unwrap_or_default();
        let document = documents::order::document(&documents::order::OrderSources {
            notice: &notice_copy,
            letterhead: &issue.letterhead,
            unit_name: &unit_name,
            lines: &lines,
            item_titles: &titles,
            zone,
            now,
        });
        documents::render(&typesetter, &document, format).map_err(Error::internal)
    })
    .await??;
    let bytes = Bytes::from(bytes);
    ctx.storage
        .put(&key, bytes.clone())
        .await
        .map_err(unavailable)?;
    Ok(bytes)
}
