use anfang_domain::catalog::{NewUnit, Unit, UnitPatch};
use anfang_domain::ids::{UnitId, UserId};
use anfang_infra::db::audit::RequestOrigin;
use anfang_infra::db::lock::{self, Aggregate};
use anfang_infra::db::page::{Page, PageRequest};
use anfang_infra::db::units::{StoredUnit, UnitFilter};
use anfang_infra::db::{self, unit_types, units};

use super::audit;
use crate::app::AppState;
use crate::error::{ApiError, ApiResult, ErrorCode, FieldIssue};

pub async fn create(
    state: &AppState,
    actor: UserId,
    new_unit: NewUnit,
    origin: RequestOrigin,
) -> ApiResult<Unit> {
    state
        .db
        .write(move |conn| {
            if unit_types::find(conn, &new_unit.type_code)?.is_none() {
                return Err(ApiError::field("type_code", FieldIssue::UnknownReference));
            }
            let now = db::now();
            let unit = new_unit.into_unit(UnitId::new_random());
            units::insert(conn, &unit, now).map_err(|e| {
                if e.is_unique_violation() {
                    ApiError::new(ErrorCode::UnitCodeTaken)
                } else {
                    e.into()
                }
            })?;
            audit(
                conn,
                now,
                Some(actor.to_string()),
                "unit.create",
                Some(("unit", unit.id.to_string())),
                &origin,
                Some(serde_json::json!({ "code": unit.code.as_str() })),
            )?;
            Ok(unit)
        })
        .await
}

pub async fn get(state: &AppState, id: UnitId) -> ApiResult<Unit> {
    state
        .db
        .read(move |conn| units::find(conn, id).map_err(ApiError::from))
        .await?
        .map(|s| s.unit)
        .ok_or_else(ApiError::not_found)
}

pub async fn list(
    state: &AppState,
    filter: UnitFilter,
    page: PageRequest,
) -> ApiResult<Page<StoredUnit>> {
    state
        .db
        .read(move |conn| units::list(conn, &filter, &page).map_err(ApiError::from))
        .await
}

pub async fn update(
    state: &AppState,
    actor: UserId,
    id: UnitId,
    patch: UnitPatch,
    origin: RequestOrigin,
) -> ApiResult<Unit> {
    state
        .db
        .write(move |conn| {
            let now = db::now();
            lock::row(conn, Aggregate::Unit, &id.to_string())?;
            let mut stored = units::find(conn, id)?.ok_or_else(ApiError::not_found)?;
            patch.apply(&mut stored.unit);
            units::update(conn, &stored, now)?;
            audit(
                conn,
                now,
                Some(actor.to_string()),
                "unit.update",
                Some(("unit", id.to_string())),
                &origin,
                None,
            )?;
            Ok(stored.unit)
        })
        .await
}
