use anfang_domain::ids::UserId;
use anfang_domain::settings::Settings;
use anfang_infra::db::audit::RequestOrigin;
use anfang_infra::db::lock;
use anfang_infra::db::settings;

use crate::Context;
use crate::audit::{self, Action};
use crate::{Error, Result};

#[tracing::instrument(skip_all)]
pub async fn get(ctx: &Context) -> Result<Settings> {
    ctx.db
        .read(|conn| settings::load(conn).map_err(Error::from))
        .await
}

#[tracing::instrument(skip_all, fields(actor = %actor))]
pub async fn update(
    ctx: &Context,
    actor: UserId,
    changes: Vec<(&'static str, i64)>,
    origin: RequestOrigin,
) -> Result<Settings> {
    let clock = ctx.clock;
    ctx.db
        .write(move |conn| {
            lock::settings(conn)?;
            let next = settings::load(conn)?.with(&changes)?;
            let now = clock.now();
            settings::save(conn, &next, now)?;
            let details: serde_json::Map<String, serde_json::Value> = changes
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).into()))
                .collect();
            audit::Entry::new(Action::SettingsUpdate, now)
                .by(actor)
                .from(&origin)
                .details(details.into())
                .append(conn)?;
            Ok(next)
        })
        .await
}
