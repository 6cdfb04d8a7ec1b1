use anfang_domain::catalog::{District, DistrictCode, DistrictName};
use anfang_domain::ids::UserId;
use anfang_infra::db::DbConnection;
use anfang_infra::db::WriteError;
use anfang_infra::db::audit::RequestOrigin;
use anfang_infra::db::districts::{self, StoredDistrict};
use anfang_infra::db::page::{Page, PageRequest};

use crate::Context;
use crate::audit::{self, Action, Target};
use crate::{Conflict, Error, FieldIssue, Result};

#[tracing::instrument(skip_all)]
pub async fn list(ctx: &Context, page: PageRequest) -> Result<Page<StoredDistrict>> {
    ctx.db
        .read(move |conn| districts::list(conn, &page).map_err(Error::from))
        .await
}

#[tracing::instrument(skip_all, fields(actor = %actor, code = %district.code))]
pub async fn create(
    ctx: &Context,
    actor: UserId,
    district: District,
    origin: RequestOrigin,
) -> Result<District> {
    let clock = ctx.clock;
    ctx.db
        .write(move |conn| {
            let now = clock.now();
            districts::insert(conn, &district, now).map_err(|e| match e {
                WriteError::Taken => Conflict::DistrictExists.into(),
                other => Error::from(other),
            })?;
            audit::Entry::new(Action::DistrictCreate, now)
                .by(actor)
                .on(Target::District(district.code.clone()))
                .from(&origin)
                .details(serde_json::json!({ "name": district.name.as_str() }))
                .append(conn)?;
            Ok(district)
        })
        .await
}

#[tracing::instrument(skip_all, fields(actor = %actor, code = %code))]
pub async fn rename(
    ctx: &Context,
    actor: UserId,
    code: DistrictCode,
    name: DistrictName,
    origin: RequestOrigin,
) -> Result<District> {
    let clock = ctx.clock;
    ctx.db
        .write(move |conn| {
            let now = clock.now();
            let previous = districts::find(conn, &code)?.ok_or(Error::NotFound)?;
            let district = District { code, name };
            districts::rename(conn, &district, now)?;
            audit::Entry::new(Action::DistrictUpdate, now)
                .by(actor)
                .on(Target::District(district.code.clone()))
                .from(&origin)
                .details(serde_json::json!({
                    "from": previous.district.name.as_str(),
                    "to": district.name.as_str(),
                }))
                .append(conn)?;
            Ok(district)
        })
        .await
}

/// Refuses a code that is not listed: units, users and campaigns name only districts the
/// bureau has named, so every answer can show the name beside the code.
pub(crate) fn require_listed(
    conn: &mut DbConnection,
    field: &'static str,
    code: &DistrictCode,
) -> Result<()> {
    match districts::find(conn, code)? {
        Some(_) => Ok(()),
        None => Err(Error::field(field, FieldIssue::UnknownReference)),
    }
}
