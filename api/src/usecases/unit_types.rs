use anfang_domain::catalog::{UnitType, UnitTypeCode, UnitTypeName};
use anfang_domain::ids::UserId;
use anfang_infra::db::audit::RequestOrigin;
use anfang_infra::db::{self, unit_types};

use super::audit;
use crate::app::AppState;

use crate::error::{ApiError, ApiResult};

pub async fn list(state: &AppState) -> ApiResult<Vec<UnitType>> {
    state
        .db
        .read(|conn| unit_types::list(conn).map_err(ApiError::from))
        .await
}

pub async fn rename(
    state: &AppState,
    actor: UserId,
    code: UnitTypeCode,
    (name, name_en): (Option<UnitTypeName>, Option<UnitTypeName>),
    origin: RequestOrigin,
) -> ApiResult<UnitType> {
    state
        .db
        .write(move |conn| {
            let current = unit_types::find(conn, &code)?.ok_or_else(ApiError::not_found)?;
            let mut renamed = current;
            if let Some(name) = name {
                renamed.name = name;
            }
            if let Some(name_en) = name_en {
                renamed.name_en = name_en;
            }
            unit_types::rename(conn, &renamed)?;
            audit(
                conn,
                db::now(),
                Some(actor.to_string()),
                "unit_type.update",
                Some(("unit_type", code.as_str().to_owned())),
                &origin,
                None,
            )?;
            Ok(renamed)
        })
        .await
}
