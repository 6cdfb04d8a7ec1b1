//! Findings in the console: the ledger (every finding for the bureau; a unit manager the
//! published findings of their own unit) and a finding's page with the inspector's evidence
//! beside the unit's rectification, and the steps of its life: the unit rectifies (text and
//! photos) or appeals; a supervisor publishes, verifies or sends back, decides an appeal.
//! What each role sees of a finding is the API's rendering (`FindingsFor`).

use actix_multipart::Multipart;
use actix_web::{HttpRequest, HttpResponse, web};
use anfang_domain::finding::FindingScope;
use anfang_domain::ids::{FindingId, PhotoId};
use anfang_domain::report::ReportFields;
use anfang_usecases as usecases;
use anfang_usecases::findings::Step;
use anfang_usecases::rectification_photos::RectificationUpload;
use askama::Template;
use serde::Deserialize;

use super::error::ConsoleError;
use super::follow_ups::{self, FollowUps};
use super::lang::t;
use super::page::{self, Chrome};
use super::session::Console;
use super::words;
use crate::auth::Origin;
use crate::dto::findings::{
    AppealDecisionDto, AppealDecisionRequest, AppealRequest, FindingResponse, FindingsFor,
    RectificationRequest, VerdictDto, VerifyRequest,
};
use crate::dto::ledger::LedgerQueryDto;
use crate::dto::page::{PageQuery, encode_cursor};
use crate::dto::photos::{EvidenceQuery, PhotoQuery};
use crate::error::{ApiError, Language};
use crate::handlers::photos::download::image_response;
use crate::handlers::photos::form::{self, Extra};
use crate::state::AppState;

fn item_title(f: &FindingResponse, lang: Language) -> String {
    match lang {
        Language::Zh => f.item.title.clone(),
        Language::En => f.item.title_en.clone(),
    }
}

fn unit_type_name(f: &FindingResponse, lang: Language) -> String {
    match lang {
        Language::Zh => f.unit.unit_type_name.clone(),
        Language::En => f.unit.unit_type_name_en.clone(),
    }
}

/// Findings pages are for whoever may see findings at all; others find nothing.
fn scope_of(console: &Console) -> Result<FindingScope, ConsoleError> {
    let user = &console.session.user;
    match FindingScope::for_viewer(user.role, user.unit_id) {
        FindingScope::Nothing => Err(ConsoleError::Refused(ApiError::not_found(), console.lang)),
        scope => Ok(scope),
    }
}

#[derive(Deserialize, Default)]
pub struct LedgerForm {
    status: Option<String>,
    /// Whose move it is (the bureau's own work lists): verification, appeal_decision, unit.
    waiting_for: Option<String>,
    cursor: Option<String>,
}

struct LedgerRow {
    href: String,
    unit: String,
    item: String,
    severity: &'static str,
    status: &'static str,
    deadline: String,
    visited: String,
    late: bool,
}

#[derive(Template)]
#[template(path = "console/findings.html")]
struct LedgerPage {
    chrome: Chrome,
    bureau: bool,
    queues: Vec<(&'static str, &'static str, bool)>,
    waiting: String,
    statuses: Vec<(&'static str, &'static str, bool)>,
    rows: Vec<LedgerRow>,
    total: u64,
    next: Option<String>,
    chosen: String,
}

pub async fn ledger(
    state: web::Data<AppState>,
    console: Console,
    query: web::Query<LedgerForm>,
) -> Result<HttpResponse, ConsoleError> {
    scope_of(&console)?;
    let lang = console.lang;
    let user = console.session.user.clone();
    let chosen = query
        .status
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty() && *s != "all")
        .map(str::to_owned);
    let bureau = matches!(scope_of(&console)?, FindingScope::All);
    let waiting_for = query
        .waiting_for
        .as_deref()
        .map(str::trim)
        .filter(|s| bureau && !s.is_empty())
        .map(str::to_owned);
    let dto = LedgerQueryDto {
        status: chosen.clone(),
        waiting_for: waiting_for.clone(),
        ..LedgerQueryDto::default()
    };
    let (filter, sort) = dto.parse().map_err(|e| ConsoleError::Refused(e, lang))?;
    let page = PageQuery {
        limit: Some(50),
        cursor: query.cursor.clone().filter(|c| !c.is_empty()),
    }
    .parse()
    .map_err(|e| ConsoleError::Refused(e, lang))?;
    let ledger = usecases::findings::list(&state.usecases, &user, filter, sort, page)
        .await
        .map_err(ConsoleError::in_language(lang))?;
    let render = FindingsFor::viewer(user.role, state.usecases.timezone);
    let now = state.usecases.clock.now();
    let rows = ledger
        .items
        .into_iter()
        .map(|v| {
            let f = render.render(v);
            LedgerRow {
                href: format!("/console/findings/{}", f.id),
                unit: f.unit.name.clone(),
                item: item_title(&f, lang),
                severity: words::severity(lang, &f.severity),
                status: words::finding_status(lang, &f.status),
                deadline: page::day(&state, f.deadline),
                visited: f.visit_date.to_string(),
                late: f.deadline < now
                    && matches!(f.status.as_str(), "open" | "rectifying" | "overdue"),
            }
        })
        .collect();
    let chosen = chosen.unwrap_or_else(|| "all".into());
    let statuses = [
        "open",
        "rectifying",
        "rectified",
        "verified",
        "overdue",
        "overturned",
        "all",
    ]
    .into_iter()
    .map(|s| {
        let label = if s == "all" {
            t(lang, "全部", "all")
        } else {
            words::finding_status(lang, s)
        };
        (s, label, s == chosen)
    })
    .collect();
    let waiting = waiting_for.unwrap_or_default();
    let queues = [
        ("", t(lang, "不限", "anyone")),
        (
            "verification",
            t(lang, "待核验整改", "rectifications to verify"),
        ),
        (
            "appeal_decision",
            t(lang, "待决定申诉", "appeals to decide"),
        ),
        ("unit", t(lang, "待单位整改", "waiting for the unit")),
    ]
    .into_iter()
    .map(|(value, label)| (value, label, value == waiting))
    .collect();
    page::ok(
        LedgerPage {
            chrome: Chrome::new(&console, "/console/findings"),
            bureau,
            queues,
            waiting,
            statuses,
            rows,
            total: ledger.total,
            next: ledger.next.as_ref().map(encode_cursor),
            chosen,
        }
        .render(),
    )
}

struct Picture {
    src: String,
    alt: String,
}

#[derive(Template)]
#[template(path = "console/finding.html")]
struct FindingPage {
    chrome: Chrome,
    id: String,
    unit: String,
    unit_type: String,
    district: String,
    item: String,
    severity: &'static str,
    critical: bool,
    repeat: bool,
    status: &'static str,
    deadline: String,
    visited: String,
    note: String,
    evidence: Vec<Picture>,
    rectification: String,
    rectification_photos: Vec<Picture>,
    recordings: Vec<super::recordings::RecordingView>,
    verdict_comment: String,
    appeal_reason: String,
    appeal_decision: &'static str,
    steps: usecases::findings::OpenSteps,
    follow_ups: Option<FollowUps>,
}

pub async fn show(
    state: web::Data<AppState>,
    console: Console,
    id: web::Path<FindingId>,
) -> Result<HttpResponse, ConsoleError> {
    scope_of(&console)?;
    let lang = console.lang;
    let refused = ConsoleError::in_language(lang);
    let user = console.session.user.clone();
    let id = id.into_inner();
    let view = usecases::findings::get(&state.usecases, user.clone(), id)
        .await
        .map_err(&refused)?;
    let photos = usecases::rectification_photos::list(&state.usecases, user.clone(), id)
        .await
        .map_err(&refused)?;
    let recordings = usecases::recordings::of_finding(&state.usecases, user.clone(), id)
        .await
        .map_err(&refused)?;
    let open = usecases::findings::open_steps(user.role, &view.finding);
    let follow_ups = if open.follow_up {
        Some(follow_ups::section(&state, &user, lang, id).await?)
    } else {
        None
    };
    let f = FindingsFor::viewer(user.role, state.usecases.timezone).render(view);
    let status = f.status.as_str();
    let page = FindingPage {
        chrome: Chrome::new(&console, "/console/findings"),
        id: f.id.to_string(),
        unit: f.unit.name.clone(),
        unit_type: unit_type_name(&f, lang),
        district: f.unit.district_name.clone(),
        item: item_title(&f, lang),
        severity: words::severity(lang, &f.severity),
        critical: f.critical,
        repeat: f.repeat,
        status: words::finding_status(lang, status),
        deadline: page::day(&state, f.deadline),
        visited: f.visit_date.to_string(),
        note: f.note.clone().unwrap_or_default()
            + &f.citation
                .as_ref()
                .map(|c| words::cited_segment(lang, &c.label))
                .unwrap_or_default(),
        evidence: f
            .evidence
            .iter()
            .map(|e| Picture {
                src: format!(
                    "/console/findings/{}/evidence/{}?variant=display",
                    f.id, e.photo_id
                ),
                alt: t(lang, "暗访证据照片", "Inspection evidence").to_owned(),
            })
            .collect(),
        rectification: f.rectification.clone().unwrap_or_default(),
        rectification_photos: photos
            .iter()
            .map(|p| Picture {
                src: format!("/console/findings/{}/photos/{}?variant=display", f.id, p.id),
                alt: p.caption.as_ref().map_or_else(
                    || t(lang, "整改照片", "Rectification photo").to_owned(),
                    |c| c.as_str().to_owned(),
                ),
            })
            .collect(),
        recordings: super::recordings::views(
            lang,
            &recordings,
            ReportFields::for_role(user.role).original_photos,
        ),
        verdict_comment: f.verdict_comment.clone().unwrap_or_default(),
        appeal_reason: f
            .appeal
            .as_ref()
            .and_then(|a| a.reason.clone())
            .unwrap_or_default(),
        appeal_decision: f
            .appeal
            .as_ref()
            .and_then(|a| a.decision.as_deref())
            .map_or("", |d| words::appeal_decision(lang, d)),
        steps: open,
        follow_ups,
    };
    page::ok(page.render())
}

fn back(id: FindingId) -> HttpResponse {
    page::see_other(format!("/console/findings/{id}"))
}

async fn apply(
    state: &AppState,
    console: Console,
    origin: Origin,
    id: FindingId,
    step: Result<Step, ApiError>,
) -> Result<HttpResponse, ConsoleError> {
    let lang = console.lang;
    let step = step.map_err(|e| ConsoleError::Refused(e, lang))?;
    usecases::findings::apply(&state.usecases, console.session.user, id, step, origin.0)
        .await
        .map_err(ConsoleError::in_language(lang))?;
    Ok(back(id))
}

fn comment(raw: &str) -> Option<String> {
    Some(raw.trim().to_owned()).filter(|c| !c.is_empty())
}

#[derive(Deserialize)]
pub struct TokenOnly {
    form_token: String,
}

pub async fn publish(
    state: web::Data<AppState>,
    console: Console,
    origin: Origin,
    id: web::Path<FindingId>,
    form: web::Form<TokenOnly>,
) -> Result<HttpResponse, ConsoleError> {
    console.check_form(&form.form_token)?;
    scope_of(&console)?;
    apply(&state, console, origin, id.into_inner(), Ok(Step::Publish)).await
}

#[derive(Deserialize)]
pub struct TextForm {
    form_token: String,
    #[serde(default)]
    text: String,
}

pub async fn rectification(
    state: web::Data<AppState>,
    console: Console,
    origin: Origin,
    id: web::Path<FindingId>,
    form: web::Form<TextForm>,
) -> Result<HttpResponse, ConsoleError> {
    console.check_form(&form.form_token)?;
    scope_of(&console)?;
    let step = RectificationRequest {
        text: form.text.clone(),
    }
    .step();
    apply(&state, console, origin, id.into_inner(), step).await
}

pub async fn appeal(
    state: web::Data<AppState>,
    console: Console,
    origin: Origin,
    id: web::Path<FindingId>,
    form: web::Form<TextForm>,
) -> Result<HttpResponse, ConsoleError> {
    console.check_form(&form.form_token)?;
    scope_of(&console)?;
    let step = AppealRequest {
        reason: form.text.clone(),
    }
    .step();
    apply(&state, console, origin, id.into_inner(), step).await
}

#[derive(Deserialize)]
pub struct VerifyForm {
    form_token: String,
    decision: VerdictDto,
    #[serde(default)]
    comment: String,
}

pub async fn verify(
    state: web::Data<AppState>,
    console: Console,
    origin: Origin,
    id: web::Path<FindingId>,
    form: web::Form<VerifyForm>,
) -> Result<HttpResponse, ConsoleError> {
    console.check_form(&form.form_token)?;
    scope_of(&console)?;
    let step = VerifyRequest {
        decision: form.decision,
        comment: comment(&form.comment),
    }
    .step();
    apply(&state, console, origin, id.into_inner(), step).await
}

#[derive(Deserialize)]
pub struct AppealDecisionForm {
    form_token: String,
    decision: AppealDecisionDto,
    #[serde(default)]
    comment: String,
}

pub async fn appeal_decision(
    state: web::Data<AppState>,
    console: Console,
    origin: Origin,
    id: web::Path<FindingId>,
    form: web::Form<AppealDecisionForm>,
) -> Result<HttpResponse, ConsoleError> {
    console.check_form(&form.form_token)?;
    scope_of(&console)?;
    let step = AppealDecisionRequest {
        decision: form.decision,
        comment: comment(&form.comment),
    }
    .step();
    apply(&state, console, origin, id.into_inner(), step).await
}

/// A rectification photo from the unit's manager: who may upload is settled before the body
/// is read; the form token is checked before anything is stored.
pub async fn upload_photo(
    state: web::Data<AppState>,
    console: Console,
    origin: Origin,
    id: web::Path<FindingId>,
    request: HttpRequest,
    body: Multipart,
) -> Result<HttpResponse, ConsoleError> {
    let lang = console.lang;
    let refused = ConsoleError::in_language(lang);
    scope_of(&console)?;
    let finding_id = id.into_inner();
    usecases::rectification_photos::check_upload(
        &state.usecases,
        &console.session.user,
        finding_id,
    )
    .await
    .map_err(&refused)?;
    let sent = form::read(
        body,
        crate::handlers::declared_length(&request),
        state.usecases.images.limits.max_bytes,
        Extra {
            item_code: false,
            form_token: true,
        },
    )
    .await
    .map_err(|e| ConsoleError::Refused(e, lang))?;
    console.check_form(sent.form_token.as_deref().unwrap_or_default())?;
    let upload = RectificationUpload {
        finding_id,
        photo_id: None,
        caption: sent.caption,
        declared_type: sent.declared,
        bytes: sent.file,
    };
    usecases::rectification_photos::upload(&state.usecases, console.session.user, upload, origin.0)
        .await
        .map_err(refused)?;
    Ok(back(finding_id))
}

pub async fn evidence(
    req: HttpRequest,
    state: web::Data<AppState>,
    console: Console,
    path: web::Path<(FindingId, PhotoId)>,
    query: web::Query<EvidenceQuery>,
) -> Result<HttpResponse, ConsoleError> {
    let (finding, photo) = path.into_inner();
    let (size, variant) = query.size();
    let (photo, bytes) = usecases::finding_views::evidence(
        &state.usecases,
        console.session.user,
        finding,
        photo,
        size,
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

pub async fn rectification_photo(
    req: HttpRequest,
    state: web::Data<AppState>,
    console: Console,
    origin: Origin,
    path: web::Path<(FindingId, PhotoId)>,
    query: web::Query<PhotoQuery>,
) -> Result<HttpResponse, ConsoleError> {
    let (finding, photo) = path.into_inner();
    let variant = query.variant.unwrap_or_default();
    let (photo, bytes) = usecases::rectification_photos::download(
        &state.usecases,
        console.session.user,
        finding,
        photo,
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
