//! The first admin account, so that a fresh installation can be used at all.

use anfang_domain::auth::Role;
use anfang_domain::ids::UserId;
use anfang_domain::user::{DisplayName, NewUser, Password, Username};
use anfang_infra::config::DatabaseUrl;
use anfang_infra::db::{Db, users};
use anfang_infra::passwords;

use crate::audit::{self, Action, Target};
use crate::{Clock, Result};

pub enum FirstAdmin {
    /// An admin already exists; nothing was done.
    Exists,
    /// Created with the password from `ANFANG_ADMIN_PASSWORD`.
    CreatedWithGivenPassword,
    /// Created with this generated password, to be shown once.
    CreatedWithGeneratedPassword(String),
}

/// Creates the account `admin` when no admin exists. Runs on a blocking thread.
pub fn ensure_first_admin(
    db: &Db,
    clock: Clock,
    given: Option<&str>,
) -> anyhow::Result<FirstAdmin> {
    let (password, generated) = match given {
        Some(p) => (
            Password::parse(p).map_err(|e| anyhow::anyhow!("ANFANG_ADMIN_PASSWORD: {e}"))?,
            None,
        ),
        None => {
            let text = format!("{}-9a", anfang_infra::secrets::random_token(15));
            (Password::parse(&text)?, Some(text))
        }
    };
    db.write_blocking(|conn| {
        if users::any_with_role(conn, Role::Admin)? {
            return Ok(FirstAdmin::Exists);
        }
        let now = clock.now();
        let user = NewUser::new(
            Username::parse("admin")?,
            DisplayName::parse("系统管理员")?,
            Role::Admin,
            None,
            None,
        )?
        .into_user(UserId::new_random(), now);
        users::insert(conn, &user, &passwords::hash(&password)?, now)?;
        audit::Entry::new(Action::UserBootstrapAdmin, now)
            .on(Target::User(user.id))
            .append(conn)?;
        Ok(match generated {
            Some(p) => FirstAdmin::CreatedWithGeneratedPassword(p),
            None => FirstAdmin::CreatedWithGivenPassword,
        })
    })
}

/// Brings the database's schema up to date (what opening it does), for `anfang migrate`.
pub fn migrate(url: &DatabaseUrl) -> Result<()> {
    Db::open(url, 1)?;
    Ok(())
}
