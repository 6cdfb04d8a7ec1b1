use anfang_domain::catalog::{UnitType, UnitTypeCode, UnitTypeName};
use anfang_domain::ids::UserId;
use anfang_infra::db::audit::RequestOrigin;
use anfang_infra::db::unit_types;

use crate::Context;
use crate::audit::{self, Action, Target};

use crate::{Error, Result};

#[tracing::instrument(skip_all)]
pub async fn list(ctx: &Context) -> Result<Vec<UnitType>> {
    ctx.db
        .read(|conn| unit_types::list(conn).map_err(Error::from))
        .await
}

#[tracing::instrument(skip_all, fields(actor = %actor))]
pub async fn rename(
    ctx: &Context,
    actor: UserId,
    code: UnitTypeCode,
    (name, name_en): (Option<UnitTypeName>, Option<UnitTypeName>),
    origin: RequestOrigin,
) -> Result<UnitType> {
    let clock = ctx.clock;
    ctx.db
        .write(move |conn| {
            let current = unit_types::find(conn, &code)?.ok_or(Error::NotFound)?;
            let mut renamed = current;
            if let Some(name) = name {
                renamed.name = name;
            }
            if let Some(name_en) = name_en {
                renamed.name_en = name_en;
            }
            unit_types::rename(conn, &renamed)?;
            audit::Entry::new(Action::UnitTypeUpdate, clock.now())
                .by(actor)
                .on(Target::UnitType(code.clone()))
                .from(&origin)
                .append(conn)?;
            Ok(renamed)
        })
        .await
}
