//! The one route table.

use actix_web::web;

use crate::error::{ApiError, ErrorCode, json_config};
use crate::handlers::{auth, checklists, me, ops, unit_types, units, users};

/// Bodies larger than this are refused with 413 (a checklist version gets more room).
const BODY_LIMIT: usize = 64 * 1024;
const CHECKLIST_BODY_LIMIT: usize = 512 * 1024;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.app_data(json_config(BODY_LIMIT))
        .route("/healthz", web::get().to(ops::healthz::healthz))
        .route("/readyz", web::get().to(ops::readyz::readyz))
        .route("/metrics", web::get().to(ops::metrics::metrics))
        .service(
            web::scope("/api/v1")
                .route("/openapi.yaml", web::get().to(ops::openapi::openapi))
                .route("/auth/login", web::post().to(auth::login::login))
                .route("/auth/refresh", web::post().to(auth::refresh::refresh))
                .route("/auth/logout", web::post().to(auth::logout::logout))
                .route("/me", web::get().to(me::show::show))
                .route(
                    "/me/password",
                    web::post().to(me::change_password::change_password),
                )
                .service(
                    web::resource("/users")
                        .get(users::list::list)
                        .post(users::create::create),
                )
                .service(
                    web::resource("/users/{id}")
                        .get(users::show::show)
                        .patch(users::update::update),
                )
                .route(
                    "/users/{id}/password",
                    web::post().to(users::reset_password::reset_password),
                )
                .route("/unit-types", web::get().to(unit_types::list::list))
                .route(
                    "/unit-types/{code}",
                    web::patch().to(unit_types::update::update),
                )
                .service(
                    web::resource("/units")
                        .get(units::list::list)
                        .post(units::create::create),
                )
                .service(
                    web::resource("/units/{id}")
                        .get(units::show::show)
                        .patch(units::update::update),
                )
                .service(
                    web::scope("/checklists")
                        .app_data(json_config(CHECKLIST_BODY_LIMIT))
                        .service(
                            web::resource("")
                                .get(checklists::list::list)
                                .post(checklists::create::create),
                        )
                        .route("/current", web::get().to(checklists::current::current))
                        .service(
                            web::resource("/{id}")
                                .get(checklists::show::show)
                                .put(checklists::update::update),
                        )
                        .route(
                            "/{id}/publish",
                            web::post().to(checklists::publish::publish),
                        ),
                ),
        )
        .default_service(web::to(|| async {
            Err::<(), _>(ApiError::new(ErrorCode::NotFound))
        }));
}
