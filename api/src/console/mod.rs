//! The browser console (SPEC §3.9): server-rendered pages (askama templates, no script at all)
//! over the same use cases as the JSON API, for everyone who works at a desk. Signed in by a
//! session cookie issued through the same login; every form carries the session's form token;
//! every answer forbids scripts, framing and anything from elsewhere.

mod admin;
mod campaigns;
mod checklists;
mod dashboard;
mod districts;
mod error;
mod findings;
mod follow_ups;
mod form;
mod home;
mod lang;
mod notices;
mod page;
mod recordings;
mod reports;
mod session;
mod settings;
mod sign_in;
mod units;
mod users;
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
                .route(
                    "/reports/{id}/evidence.zip",
                    web::get().to(reports::evidence),
                )
                .route("/reports/{id}/review", web::post().to(reports::review))
                .route("/photos/{id}", web::get().to(reports::photo))
                .route("/recordings/{id}", web::get().to(recordings::recording))
                .route("/recordings/{id}", web::head().to(recordings::recording))
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
                    "/findings/{id}/follow-up",
                    web::post().to(follow_ups::require),
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
                .route(
                    "/notices/{id}/evidence.zip",
                    web::get().to(notices::evidence),
                )
                .route("/notices/{id}/orders/{unit}", web::get().to(notices::order))
                .route("/notices/{id}/{step}", web::post().to(notices::step))
                .route("/admin", web::get().to(admin::hub))
                .route("/users", web::get().to(users::list))
                .route("/users", web::post().to(users::create))
                .route("/users/{id}", web::get().to(users::show))
                .route("/users/{id}", web::post().to(users::update))
                .route(
                    "/users/{id}/password",
                    web::post().to(users::reset_password),
                )
                .route("/units", web::get().to(units::list))
                .route("/units", web::post().to(units::create))
                .route("/units/{id}", web::get().to(units::show))
                .route("/units/{id}", web::post().to(units::update))
                .route("/districts", web::get().to(districts::list))
                .route("/districts", web::post().to(districts::create))
                .route("/districts/{code}", web::post().to(districts::rename))
                .route("/checklists", web::get().to(checklists::list))
                .route("/checklists", web::post().to(checklists::draft))
                .route("/checklists/{id}", web::get().to(checklists::show))
                .route(
                    "/checklists/{id}/publish",
                    web::post().to(checklists::publish),
                )
                .route(
                    "/checklists/{id}/items",
                    web::post().to(checklists::save_item),
                )
                .route(
                    "/checklists/{id}/items/{code}",
                    web::get().to(checklists::item),
                )
                .route(
                    "/checklists/{id}/items/{code}/remove",
                    web::post().to(checklists::remove_item),
                )
                .route("/settings", web::get().to(settings::show))
                .route("/settings", web::post().to(settings::update))
                .route("/settings/letterhead", web::post().to(settings::letterhead)),
        );
}
