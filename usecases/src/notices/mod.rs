//! Monthly notices (SPEC §3.6): drafted by the scheduler once per month however many replicas
//! run, or on demand; published by a supervisor, which freezes the notice and publishes its
//! findings to the units; exported for circulation.

mod content;
mod export;

pub use content::range_of;
pub use export::{Export, export, render_all};

use anfang_domain::auth::Permission;
use anfang_domain::ids::{NoticeId, UserId};
use anfang_domain::notice::{Notice, NoticeError, NoticePeriod, NoticeScope, NoticeStatus};
use anfang_domain::user::User;
use anfang_infra::db::audit::RequestOrigin;
use anfang_infra::db::findings::Unpublished;
use anfang_infra::db::lock::{self, Aggregate};
use anfang_infra::db::page::{Page, PageRequest};
use anfang_infra::db::{DbConnection, job_runs, notices, settings, users};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::Context;
use crate::audit::{self, Action, Target};
use crate::{Conflict, Error, Result, Rule};

/// The scheduler's claim on a month: `job_runs (job, period)`.
pub const MONTHLY_NOTICE_JOB: &str = "monthly_notice";

/// Who asked for a notice to be generated.
#[derive(Debug, Clone, Copy)]
pub enum Trigger {
    User(UserId),
    Scheduler,
    CommandLine,
}

impl Trigger {
    fn via(self) -> &'static str {
        match self {
            Trigger::User(_) => "api",
            Trigger::Scheduler => "scheduler",
            Trigger::CommandLine => "cli",
        }
    }

    fn user(self) -> Option<UserId> {
        match self {
            Trigger::User(id) => Some(id),
            _ => None,
        }
    }
}

fn published_conflict(_: NoticeError) -> Error {
    Error::Conflict(Conflict::NoticePublished)
}

/// Drafts the notice of `period`, or drafts it again from today's data; a published one
/// is never touched (409).
fn generate_in(
    conn: &mut DbConnection,
    tz: Tz,
    now: DateTime<Utc>,
    period: NoticePeriod,
    trigger: Trigger,
    origin: &RequestOrigin,
) -> Result<(Notice, bool)> {
    let min_inspections = settings::load(conn)?.notice_min_inspections;
    let mut existing = notices::find_by_period(conn, period)?;
    if let Some(found) = &existing {
        // A redraft and a publication of one notice must not interleave: read it again, locked.
        let id = found.id;
        lock::row(conn, Aggregate::Notice, &id.to_string())?;
        existing = notices::find(conn, id)?;
    }
    if existing
        .as_ref()
        .is_some_and(|n| n.status == NoticeStatus::Published)
    {
        return Err(Error::Conflict(Conflict::NoticePublished));
    }
    let built = content::build(conn, period, tz, min_inspections)?;
    let created = existing.is_none();
    let notice = match existing {
        Some(mut notice) => {
            notice
                .regenerate(built, now, trigger.user())
                .map_err(published_conflict)?;
            notices::update(conn, &notice)?;
            notice
        }
        None => {
            let notice = Notice {
                id: NoticeId::new_random(),
                period,
                status: NoticeStatus::Draft,
                content: built,
                generated_at: now,
                generated_by: trigger.user(),
                published_at: None,
                published_by: None,
            };
            if !notices::insert(conn, &notice)? {
                // Someone drafted this month between our read and our insert: theirs stands.
                let theirs = notices::find_by_period(conn, period)?.ok_or(Error::NotFound)?;
                return Ok((theirs, false));
            }
            notice
        }
    };
    let covered = notices::cover_findings(conn, notice.id, content::range_of(period, tz))?;
    audit::Entry::new(Action::NoticeGenerate, now)
        .by(trigger.user())
        .on(Target::Notice(notice.id))
        .from(origin)
        .details(serde_json::json!({
            "period": period.to_string(),
            "via": trigger.via(),
            "findings": covered,
        }))
        .append(conn)?;
    Ok((notice, created))
}

/// Refuses months that have not begun: there is nothing to report yet.
fn check_period(period: NoticePeriod, tz: Tz, now: DateTime<Utc>) -> Result<()> {
    if period.bounds(&tz).0 > now {
        return Err(Error::field("period", Rule::MonthNotBegun));
    }
    Ok(())
}

/// `POST /notices`: a supervisor drafts (or redrafts) a month's notice; whether it is new.
#[tracing::instrument(skip_all, fields(actor = %actor.id, period = %period))]
pub async fn generate(
    ctx: &Context,
    actor: &User,
    period: NoticePeriod,
    origin: RequestOrigin,
) -> Result<(Notice, bool)> {
    if !Permission::ManageNotices.is_granted_to(actor.role) {
        return Err(Error::Forbidden);
    }
    let clock = ctx.clock;
    check_period(period, ctx.timezone, clock.now())?;
    let tz = ctx.timezone;
    let trigger = Trigger::User(actor.id);
    ctx.db
        .write(move |conn| generate_in(conn, tz, clock.now(), period, trigger, &origin))
        .await
}

/// `anfang notice generate`: the same, for an external scheduler.
#[tracing::instrument(skip_all, fields(period = %period))]
pub async fn generate_from_command_line(ctx: &Context, period: NoticePeriod) -> Result<Notice> {
    let clock = ctx.clock;
    check_period(period, ctx.timezone, clock.now())?;
    let tz = ctx.timezone;
    ctx.db
        .write(move |conn| {
            generate_in(
                conn,
                tz,
                clock.now(),
                period,
                Trigger::CommandLine,
                &RequestOrigin::default(),
            )
            .map(|(notice, _)| notice)
        })
        .await
}

/// The scheduler fired at `fire_time`: draft the month before, once across all replicas.
/// A month already drafted (by hand, or by another replica) is left alone, and so is a firing
/// from before the installation (a new server catching up would draft a month it never saw).
#[tracing::instrument(skip_all)]
pub async fn generate_scheduled(ctx: &Context, fire_time: DateTime<Utc>) -> Result<Option<Notice>> {
    let clock = ctx.clock;
    let tz = ctx.timezone;
    let period = NoticePeriod::containing(fire_time, &tz).previous();
    ctx.db
        .write(move |conn| {
            let installed = users::first_created_at(conn)?;
            if installed.is_none_or(|at| fire_time < at) {
                return Ok(None);
            }
            if !job_runs::claim(conn, MONTHLY_NOTICE_JOB, &period.to_string(), clock.now())? {
                return Ok(None);
            }
            if notices::find_by_period(conn, period)?.is_some() {
                return Ok(None);
            }
            generate_in(
                conn,
                tz,
                clock.now(),
                period,
                Trigger::Scheduler,
                &RequestOrigin::default(),
            )
            .map(|(notice, _)| Some(notice))
        })
        .await
}

/// Freezes the notice and publishes its findings to their units.
#[tracing::instrument(skip_all, fields(actor = %actor.id, id = %id))]
pub async fn publish(
    ctx: &Context,
    actor: &User,
    id: NoticeId,
    origin: RequestOrigin,
) -> Result<Notice> {
    let clock = ctx.clock;
    let actor = actor.clone();
    ctx.db
        .write(move |conn| {
            lock::row(conn, Aggregate::Notice, &id.to_string())?;
            let mut notice = load_visible(conn, &actor, id)?;
            if !Permission::ManageNotices.is_granted_to(actor.role) {
                return Err(Error::Forbidden);
            }
            let now = clock.now();
            notice.publish(now, actor.id).map_err(published_conflict)?;
            notices::update(conn, &notice)?;
            let published =
                super::findings::publish_all(conn, Unpublished::OfNotice(id), now)?.len();
            audit::Entry::new(Action::NoticePublish, now)
                .by(actor.id)
                .on(Target::Notice(id))
                .from(&origin)
                .details(serde_json::json!({ "findings_published": published }))
                .append(conn)?;
            Ok(notice)
        })
        .await
}

fn load_visible(conn: &mut DbConnection, viewer: &User, id: NoticeId) -> Result<Notice> {
    notices::find(conn, id)?
        .filter(|n| NoticeScope::for_role(viewer.role).admits(n.status))
        .ok_or(Error::NotFound)
}

#[tracing::instrument(skip_all, fields(viewer = %viewer.id))]
pub async fn list(ctx: &Context, viewer: &User, page: PageRequest) -> Result<Page<Notice>> {
    let published_only = match NoticeScope::for_role(viewer.role) {
        NoticeScope::All => false,
        NoticeScope::PublishedOnly => true,
        NoticeScope::Nothing => return Err(Error::Forbidden),
    };
    ctx.db
        .read(move |conn| notices::list(conn, published_only, &page).map_err(Error::from))
        .await
}

#[tracing::instrument(skip_all, fields(viewer = %viewer.id, id = %id))]
pub async fn get(ctx: &Context, viewer: User, id: NoticeId) -> Result<Notice> {
    ctx.db
        .read(move |conn| load_visible(conn, &viewer, id))
        .await
}
