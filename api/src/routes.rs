//! The one route table. Every path is a resource that answers 405 with `Allow` for methods it
//! does not serve; anything else is a 404 problem.

use actix_web::{HttpResponse, Resource, web};

use crate::error::{ApiError, ErrorCode, json_config};
use crate::handlers::{
    assignments, audit, auth, campaigns, checklists, districts, findings, inspectors, me, notices,
    ops, photos, recordings, reports, settings, stats, unit_types, units, uploads, users,
};
use crate::tus;

/// Bodies larger than this are refused with 413 (a checklist version gets more room).
const BODY_LIMIT: usize = 64 * 1024;
const CHECKLIST_BODY_LIMIT: usize = 512 * 1024;
/// A report with a hundred ratings, each with a long note in Chinese, and a long narrative.
const REPORT_BODY_LIMIT: usize = 1024 * 1024;

/// A path serving the methods in `allow` (also the `Allow` header of its 405 answer).
fn path(path: &str, allow: &'static str) -> Resource {
    web::resource(path).default_service(web::to(move || async move {
        Err::<HttpResponse, _>(ApiError::method_not_allowed(allow))
    }))
}

/// tus asks every answer about uploads, refusals included, to name the protocol's version;
/// `Tus-Version` beside it tells a client speaking another one what to speak.
fn tus_headers() -> actix_web::middleware::DefaultHeaders {
    actix_web::middleware::DefaultHeaders::new()
        .add((tus::TUS_RESUMABLE, tus::VERSION))
        .add((tus::TUS_VERSION, tus::VERSION))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.app_data(json_config(BODY_LIMIT))
        .service(path("/healthz", "GET").get(ops::healthz::healthz))
        .service(path("/readyz", "GET").get(ops::readyz::readyz))
        .service(path("/metrics", "GET").get(ops::metrics::metrics))
        .service(
            web::scope("/api/v1")
                .service(path("/openapi.yaml", "GET").get(ops::openapi::openapi))
                .service(path("/auth/login", "POST").post(auth::login::login))
                .service(path("/auth/refresh", "POST").post(auth::refresh::refresh))
                .service(path("/auth/logout", "POST").post(auth::logout::logout))
                .service(path("/me", "GET").get(me::show::show))
                .service(path("/me/password", "POST").post(me::change_password::change_password))
                .service(path("/me/sessions", "GET").get(me::sessions::list))
                .service(path("/me/sessions/{id}", "DELETE").delete(me::sessions::end))
                .service(
                    path("/users", "GET, POST")
                        .get(users::list::list)
                        .post(users::create::create),
                )
                .service(
                    path("/users/{id}", "GET, PATCH")
                        .get(users::show::show)
                        .patch(users::update::update),
                )
                .service(
                    path("/users/{id}/password", "POST")
                        .post(users::reset_password::reset_password),
                )
                .service(
                    path("/users/{id}/sessions", "DELETE")
                        .delete(users::end_sessions::end_sessions),
                )
                .service(
                    path("/districts", "GET, POST")
                        .get(districts::list::list)
                        .post(districts::create::create),
                )
                .service(path("/districts/{code}", "PATCH").patch(districts::update::update))
                .service(path("/unit-types", "GET").get(unit_types::list::list))
                .service(path("/unit-types/{code}", "PATCH").patch(unit_types::update::update))
                .service(
                    path("/units", "GET, POST")
                        .get(units::list::list)
                        .post(units::create::create),
                )
                .service(
                    path("/units/{id}", "GET, PATCH")
                        .get(units::show::show)
                        .patch(units::update::update),
                )
                .service(
                    path("/settings", "GET, PATCH")
                        .get(settings::show::show)
                        .patch(settings::update::update),
                )
                .service(
                    path("/settings/letterhead", "GET, PUT")
                        .get(settings::letterhead::show)
                        .put(settings::letterhead::replace),
                )
                .service(
                    path("/campaigns", "GET, POST")
                        .get(campaigns::list::list)
                        .post(campaigns::create::create),
                )
                .service(
                    path("/campaigns/{id}", "GET, PUT")
                        .get(campaigns::show::show)
                        .put(campaigns::update::update),
                )
                .service(
                    path("/campaigns/{id}/activate", "POST").post(campaigns::activate::activate),
                )
                .service(path("/campaigns/{id}/close", "POST").post(campaigns::close::close))
                .service(
                    path("/campaigns/{id}/draw", "GET, POST")
                        .get(campaigns::draw_record::draw_record)
                        .post(campaigns::draw::draw),
                )
                .service(path("/inspectors", "GET").get(inspectors::list::list))
                .service(path("/audit", "GET").get(audit::list::list))
                .service(path("/audit/export", "GET").get(audit::export::export))
                .service(path("/findings", "GET").get(findings::list::list))
                .service(path("/findings/export", "GET").get(findings::export::export))
                .service(path("/findings/summary", "GET").get(findings::summary::summary))
                .service(path("/findings/{id}", "GET").get(findings::show::show))
                .service(path("/findings/{id}/publish", "POST").post(findings::steps::publish))
                .service(
                    path("/findings/{id}/photos", "GET, POST")
                        .get(findings::photos::list)
                        .post(findings::photos::upload),
                )
                .service(
                    path("/findings/{id}/photos/{photo_id}", "GET, HEAD")
                        .get(findings::photos::download)
                        .route(web::head().to(findings::photos::download)),
                )
                .service(
                    path("/findings/{id}/recordings", "GET")
                        .get(recordings::of_finding::of_finding),
                )
                .service(
                    path("/findings/{id}/evidence/{photo_id}", "GET, HEAD")
                        .get(findings::evidence::evidence)
                        .route(web::head().to(findings::evidence::evidence)),
                )
                .service(
                    path("/findings/{id}/rectification", "POST")
                        .post(findings::steps::rectification),
                )
                .service(path("/findings/{id}/verify", "POST").post(findings::steps::verify))
                .service(path("/findings/{id}/follow-up", "POST").post(findings::steps::follow_up))
                .service(path("/findings/{id}/appeal", "POST").post(findings::steps::appeal))
                .service(
                    path("/findings/{id}/appeal-decision", "POST")
                        .post(findings::steps::appeal_decision),
                )
                .service(
                    path("/reports/{id}/findings/publish", "POST")
                        .post(reports::publish_findings::publish_of_report),
                )
                .service(
                    path("/notices", "GET, POST")
                        .get(notices::list::list)
                        .post(notices::create::create),
                )
                .service(path("/notices/{id}", "GET").get(notices::show::show))
                .service(path("/notices/{id}/submit", "POST").post(notices::signing::submit))
                .service(
                    path("/notices/{id}/return", "POST").post(notices::signing::return_to_draft),
                )
                .service(path("/notices/{id}/sign", "POST").post(notices::signing::sign))
                .service(path("/notices/{id}/publish", "POST").post(notices::publish::publish))
                .service(path("/notices/{id}/export", "GET").get(notices::export::export))
                .service(path("/notices/{id}/orders", "GET").get(notices::orders::list))
                .service(path("/notices/{id}/evidence.zip", "GET").get(notices::evidence::evidence))
                .service(
                    path("/notices/{id}/orders/{unit_id}", "GET").get(notices::orders::download),
                )
                .service(path("/stats", "GET").get(stats::show::show))
                .service(path("/assignments", "GET").get(assignments::list::list))
                .service(path("/assignments/{id}", "GET").get(assignments::show::show))
                .service(path("/reports", "GET").get(reports::list::list))
                .service(
                    path("/reports/{id}", "GET, PUT, DELETE")
                        .app_data(json_config(REPORT_BODY_LIMIT))
                        .get(reports::show::show)
                        .put(reports::put::put)
                        .delete(reports::discard::discard),
                )
                .service(path("/reports/{id}/submit", "POST").post(reports::submit::submit))
                .service(path("/reports/{id}/claim", "POST").post(reports::claim::claim))
                .service(path("/reports/{id}/review", "POST").post(reports::review::review))
                .service(path("/reports/{id}/history", "GET").get(reports::history::history))
                .service(path("/reports/{id}/evidence.zip", "GET").get(reports::evidence::evidence))
                .service(
                    path("/reports/{id}/manifest", "GET, PUT")
                        .get(reports::manifest::show)
                        .put(reports::manifest::declare),
                )
                .service(
                    path("/reports/{id}/manifest/{item_id}/withdraw", "POST")
                        .post(reports::manifest::withdraw),
                )
                .service(
                    path("/reports/{id}/photos", "GET, POST")
                        .get(photos::list::list)
                        .post(photos::upload::upload),
                )
                .service(path("/reports/{id}/recordings", "GET").get(recordings::list::list))
                .service(
                    path("/recordings/{id}", "GET, HEAD")
                        .get(recordings::download::download)
                        .route(web::head().to(recordings::download::download)),
                )
                .service(
                    path("/uploads", "POST, OPTIONS")
                        .wrap(tus_headers())
                        .post(uploads::create::create)
                        .route(
                            web::method(actix_web::http::Method::OPTIONS)
                                .to(uploads::options::options),
                        ),
                )
                .service(
                    path("/uploads/{id}", "HEAD, PATCH, DELETE")
                        .wrap(tus_headers())
                        .route(web::head().to(uploads::status::status))
                        .route(web::patch().to(uploads::append::append))
                        .delete(uploads::terminate::terminate),
                )
                .service(
                    path("/photos/{id}", "GET, HEAD, DELETE")
                        .get(photos::download::download)
                        .route(web::head().to(photos::download::download))
                        .delete(photos::delete::delete),
                )
                .service(
                    web::scope("/checklists")
                        .app_data(json_config(CHECKLIST_BODY_LIMIT))
                        .service(
                            path("", "GET, POST")
                                .get(checklists::list::list)
                                .post(checklists::create::create),
                        )
                        .service(path("/current", "GET").get(checklists::current::current))
                        .service(
                            path("/{id}", "GET, PUT")
                                .get(checklists::show::show)
                                .put(checklists::update::update),
                        )
                        .service(path("/{id}/publish", "POST").post(checklists::publish::publish)),
                ),
        )
        .default_service(web::to(|| async {
            Err::<HttpResponse, _>(ApiError::new(ErrorCode::NotFound))
        }));
}
