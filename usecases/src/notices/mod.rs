//! Monthly notices (SPEC §3.6): drafted by the scheduler once per month however many replicas
//! run, or on demand; sent by a supervisor to a leader for signature (签发); published by a
//! supervisor under the next document number of the year, which freezes the notice and publishes
//! its findings to the units; exported for circulation.

mod content;
mod export;
mod orders;

pub use content::range_of;
pub use export::{Export, NoticeFormat, export, render_all};
pub use orders::{Order, OrderedUnit, order, orders};

use anfang_domain::auth::Permission;
use anfang_domain::ids::{NoticeId, UserId};
use anfang_domain::notice::{
    DocumentNumber, Issue, Notice, NoticePeriod, NoticeScope, NoticeStatus, Stamp,
};
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
use crate::{Error, Result, Rule};

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
    if let Some(notice) = &existing {
        // Refused before the month's figures are computed: only a draft is redrafted.
        notice.editable()?;
    }
    let built = content::build(conn, period, tz, min_inspections)?;
    let created = existing.is_none();
    let notice = match existing {
        Some(mut notice) => {
            notice.regenerate(built, now, trigger.user())?;
            notices::update(conn, &notice)?;
            notice
        }
        None => {
            let notice = Notice::draft(NoticeId::new_random(), period, built, now, trigger.user());
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

/// A step of the signing workflow, as the use case names it for the audit trail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// A supervisor sends the draft to the leaders (送签).
    Submit,
    /// A leader or a supervisor takes it back to draft.
    Return,
    /// A leader signs it off (签发).
    Sign,
}

impl Step {
    fn permitted(self, role: anfang_domain::auth::Role) -> bool {
        match self {
            Step::Submit => Permission::ManageNotices.is_granted_to(role),
            Step::Return => {
                Permission::ManageNotices.is_granted_to(role)
                    || Permission::SignNotices.is_granted_to(role)
            }
            Step::Sign => Permission::SignNotices.is_granted_to(role),
        }
    }

    fn action(self) -> Action {
        match self {
            Step::Submit => Action::NoticeSubmit,
            Step::Return => Action::NoticeReturn,
            Step::Sign => Action::NoticeSign,
        }
    }
}

/// `POST /notices/{id}/submit|return|sign`: one step of the signing workflow.
#[tracing::instrument(skip_all, fields(actor = %actor.id, id = %id, step = ?step))]
pub async fn step(
    ctx: &Context,
    actor: &User,
    id: NoticeId,
    step: Step,
    origin: RequestOrigin,
) -> Result<Notice> {
    let clock = ctx.clock;
    let actor = actor.clone();
    ctx.db
        .write(move |conn| {
            lock::row(conn, Aggregate::Notice, &id.to_string())?;
            let mut notice = load_visible(conn, &actor, id)?;
            if !step.permitted(actor.role) {
                return Err(Error::Forbidden);
            }
            let stamp = Stamp {
                at: clock.now(),
                by: actor.id,
            };
            match step {
                Step::Submit => notice.submit(stamp)?,
                Step::Return => notice.return_to_draft()?,
                Step::Sign => notice.sign(stamp)?,
            }
            notices::update(conn, &notice)?;
            audit::Entry::new(step.action(), stamp.at)
                .by(actor.id)
                .on(Target::Notice(id))
                .from(&origin)
                .append(conn)?;
            Ok(notice)
        })
        .await
}

/// Publishes the notice under the year's next document number and the letterhead of the day,
/// freezes it and publishes its findings to their units.
#[tracing::instrument(skip_all, fields(actor = %actor.id, id = %id))]
pub async fn publish(
    ctx: &Context,
    actor: &User,
    id: NoticeId,
    origin: RequestOrigin,
) -> Result<Notice> {
    let clock = ctx.clock;
    let tz = ctx.timezone;
    let actor = actor.clone();
    ctx.db
        .write(move |conn| {
            lock::row(conn, Aggregate::Notice, &id.to_string())?;
            let mut notice = load_visible(conn, &actor, id)?;
            if !Permission::ManageNotices.is_granted_to(actor.role) {
                return Err(Error::Forbidden);
            }
            let now = clock.now();
            let letterhead = settings::load_letterhead(conn)?;
            lock::document_numbers(conn)?;
            // The year of the date the document bears (its signature, or today).
            let year = chrono::Datelike::year(&notice.dated().unwrap_or(now).with_timezone(&tz));
            let number = DocumentNumber::next(
                &letterhead.number_prefix,
                year,
                notices::last_number(conn, year)?,
            );
            notice.publish(
                Stamp {
                    at: now,
                    by: actor.id,
                },
                Issue {
                    number: number.clone(),
                    letterhead,
                },
            )?;
            notices::update(conn, &notice)?;
            let published =
                super::findings::publish_all(conn, Unpublished::OfNotice(id), now)?.len();
            audit::Entry::new(Action::NoticePublish, now)
                .by(actor.id)
                .on(Target::Notice(id))
                .from(&origin)
                .details(serde_json::json!({
                    "findings_published": published,
                    "document_number": number.to_string(),
                }))
                .append(conn)?;
            Ok(notice)
        })
        .await
}

pub(crate) fn load_visible(conn: &mut DbConnection, viewer: &User, id: NoticeId) -> Result<Notice> {
    notices::find(conn, id)?
        .filter(|n| NoticeScope::for_role(viewer.role).admits(n.status))
        .ok_or(Error::NotFound)
}

#[tracing::instrument(skip_all, fields(viewer = %viewer.id))]
pub async fn list(ctx: &Context, viewer: &User, page: PageRequest) -> Result<Page<Notice>> {
    let scope = NoticeScope::for_role(viewer.role);
    if scope == NoticeScope::Nothing {
        return Err(Error::Forbidden);
    }
    let statuses: Vec<NoticeStatus> = NoticeStatus::ALL
        .into_iter()
        .filter(|s| scope.admits(*s))
        .collect();
    ctx.db
        .read(move |conn| notices::list(conn, &statuses, &page).map_err(Error::from))
        .await
}

#[tracing::instrument(skip_all, fields(viewer = %viewer.id, id = %id))]
pub async fn get(ctx: &Context, viewer: User, id: NoticeId) -> Result<Notice> {
    ctx.db
        .read(move |conn| load_visible(conn, &viewer, id))
        .await
}
