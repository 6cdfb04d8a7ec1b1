//! Reports in the console: the review queue (leaders: the approved reports) and a report's
//! page with every rating, its photos, its integrity flags in words and its history; a
//! reviewer claims it and approves, returns or rejects it. Every rule is the use cases'.

use actix_web::{HttpRequest, HttpResponse, web};
use anfang_domain::ids::{PhotoId, ReportId};
use anfang_domain::report::{
    Decision, Outcome, ReportFields, ReportScope, ReportStatus, ReviewComment,
};
use anfang_usecases as usecases;
use askama::Template;
use serde::Deserialize;

use super::error::ConsoleError;
use super::page::{self, Chrome};
use super::session::Console;
use super::words;
use crate::auth::Origin;
use crate::dto::manifest::ManifestResponse;
use crate::dto::page::{PageQuery, encode_cursor};
use crate::dto::photos::{PhotoQuery, PhotoVariant};
use crate::dto::reports::ReportListQuery;
use crate::error::{ApiError, FieldIssue};
use crate::handlers::photos::download::image_response;
use crate::state::AppState;

/// Report pages are for those who read reports at a desk (reviewers, leaders); inspectors work
/// from their phones, and everyone else finds nothing, as for a report that does not exist.
pub(super) fn desk_scope(console: &Console) -> Result<ReportScope, ConsoleError> {
    let user = &console.session.user;
    match ReportScope::for_viewer(user.id, user.role) {
        ReportScope::Nothing | ReportScope::OwnOnly(_) => {
            Err(ConsoleError::Refused(ApiError::not_found(), console.lang))
        }
        scope => Ok(scope),
    }
}

/// The queue's filters as a form sends them: an empty field means "any".
#[derive(Deserialize, Default)]
pub struct QueueQuery {
    status: Option<String>,
    unit_type: Option<String>,
    district: Option<String>,
    flagged: Option<String>,
    cursor: Option<String>,
}

fn given(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

struct QueueRow {
    href: String,
    unit: String,
    unit_type: String,
    district: String,
    inspector: String,
    channel: &'static str,
    visited: String,
    status: &'static str,
    score: String,
    waiting: String,
    too_long: bool,
    flags: Vec<&'static str>,
}

#[derive(Template)]
#[template(path = "console/queue.html")]
struct QueuePage {
    chrome: Chrome,
    reviewer: bool,
    statuses: Vec<(&'static str, &'static str, bool)>,
    unit_type: String,
    district: String,
    flagged: String,
    rows: Vec<QueueRow>,
    next: Option<String>,
}

pub async fn queue(
    state: web::Data<AppState>,
    console: Console,
    query: web::Query<QueueQuery>,
) -> Result<HttpResponse, ConsoleError> {
    let lang = console.lang;
    let refused = ConsoleError::in_language(lang);
    let user = &console.session.user;
    let reviewer = desk_scope(&console)? == ReportScope::AllSubmitted;
    // Reviewers land on what waits for them; "all" lifts the filter.
    let status = match given(&query.status).as_deref() {
        Some("all") => None,
        Some(s) => Some(s.to_owned()),
        None if reviewer => Some("submitted".to_owned()),
        None => None,
    };
    let flagged = match given(&query.flagged).as_deref() {
        Some("yes") => Some(true),
        Some("no") => Some(false),
        _ => None,
    };
    let filter = ReportListQuery {
        status: status.clone(),
        unit_type: given(&query.unit_type),
        district: given(&query.district),
        unit_id: None,
        flagged,
        visited_from: None,
        visited_until: None,
        campaign_id: None,
    };
    let (filter, visited) = filter.parse().map_err(|e| ConsoleError::Refused(e, lang))?;
    let page = PageQuery {
        limit: Some(50),
        cursor: given(&query.cursor),
    }
    .parse()
    .map_err(|e| ConsoleError::Refused(e, lang))?;
    let listed = usecases::reports::list(&state.usecases, user, filter, visited, page)
        .await
        .map_err(refused)?;
    let details = ReportFields::for_role(user.role).review_details;
    let rows = listed
        .items
        .into_iter()
        .map(|line| {
            let s = line.summary;
            let waiting = line.waiting.filter(|_| details);
            QueueRow {
                href: format!("/console/reports/{}", s.id),
                unit: line.place.unit_name,
                unit_type: line.place.unit_type_name,
                district: line.place.district_name,
                inspector: line.inspector_name,
                channel: s.channel.parse().map_or("", |c| words::channel(lang, c)),
                visited: page::local(&state, s.visit_started_at),
                status: words::status(lang, s.status),
                score: format!("{:.1}", s.score.value()),
                waiting: waiting.as_ref().map_or(String::new(), |w| {
                    format!("{} {}", w.hours, super::lang::t(lang, "小时", "h"))
                }),
                too_long: waiting.is_some_and(|w| w.too_long),
                flags: if details {
                    s.flags.iter().map(|f| words::flag(lang, *f)).collect()
                } else {
                    Vec::new()
                },
            }
        })
        .collect();
    let chosen = status.unwrap_or_else(|| "all".into());
    let statuses = [
        ("submitted", words::status(lang, ReportStatus::Submitted)),
        ("in_review", words::status(lang, ReportStatus::InReview)),
        ("approved", words::status(lang, ReportStatus::Approved)),
        ("returned", words::status(lang, ReportStatus::Returned)),
        ("rejected", words::status(lang, ReportStatus::Rejected)),
        ("all", super::lang::t(lang, "全部", "all")),
    ]
    .into_iter()
    .map(|(value, label)| (value, label, value == chosen))
    .collect();
    page::ok(
        QueuePage {
            chrome: Chrome::new(&console, "/console/reports"),
            reviewer,
            statuses,
            unit_type: given(&query.unit_type).unwrap_or_default(),
            district: given(&query.district).unwrap_or_default(),
            flagged: given(&query.flagged).unwrap_or_default(),
            rows,
            next: listed.next.as_ref().map(encode_cursor),
        }
        .render(),
    )
}

struct RatingRow {
    code: String,
    title: String,
    outcome: &'static str,
    problem: bool,
    value: String,
    note: String,
    photos: Vec<String>,
}

struct PhotoView {
    anchor: String,
    display: String,
    original: Option<String>,
    caption: String,
    flags: Vec<&'static str>,
}

struct EventRow {
    at: String,
    action: String,
    comment: String,
}

#[derive(Template)]
#[template(path = "console/report.html")]
struct ReportPage {
    chrome: Chrome,
    id: String,
    /// "received 3 / 3": of the evidence files the phone declared.
    arrived: Option<String>,
    unit: String,
    unit_type: String,
    district: String,
    inspector: String,
    channel: &'static str,
    scenario: String,
    visit: String,
    status: &'static str,
    score: String,
    grade: &'static str,
    narrative: String,
    flags: Vec<&'static str>,
    ratings: Vec<RatingRow>,
    photos: Vec<PhotoView>,
    recordings: Vec<super::recordings::RecordingView>,
    history: Vec<EventRow>,
    review_comment: String,
    can_claim: bool,
    can_decide: bool,
    held_by: Option<String>,
}

pub async fn show(
    state: web::Data<AppState>,
    console: Console,
    id: web::Path<ReportId>,
) -> Result<HttpResponse, ConsoleError> {
    let lang = console.lang;
    let refused = ConsoleError::in_language(lang);
    let reviewer = desk_scope(&console)? == ReportScope::AllSubmitted;
    let user = console.session.user.clone();
    let id = id.into_inner();
    let ctx = &state.usecases;
    let view = usecases::reports::get(ctx, user.clone(), id)
        .await
        .map_err(&refused)?;
    let history = usecases::reports::history(ctx, user.clone(), id)
        .await
        .map_err(&refused)?;
    let photos = usecases::photos::of_report(ctx, user.clone(), id)
        .await
        .map_err(&refused)?;
    let recordings = usecases::recordings::of_report(ctx, user.clone(), id)
        .await
        .map_err(&refused)?;
    let manifest = ManifestResponse::from(
        usecases::evidence_manifest::of_report(ctx, user.clone(), id)
            .await
            .map_err(&refused)?,
    );
    let arrived = (manifest.declared > 0).then(|| {
        format!(
            "{} {} / {}{}",
            super::lang::t(lang, "已收到", "received"),
            manifest.received,
            manifest.declared,
            match manifest.declared - manifest.received - manifest.expected {
                0 => String::new(),
                withdrawn => format!(
                    "（{} {withdrawn}）",
                    super::lang::t(lang, "撤回", "withdrawn")
                ),
            }
        )
    });
    let checklist = usecases::checklists::get(ctx, user.role, view.report.content.checklist_id)
        .await
        .ok();
    let fields = ReportFields::for_role(user.role);
    let report = &view.report;
    let ratings = report
        .ratings
        .iter()
        .map(|r| {
            let item = checklist.as_ref().and_then(|c| c.item(&r.item_code));
            RatingRow {
                code: r.item_code.as_str().to_owned(),
                title: item.map_or_else(String::new, |i| match lang {
                    crate::error::Language::Zh => i.title().as_str().to_owned(),
                    crate::error::Language::En => i.title_en().as_str().to_owned(),
                }),
                outcome: words::outcome(lang, r.outcome),
                problem: matches!(r.outcome, Outcome::Minor | Outcome::Major),
                value: r.value.map_or_else(String::new, |v| v.to_string()),
                note: r
                    .note
                    .as_ref()
                    .map_or_else(String::new, |n| n.as_str().to_owned())
                    + &r.citation
                        .map(|c| words::cited_segment(lang, &c.label()))
                        .unwrap_or_default(),
                photos: photos
                    .iter()
                    .filter(|(p, _)| p.item_code.as_ref() == Some(&r.item_code))
                    .map(|(p, _)| format!("#photo-{}", p.id))
                    .collect(),
            }
        })
        .collect();
    let photo_views = photos
        .iter()
        .map(|(p, flags)| PhotoView {
            anchor: format!("photo-{}", p.id),
            display: format!("/console/photos/{}?variant=display", p.id),
            original: fields
                .original_photos
                .then(|| format!("/console/photos/{}?variant=original", p.id)),
            caption: p
                .caption
                .as_ref()
                .map_or_else(String::new, |c| c.as_str().to_owned()),
            flags: if fields.review_details {
                flags.iter().map(|f| words::flag(lang, *f)).collect()
            } else {
                Vec::new()
            },
        })
        .collect();
    let recording_views = super::recordings::views(lang, &recordings, fields.original_photos);
    let history = history
        .into_iter()
        .map(|e| EventRow {
            at: page::local(&state, e.at),
            action: e.action,
            comment: e.comment.unwrap_or_default(),
        })
        .collect();
    let held_by_me = report.lease.is_some_and(|l| l.holder == user.id);
    let page = ReportPage {
        chrome: Chrome::new(&console, "/console/reports"),
        id: report.id.to_string(),
        arrived,
        unit: view.place.unit_name.clone(),
        unit_type: view.place.unit_type_name.clone(),
        district: view.place.district_name.clone(),
        inspector: view.inspector_name.clone(),
        channel: words::channel(lang, report.content.channel),
        scenario: report.content.scenario.as_str().to_owned(),
        visit: format!(
            "{} – {}",
            page::local(&state, report.content.visit.started()),
            page::local(&state, report.content.visit.ended())
        ),
        status: words::status(lang, report.status),
        score: format!("{:.1}", report.scorecard.score.value()),
        grade: words::grade(lang, report.scorecard.grade),
        narrative: report
            .content
            .narrative
            .as_ref()
            .map_or_else(String::new, |n| n.as_str().to_owned()),
        flags: if fields.review_details {
            report.flags.iter().map(|f| words::flag(lang, *f)).collect()
        } else {
            Vec::new()
        },
        ratings,
        photos: photo_views,
        recordings: recording_views,
        history,
        review_comment: report
            .review_comment
            .as_ref()
            .map_or_else(String::new, |c| c.as_str().to_owned()),
        can_claim: reviewer && report.status == ReportStatus::Submitted,
        can_decide: reviewer && report.status == ReportStatus::InReview && held_by_me,
        held_by: (reviewer && report.status == ReportStatus::InReview && !held_by_me)
            .then(|| view.reviewer_name.clone().unwrap_or_default()),
    };
    page::ok(page.render())
}

#[derive(Deserialize)]
pub struct ClaimForm {
    form_token: String,
}

pub async fn claim(
    state: web::Data<AppState>,
    console: Console,
    origin: Origin,
    id: web::Path<ReportId>,
    form: web::Form<ClaimForm>,
) -> Result<HttpResponse, ConsoleError> {
    console.check_form(&form.form_token)?;
    desk_scope(&console)?;
    let id = id.into_inner();
    let ctx = state.usecases.clone();
    let user = console.session.user.clone();
    state
        .usecases
        .db
        .write(move |conn| usecases::reports::claim(conn, &ctx, &user, id, &origin.0))
        .await
        .map_err(ConsoleError::in_language(console.lang))?;
    Ok(page::see_other(format!("/console/reports/{id}")))
}

#[derive(Deserialize)]
pub struct ReviewForm {
    form_token: String,
    decision: String,
    #[serde(default)]
    comment: String,
}

pub async fn review(
    state: web::Data<AppState>,
    console: Console,
    origin: Origin,
    id: web::Path<ReportId>,
    form: web::Form<ReviewForm>,
) -> Result<HttpResponse, ConsoleError> {
    console.check_form(&form.form_token)?;
    desk_scope(&console)?;
    let lang = console.lang;
    let decision = match form.decision.as_str() {
        "approve" => Decision::Approve,
        "return" => Decision::Return,
        "reject" => Decision::Reject,
        _ => {
            return Err(ConsoleError::Refused(
                ApiError::field("decision", FieldIssue::Required),
                lang,
            ));
        }
    };
    let comment = Some(form.comment.trim())
        .filter(|c| !c.is_empty())
        .map(ReviewComment::parse)
        .transpose()
        .map_err(|e| {
            ConsoleError::Refused(ApiError::field("comment", FieldIssue::from(e)), lang)
        })?;
    let id = id.into_inner();
    let ctx = state.usecases.clone();
    let user = console.session.user.clone();
    state
        .usecases
        .db
        .write(move |conn| {
            usecases::reports::review(conn, &ctx, &user, id, decision, comment, &origin.0)
        })
        .await
        .map_err(ConsoleError::in_language(lang))?;
    Ok(page::see_other(format!("/console/reports/{id}")))
}

/// A photo of a report the viewer may see: the display size inline; the original (reviewers)
/// as a download, audited.
pub async fn photo(
    req: HttpRequest,
    state: web::Data<AppState>,
    console: Console,
    origin: Origin,
    id: web::Path<PhotoId>,
    query: web::Query<PhotoQuery>,
) -> Result<HttpResponse, ConsoleError> {
    desk_scope(&console)?;
    let variant: PhotoVariant = query.variant.unwrap_or_default();
    let (photo, bytes) = usecases::photos::download(
        &state.usecases,
        console.session.user,
        id.into_inner(),
        variant.as_str(),
        origin.0,
    )
    .await
    .map_err(ConsoleError::in_language(console.lang))?;
    Ok(image_response(
        &req,
        photo.id,
        &photo.format,
        variant,
        bytes,
    ))
}

/// `GET /console/reports/{id}/evidence.zip`: the report's photos in one file, as through the
/// API (originals for reviewers, each audited).
pub async fn evidence(
    state: web::Data<AppState>,
    console: Console,
    origin: Origin,
    id: web::Path<ReportId>,
) -> Result<HttpResponse, ConsoleError> {
    desk_scope(&console)?;
    let id = id.into_inner();
    let chunks =
        usecases::evidence_bundles::of_report(&state.usecases, console.session.user, id, origin.0)
            .await
            .map_err(ConsoleError::in_language(console.lang))?;
    Ok(crate::handlers::zip_download(
        &format!("report-{id}-evidence.zip"),
        chunks,
    ))
}
