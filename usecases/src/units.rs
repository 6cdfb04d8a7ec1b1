use anfang_domain::catalog::{NewUnit, Unit, UnitPatch};
use anfang_domain::ids::{UnitId, UserId};
use anfang_infra::db::WriteError;
use anfang_infra::db::audit::RequestOrigin;
use anfang_infra::db::lock::{self, Aggregate};
use anfang_infra::db::names::{Named, Wanted};
use anfang_infra::db::page::{Page, PageRequest};
use anfang_infra::db::units::{StoredUnit, UnitFilter};
use anfang_infra::db::{DbConnection, unit_types, units};

use crate::Context;
use crate::audit::{self, Action, Target};
use crate::{Conflict, Error, FieldIssue, Result};

#[tracing::instrument(skip_all, fields(actor = %actor))]
pub async fn create(
    ctx: &Context,
    actor: UserId,
    new_unit: NewUnit,
    origin: RequestOrigin,
) -> Result<Named<Unit>> {
    let clock = ctx.clock;
    ctx.db
        .write(move |conn| {
            if unit_types::find(conn, &new_unit.type_code)?.is_none() {
                return Err(Error::field("type_code", FieldIssue::UnknownReference));
            }
            crate::districts::require_listed(conn, "district", &new_unit.district)?;
            let now = clock.now();
            let unit = new_unit.into_unit(UnitId::new_random());
            units::insert(conn, &unit, now).map_err(|e| match e {
                WriteError::Taken => Conflict::UnitCodeTaken.into(),
                other => Error::from(other),
            })?;
            audit::Entry::new(Action::UnitCreate, now)
                .by(actor)
                .on(Target::Unit(unit.id))
                .from(&origin)
                .details(serde_json::json!({ "code": unit.code.as_str() }))
                .append(conn)?;
            named(conn, unit)
        })
        .await
}

#[tracing::instrument(skip_all, fields(id = %id))]
pub async fn get(ctx: &Context, id: UnitId) -> Result<Named<Unit>> {
    ctx.db
        .read(move |conn| {
            let unit = units::find(conn, id)?.ok_or(Error::NotFound)?.unit;
            named(conn, unit)
        })
        .await
}

/// A unit with its type and district named.
fn named(conn: &mut DbConnection, unit: Unit) -> Result<Named<Unit>> {
    let mut wanted = Wanted::default();
    wanted
        .unit_type(unit.type_code.as_str())
        .district(unit.district.as_str());
    Ok(wanted.load_for(conn, unit)?)
}

#[tracing::instrument(skip_all)]
pub async fn list(
    ctx: &Context,
    filter: UnitFilter,
    page: PageRequest,
) -> Result<Named<Page<StoredUnit>>> {
    ctx.db
        .read(move |conn| {
            let page = units::list(conn, &filter, &page)?;
            let mut wanted = Wanted::default();
            for s in &page.items {
                wanted
                    .unit_type(s.unit.type_code.as_str())
                    .district(s.unit.district.as_str());
            }
            Ok(wanted.load_for(conn, page)?)
        })
        .await
}

#[tracing::instrument(skip_all, fields(actor = %actor, id = %id))]
pub async fn update(
    ctx: &Context,
    actor: UserId,
    id: UnitId,
    patch: UnitPatch,
    origin: RequestOrigin,
) -> Result<Named<Unit>> {
    let clock = ctx.clock;
    ctx.db
        .write(move |conn| {
            let now = clock.now();
            lock::row(conn, Aggregate::Unit, &id.to_string())?;
            let mut stored = units::find(conn, id)?.ok_or(Error::NotFound)?;
            if let Some(district) = &patch.district {
                crate::districts::require_listed(conn, "district", district)?;
            }
            patch.apply(&mut stored.unit);
            units::update(conn, &stored, now)?;
            audit::Entry::new(Action::UnitUpdate, now)
                .by(actor)
                .on(Target::Unit(id))
                .from(&origin)
                .append(conn)?;
            named(conn, stored.unit)
        })
        .await
}
