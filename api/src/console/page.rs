//! What every console page shares: the frame (language, who is signed in, the menu for their
//! role, the form token) and how a page is answered.

use actix_web::HttpResponse;
use actix_web::http::{StatusCode, header};
use anfang_domain::auth::{Permission, Role};
use anfang_domain::finding::FindingScope;
use anfang_domain::notice::NoticeScope;
use anfang_domain::report::ReportScope;

use chrono::{DateTime, Utc};

use super::error::ConsoleError;
use super::lang::t;
use super::session::Console;
use crate::error::Language;
use crate::state::AppState;

/// A menu entry.
pub struct NavItem {
    pub href: &'static str,
    pub label: &'static str,
    pub current: bool,
}

/// The frame around every page of a signed-in user.
pub struct Chrome {
    pub lang: Language,
    pub user_name: String,
    pub role: &'static str,
    pub nav: Vec<NavItem>,
    pub form_token: String,
}

impl Chrome {
    /// `here` is the menu entry the page belongs to.
    pub fn new(console: &Console, here: &str) -> Self {
        let lang = console.lang;
        let user = &console.session.user;
        let mut nav = Vec::new();
        let mut dashboard = Permission::ReadStatistics
            .is_granted_to(user.role)
            .then(|| NavItem {
                href: "/console/dashboard",
                label: t(lang, "数据看板", "Dashboard"),
                current: here == "/console/dashboard",
            });
        // The leadership starts at the dashboard; the review office at its queue.
        if user.role == Role::Leader {
            nav.extend(dashboard.take());
        }
        // Inspectors work from their phones; the console shows them nothing of reports.
        let reports = match ReportScope::for_viewer(user.id, user.role) {
            ReportScope::AllSubmitted => Some(t(lang, "审核队列", "Review queue")),
            ReportScope::ApprovedOnly => Some(t(lang, "已通过的报告", "Approved reports")),
            ReportScope::OwnOnly(_) | ReportScope::Nothing => None,
        };
        if let Some(label) = reports {
            nav.push(NavItem {
                href: "/console/reports",
                label,
                current: here == "/console/reports",
            });
        }
        if FindingScope::for_viewer(user.role, user.unit_id) != FindingScope::Nothing {
            nav.push(NavItem {
                href: "/console/findings",
                label: if user.role == Role::UnitManager {
                    t(lang, "本单位问题", "Our findings")
                } else {
                    t(lang, "问题台账", "Findings")
                },
                current: here == "/console/findings",
            });
        }
        nav.extend(dashboard);
        if Permission::ManageCampaigns.is_granted_to(user.role) {
            nav.push(NavItem {
                href: "/console/campaigns",
                label: t(lang, "暗访批次", "Campaigns"),
                current: here == "/console/campaigns",
            });
        }
        if NoticeScope::for_role(user.role) != NoticeScope::Nothing {
            nav.push(NavItem {
                href: "/console/notices",
                label: t(lang, "月度通报", "Notices"),
                current: here == "/console/notices",
            });
        }
        if super::admin::administers(console) {
            nav.push(NavItem {
                href: "/console/admin",
                label: t(lang, "系统管理", "Administration"),
                current: here == "/console/admin",
            });
        }
        Chrome {
            lang,
            user_name: user.display_name.as_str().to_owned(),
            role: role_name(lang, user.role),
            nav,
            form_token: console.session.form_token.clone(),
        }
    }

    pub fn t(&self, zh: &'static str, en: &'static str) -> &'static str {
        t(self.lang, zh, en)
    }

    /// The other language, for the switch in the header.
    pub fn other_lang(&self) -> (&'static str, &'static str) {
        match self.lang {
            Language::Zh => ("en", "English"),
            Language::En => ("zh", "中文"),
        }
    }

    pub fn lang_tag(&self) -> &'static str {
        self.lang.tag()
    }
}

pub fn role_name(lang: Language, role: Role) -> &'static str {
    match role {
        Role::Admin => t(lang, "系统管理员", "Administrator"),
        Role::Supervisor => t(lang, "督查组", "Supervisor"),
        Role::Inspector => t(lang, "暗访员", "Inspector"),
        Role::UnitManager => t(lang, "窗口单位负责人", "Unit manager"),
        Role::Leader => t(lang, "局领导", "Leader"),
    }
}

/// A day as the bureau reads it, in its time zone.
pub fn day(state: &AppState, t: DateTime<Utc>) -> String {
    t.with_timezone(&state.usecases.timezone)
        .format("%Y-%m-%d")
        .to_string()
}

/// A moment as the bureau reads it, to the minute.
pub fn local(state: &AppState, t: DateTime<Utc>) -> String {
    t.with_timezone(&state.usecases.timezone)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// A rendered page; never stored by a browser or a proxy.
pub fn html(status: StatusCode, rendered: Result<String, askama::Error>) -> HttpResponse {
    match rendered {
        Ok(body) => HttpResponse::build(status)
            .content_type("text/html; charset=utf-8")
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .body(body),
        Err(e) => {
            tracing::error!(error = %e, "console template");
            HttpResponse::InternalServerError()
                .content_type("text/plain; charset=utf-8")
                .body("500")
        }
    }
}

pub fn ok(rendered: Result<String, askama::Error>) -> Result<HttpResponse, ConsoleError> {
    Ok(html(StatusCode::OK, rendered))
}

/// After a form: back to a page (303, so a reload does not send the form again).
pub fn see_other(location: String) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location))
        .finish()
}

/// The headers of every console answer: no script at all, nothing from elsewhere, no framing.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self'; \
     media-src 'self'; \
     form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
