//! The first admin account, so that a fresh installation can be used at all.

use anfang_domain::auth::Role;
use anfang_domain::ids::UserId;
use anfang_domain::user::{DisplayName, NewUser, Password, Username};
use anfang_infra::db::audit::RequestOrigin;
use anfang_infra::db::{self, Db, users};
use anfang_infra::passwords;

use super::audit;

pub enum FirstAdmin {
    /// An admin already exists; nothing was done.
    Exists,
    /// Created with the password from `ANFANG_ADMIN_PASSWORD`.
    CreatedWithGivenPassword,
    /// Created with this generated password, to be shown once.
    CreatedWithGeneratedPassword(String),
}

/// Creates the account `admin` when no admin exists. Runs on a blocking thread.
pub fn ensure_first_admin(db: &Db, given: Option<&str>) -> anyhow::Result<FirstAdmin> {
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
        let now = db::now();
        let user = NewUser::new(
            Username::parse("admin")?,
            DisplayName::parse("系统管理员")?,
            Role::Admin,
            None,
            None,
        )?
        .into_user(UserId::new_random(), now);
        users::insert(conn, &user, &passwords::hash(&password)?, now)?;
        audit(
            conn,
            now,
            None,
            "user.bootstrap_admin",
            Some(("user", user.id.to_string())),
            &RequestOrigin::default(),
            None,
        )?;
        Ok(match generated {
            Some(p) => FirstAdmin::CreatedWithGeneratedPassword(p),
            None => FirstAdmin::CreatedWithGivenPassword,
        })
    })
}
