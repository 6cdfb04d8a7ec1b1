//! Notices in the console: the list each role may read; a notice's page with its figures,
//! every format to download (the printable page previewed in the browser), the signing
//! workflow (a supervisor submits and publishes, a leader signs or returns) and, once
//! published, the rectification orders the viewer may read.

use actix_web::http::header;
use actix_web::{HttpResponse, web};
use anfang_domain::auth::Permission;
use anfang_domain::ids::{NoticeId, UnitId};
use anfang_domain::notice::{Notice, NoticePeriod, NoticeScope, NoticeStatus};
use anfang_infra::db::page::PageRequest;
use anfang_usecases as usecases;
use anfang_usecases::notices::Step;
use askama::Template;
use serde::Deserialize;

use super::error::ConsoleError;
use super::lang::t;
use super::page::{self, Chrome};
use super::session::Console;
use crate::auth::Origin;
use crate::dto::notices::{CreateNoticeRequest, ExportQuery, OrderQuery};
use crate::error::{ApiError, Language};
use crate::state::AppState;

fn scope_of(console: &Console) -> Result<NoticeScope, ConsoleError> {
    match NoticeScope::for_role(console.session.user.role) {
        NoticeScope::Nothing => Err(ConsoleError::Refused(ApiError::not_found(), console.lang)),
        scope => Ok(scope),
    }
}

pub fn status_word(lang: Language, s: NoticeStatus) -> &'static str {
    match s {
        NoticeStatus::Draft => t(lang, "草稿", "draft"),
        NoticeStatus::Submitted => t(lang, "送签中", "awaiting signature"),
        NoticeStatus::Signed => t(lang, "已签发", "signed"),
        NoticeStatus::Published => t(lang, "已发布", "published"),
    }
}

fn number_of(n: &Notice) -> String {
    n.issue
        .as_ref()
        .map_or_else(String::new, |i| i.number.to_string())
}

struct NoticeRow {
    href: String,
    period: String,
    status: &'static str,
    number: String,
}

#[derive(Template)]
#[template(path = "console/notices.html")]
struct ListPage {
    chrome: Chrome,
    rows: Vec<NoticeRow>,
    can_draft: bool,
}

pub async fn list(
    state: web::Data<AppState>,
    console: Console,
) -> Result<HttpResponse, ConsoleError> {
    scope_of(&console)?;
    let lang = console.lang;
    let user = console.session.user.clone();
    let page = usecases::notices::list(
        &state.usecases,
        &user,
        PageRequest {
            after: None,
            limit: 100,
        },
    )
    .await
    .map_err(ConsoleError::in_language(lang))?;
    let mut rows: Vec<NoticeRow> = page
        .items
        .iter()
        .map(|n| NoticeRow {
            href: format!("/console/notices/{}", n.id),
            period: n.period.to_string(),
            status: status_word(lang, n.status),
            number: number_of(n),
        })
        .collect();
    // The latest month first.
    rows.reverse();
    page::ok(
        ListPage {
            chrome: Chrome::new(&console, "/console/notices"),
            rows,
            can_draft: Permission::ManageNotices.is_granted_to(user.role),
        }
        .render(),
    )
}

struct Download {
    href: String,
    label: &'static str,
}

struct OrderRow {
    unit: String,
    findings: u64,
    pdf: String,
    docx: String,
}

#[derive(Template)]
#[template(path = "console/notice.html")]
struct NoticePage {
    chrome: Chrome,
    id: String,
    period: String,
    status: &'static str,
    number: String,
    inspections: u64,
    units: u64,
    mean_score: String,
    findings: u64,
    talks: Vec<String>,
    downloads: Vec<Download>,
    orders: Vec<OrderRow>,
    can_submit: bool,
    can_sign: bool,
    can_return: bool,
    can_publish: bool,
    can_redraft: bool,
}

pub async fn show(
    state: web::Data<AppState>,
    console: Console,
    id: web::Path<NoticeId>,
) -> Result<HttpResponse, ConsoleError> {
    scope_of(&console)?;
    let lang = console.lang;
    let refused = ConsoleError::in_language(lang);
    let user = console.session.user.clone();
    let id = id.into_inner();
    let notice = usecases::notices::get(&state.usecases, user.clone(), id)
        .await
        .map_err(&refused)?;
    let orders = usecases::notices::orders(&state.usecases, user.clone(), id)
        .await
        .map_err(&refused)?;
    let manages = Permission::ManageNotices.is_granted_to(user.role);
    let signs = Permission::SignNotices.is_granted_to(user.role);
    let c = &notice.content;
    let downloads = [
        ("pdf", t(lang, "公文 PDF", "Official document (PDF)")),
        (
            "docx",
            t(
                lang,
                "公文 DOCX（可编辑）",
                "Official document (DOCX, editable)",
            ),
        ),
        ("html", t(lang, "打印版网页", "Printable page")),
        ("xlsx", t(lang, "Excel 工作簿", "Excel workbook")),
        ("csv", "CSV"),
        ("json", "JSON"),
    ]
    .into_iter()
    .map(|(format, label)| Download {
        href: format!("/console/notices/{id}/export?format={format}"),
        label,
    })
    .chain(std::iter::once(Download {
        href: format!("/console/notices/{id}/evidence.zip"),
        label: t(lang, "典型案例照片（ZIP）", "Typical cases' photos (ZIP)"),
    }))
    .collect();
    let page = NoticePage {
        chrome: Chrome::new(&console, "/console/notices"),
        id: id.to_string(),
        period: notice.period.to_string(),
        status: status_word(lang, notice.status),
        number: number_of(&notice),
        inspections: c.totals.inspections,
        units: c.totals.units_inspected,
        mean_score: c
            .totals
            .mean_score
            .map_or_else(|| "—".into(), |s| format!("{s:.2}")),
        findings: c.totals.findings,
        talks: c.talks.iter().map(|u| u.name.clone()).collect(),
        downloads,
        orders: orders
            .into_iter()
            .map(|o| OrderRow {
                pdf: format!("/console/notices/{id}/orders/{}?format=pdf", o.unit_id),
                docx: format!("/console/notices/{id}/orders/{}?format=docx", o.unit_id),
                unit: o.name,
                findings: o.findings,
            })
            .collect(),
        can_submit: manages && notice.status == NoticeStatus::Draft,
        can_sign: signs && notice.status == NoticeStatus::Submitted,
        can_return: (manages || signs) && notice.status == NoticeStatus::Submitted,
        can_publish: manages && notice.status == NoticeStatus::Signed,
        can_redraft: manages && notice.status == NoticeStatus::Draft,
    };
    page::ok(page.render())
}

#[derive(Deserialize)]
pub struct DraftForm {
    form_token: String,
    period: String,
}

pub async fn draft(
    state: web::Data<AppState>,
    console: Console,
    origin: Origin,
    form: web::Form<DraftForm>,
) -> Result<HttpResponse, ConsoleError> {
    console.check_form(&form.form_token)?;
    scope_of(&console)?;
    let lang = console.lang;
    let period: NoticePeriod = CreateNoticeRequest {
        period: form.period.trim().to_owned(),
    }
    .period()
    .map_err(|e| ConsoleError::Refused(e, lang))?;
    let (notice, _) =
        usecases::notices::generate(&state.usecases, &console.session.user, period, origin.0)
            .await
            .map_err(ConsoleError::in_language(lang))?;
    Ok(page::see_other(format!("/console/notices/{}", notice.id)))
}

#[derive(Deserialize)]
pub struct StepForm {
    form_token: String,
}

/// `POST /console/notices/{id}/{step}`: `submit`, `sign`, `return` (the signing workflow) or
/// `publish`; any other step is a page that does not exist.
pub async fn step(
    state: web::Data<AppState>,
    console: Console,
    origin: Origin,
    path: web::Path<(NoticeId, String)>,
    form: web::Form<StepForm>,
) -> Result<HttpResponse, ConsoleError> {
    console.check_form(&form.form_token)?;
    scope_of(&console)?;
    let lang = console.lang;
    let (id, step) = path.into_inner();
    let step = match step.as_str() {
        "submit" => Some(Step::Submit),
        "sign" => Some(Step::Sign),
        "return" => Some(Step::Return),
        "publish" => None,
        _ => return Err(ConsoleError::Refused(ApiError::not_found(), lang)),
    };
    let user = &console.session.user;
    let result = match step {
        Some(step) => usecases::notices::step(&state.usecases, user, id, step, origin.0).await,
        None => usecases::notices::publish(&state.usecases, user, id, origin.0).await,
    };
    result.map_err(ConsoleError::in_language(lang))?;
    Ok(page::see_other(format!("/console/notices/{id}")))
}

/// Every format, audited as the API's downloads are; the printable page opens in the browser
/// (its own styles and inline thumbnails, and still no script).
pub async fn export(
    state: web::Data<AppState>,
    console: Console,
    origin: Origin,
    id: web::Path<NoticeId>,
    query: web::Query<ExportQuery>,
) -> Result<HttpResponse, ConsoleError> {
    scope_of(&console)?;
    let format = query.format();
    let export = usecases::notices::export(
        &state.usecases,
        console.session.user,
        id.into_inner(),
        format,
        origin.0,
    )
    .await
    .map_err(ConsoleError::in_language(console.lang))?;
    let preview = export.format.extension() == "html";
    let mut response = HttpResponse::Ok();
    response
        .content_type(export.format.content_type())
        .insert_header((header::CACHE_CONTROL, "private, no-store"));
    if preview {
        response.insert_header((
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'",
        ));
    } else {
        response.insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{}\"", export.filename),
        ));
    }
    Ok(response.body(export.bytes))
}

pub async fn order(
    state: web::Data<AppState>,
    console: Console,
    origin: Origin,
    path: web::Path<(NoticeId, UnitId)>,
    query: web::Query<OrderQuery>,
) -> Result<HttpResponse, ConsoleError> {
    scope_of(&console)?;
    let (id, unit) = path.into_inner();
    let order = usecases::notices::order(
        &state.usecases,
        console.session.user,
        id,
        unit,
        query.format(),
        origin.0,
    )
    .await
    .map_err(ConsoleError::in_language(console.lang))?;
    Ok(HttpResponse::Ok()
        .content_type(order.format.content_type())
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{}\"", order.filename),
        ))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(order.bytes))
}

/// `GET /console/notices/{id}/evidence.zip`: the typical cases' photos, as through the API.
pub async fn evidence(
    state: web::Data<AppState>,
    console: Console,
    origin: Origin,
    id: web::Path<NoticeId>,
) -> Result<HttpResponse, ConsoleError> {
    let id = id.into_inner();
    let chunks =
        usecases::evidence_bundles::of_notice(&state.usecases, console.session.user, id, origin.0)
            .await
            .map_err(ConsoleError::in_language(console.lang))?;
    Ok(crate::handlers::zip_download(
        &format!("notice-{id}-evidence.zip"),
        chunks,
    ))
}
