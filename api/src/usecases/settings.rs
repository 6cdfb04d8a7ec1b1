use anfang_domain::ids::UserId;
use anfang_domain::settings::Settings;
use anfang_infra::db::audit::RequestOrigin;
use anfang_infra::db::lock;
use anfang_infra::db::{self, settings};

use super::audit;
use crate::app::AppState;
use crate::error::{ApiError, ApiResult};

pub async fn get(state: &AppState) -> ApiResult<Settings> {
    state
        .db
        .read(|conn| settings::load(conn).map_err(ApiError::from))
        .await
}

pub async fn update(
    state: &AppState,
    actor: UserId,
    changes: Vec<(&'static str, i64)>,
    origin: RequestOrigin,
) -> ApiResult<Settings> {
    state
        .db
        .write(move |conn| {
            lock::settings(conn)?;
            let next = settings::load(conn)?.with(&changes)?;
            let now = db::now();
            settings::save(conn, &next, now)?;
            let details: serde_json::Map<String, serde_json::Value> = changes
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).into()))
                .collect();
            audit(
                conn,
                now,
                Some(actor.to_string()),
                "settings.update",
                None,
                &origin,
                Some(details.into()),
            )?;
            Ok(next)
        })
        .await
}
