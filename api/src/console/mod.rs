//! The browser console (SPEC §3.9): server-rendered pages (askama templates, no script at all)
//! over the same use cases as the JSON API, for everyone who works at a desk. Signed in by a
//! session cookie issued through the same login; every form carries the session's form token;
//! every answer forbids scripts, framing and anything from elsewhere.

mod campaigns;
mod dashboard;
mod error;
mod findings;
mod home;
mod lang;
mod notices;
mod page;
mod reports;
mod session;
mod sign_in;
mod words;

use actix_web::http::header;
use actix_web::middleware::DefaultHeaders;
use actix_web::{HttpResponse, web};

/// The style sheet, compiled in: nothing to build or fetch at run time.
const STYLE: &str = include_str!("../../assets/console.css");

async fn style() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(STYLE)
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::redirect("/", "/console").see_other())
        .service(
            web::scope("/console")
                .wrap(
                    DefaultHeaders::new()
                        .add((
                            header::CONTENT_SECURITY_POLICY,
                            page::CONTENT_SECURITY_POLICY,
                        ))
                        .add((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
                        .add((header::REFERRER_POLICY, "same-origin"))
                        .add((header::X_FRAME_OPTIONS, "DENY")),
                )
                .route("", web::get().to(home::home))
                .route("/console.css", web::get().to(style))
                .route("/login", web::get().to(sign_in::show))
                .route("/login", web::post().to(sign_in::sign_in))
                .route("/logout", web::post().to(sign_in::sign_out))
                .route("/lang/{to}", web::get().to(sign_in::switch_language))
                .route("/reports", web::get().to(reports::queue))
                .route("/reports/{id}", web::get().to(reports::show))
                .route("/reports/{id}/claim", web::post().to(reports::claim))
                .route("/reports/{id}/review", web::post().to(reports::review))
                .route("/photos/{id}", web::get().to(reports::photo))
                .route("/findings", web::get().to(findings::ledger))
                .route("/findings/{id}", web::get().to(findings::show))
                .route("/findings/{id}/publish", web::post().to(findings::publish))
                .route(
                    "/findings/{id}/rectification",
                    web::post().to(findings::rectification),
                )
                .route("/findings/{id}/appeal", web::post().to(findings::appeal))
                .route("/findings/{id}/verify", web::post().to(findings::verify))
                .route(
                    "/findings/{id}/appeal-decision",
                    web::post().to(findings::appeal_decision),
                )
                .route(
                    "/findings/{id}/photos",
                    web::post().to(findings::upload_photo),
                )
                .route(
                    "/findings/{id}/photos/{photo}",
                    web::get().to(findings::rectification_photo),
                )
                .route(
                    "/findings/{id}/evidence/{photo}",
                    web::get().to(findings::evidence),
                )
                .route("/dashboard", web::get().to(dashboard::dashboard))
                .route("/campaigns", web::get().to(campaigns::list))
                .route("/campaigns", web::post().to(campaigns::create))
                .route("/campaigns/{id}", web::get().to(campaigns::show))
                .route("/campaigns/{id}/draw", web::post().to(campaigns::draw))
                .route("/campaigns/{id}/{step}", web::post().to(campaigns::step))
                .route("/notices", web::get().to(notices::list))
                .route("/notices", web::post().to(notices::draft))
                .route("/notices/{id}", web::get().to(notices::show))
                .route("/notices/{id}/export", web::get().to(notices::export))
                .route("/notices/{id}/orders/{unit}", web::get().to(notices::order))
                .route("/notices/{id}/{step}", web::post().to(notices::step)),
        );
}
