//! Doing a keyed request once (a phone on a bad connection retries): the first successful
//! answer to a key is stored with the change it answers and given again to a retry with the
//! same request; the same key with a different request is refused. A failed attempt stores
//! nothing, so its retry runs again.

use anfang_domain::ids::UserId;
use anfang_infra::db::DbConnection;
use anfang_infra::db::idempotency::{self, KeyedRequest, Reservation};

use crate::{Context, Error, Result};

/// Who sent which request, under which key (none: the request is simply done).
pub struct Keyed {
    pub user: UserId,
    pub key: Option<String>,
    pub route: String,
    /// Identifies "the same request": where it went and what it carried.
    pub request_hash: String,
}

/// The answer to give: the status and body, and whether they are a stored earlier answer.
pub struct Answer {
    pub status: u16,
    pub body: serde_json::Value,
    pub replayed: bool,
}

/// Runs `work` once per key, and `render` on its result, in one transaction with the key's
/// record: the answer is stored with the change it answers, or neither is. A retry after a
/// crash, a timeout or a lost answer gets the first answer when the first request committed,
/// and does the work when it did not; a retry while the first is still running waits for it
/// (PostgreSQL holds the key's row; SQLite serializes writers) and then gets its answer.
pub async fn once<T, W, R>(ctx: &Context, keyed: Keyed, work: W, render: R) -> Result<Answer>
where
    T: Send + 'static,
    W: FnOnce(&mut DbConnection) -> Result<T> + Send + 'static,
    R: FnOnce(T) -> Result<(u16, serde_json::Value)> + Send + 'static,
{
    let clock = ctx.clock;
    let user_id = keyed.user.to_string();
    ctx.db
        .write(move |conn| {
            if let Some(key) = &keyed.key {
                let request = KeyedRequest {
                    user_id: &user_id,
                    key,
                    route: &keyed.route,
                    request_hash: &keyed.request_hash,
                };
                match idempotency::reserve(conn, &request, clock.now())? {
                    Reservation::Fresh => {}
                    Reservation::Replay { status, body } => {
                        let body = serde_json::from_str(&body).map_err(Error::internal)?;
                        return Ok(Answer {
                            status,
                            body,
                            replayed: true,
                        });
                    }
                    Reservation::Mismatch => return Err(Error::IdempotencyKeyReused),
                }
            }
            let (status, body) = render(work(conn)?)?;
            if let Some(key) = &keyed.key {
                idempotency::complete(conn, &user_id, key, status, &body.to_string())?;
            }
            Ok(Answer {
                status,
                body,
                replayed: false,
            })
        })
        .await
}
