//! Builds the application state and the HTTP server; used by `main` and by the tests.

use std::net::TcpListener;

use actix_web::dev::Server;
use actix_web::middleware::{DefaultHeaders, from_fn};
use actix_web::{App, HttpServer, web};
use anfang_infra::config::Config;
use anfang_infra::db::Db;
use anyhow::Context;

use crate::auth::TokenKeys;
use crate::error::{localize_errors, path_config, query_config};
use crate::metrics::Metrics;
use crate::usecases::bootstrap::{FirstAdmin, ensure_first_admin};

/// Access tokens are short-lived; sessions (refresh tokens) last a month of inactivity at most.
const ACCESS_TTL_MINUTES: i64 = 15;
const REFRESH_TTL_DAYS: i64 = 30;

pub struct AppState {
    pub db: Db,
    pub storage: anfang_infra::storage::Storage,
    /// One image decodes per core at a time (decoding is CPU- and memory-heavy).
    pub image_slots: std::sync::Arc<tokio::sync::Semaphore>,
    pub image_limits: anfang_infra::images::ImageLimits,
    pub checklists: std::sync::Arc<anfang_infra::db::published_checklists::PublishedChecklists>,
    pub tokens: TokenKeys,
    pub refresh_ttl: chrono::Duration,
    pub metrics: Metrics,
    pub metrics_token: Option<String>,
    /// Reverse proxies in front (see `Config::proxy_hops`).
    pub proxy_hops: usize,
    /// Months (notices) and date ranges (statistics) are read in this zone.
    pub timezone: chrono_tz::Tz,
}

/// Opens the database (migrating it), loads the signing key, and makes sure an admin exists.
/// Blocking: call it before starting the runtime's work, or on a blocking thread.
pub fn prepare(config: &Config) -> anyhow::Result<(AppState, FirstAdmin)> {
    let db = Db::open(&config.database_url, config.database_pool_size)
        .context("ANFANG_DATABASE_URL: cannot open the database")?;
    let secret = match &config.jwt_secret {
        Some(secret) => secret.clone(),
        None => anfang_infra::secrets::load_or_create(&config.data_dir.join("jwt-secret"))
            .context("ANFANG_DATA_DIR: cannot keep the generated token secret there")?,
    };
    let first_admin = ensure_first_admin(&db, config.admin_password.as_deref())?;
    anfang_infra::passwords::warm_up();
    let storage = anfang_infra::storage::Storage::open(config)
        .context("ANFANG_STORAGE_URL: cannot open object storage")?;
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let state = AppState {
        db,
        storage,
        image_slots: std::sync::Arc::new(tokio::sync::Semaphore::new(cores)),
        image_limits: Default::default(),
        checklists: Default::default(),
        tokens: TokenKeys::new(&secret, &[], chrono::Duration::minutes(ACCESS_TTL_MINUTES)),
        refresh_ttl: chrono::Duration::days(REFRESH_TTL_DAYS),
        metrics: Metrics::new()?,
        metrics_token: config.metrics_token.clone(),
        proxy_hops: config.proxy_hops,
        timezone: config.timezone,
    };
    Ok((state, first_admin))
}

/// The HTTP server on an already bound listener (port 0 in tests).
pub fn server(
    state: web::Data<AppState>,
    listener: TcpListener,
    workers: usize,
) -> std::io::Result<Server> {
    let server = HttpServer::new(move || {
        App::new()
            .app_data(state.clone())
            .app_data(path_config())
            .app_data(query_config())
            .wrap(from_fn(crate::middleware::refuse_encoded_bodies))
            .wrap(from_fn(localize_errors))
            .wrap(from_fn(crate::metrics::record))
            .wrap(
                DefaultHeaders::new()
                    .add(("X-Content-Type-Options", "nosniff"))
                    .add(("Cache-Control", "no-store")),
            )
            .wrap(from_fn(crate::middleware::log_requests))
            .configure(crate::routes::configure)
    })
    .workers(workers)
    .listen(listener)?
    .run();
    Ok(server)
}

/// Starts the clock-driven work: the monthly notice on its schedule (done once across
/// replicas by the job's own claim) and the overdue sweep. Needs a running Tokio runtime.
pub fn spawn_background(state: web::Data<AppState>, config: &Config) {
    if let Some(schedule) = config.notice_schedule.clone() {
        let notices = state.clone();
        anfang_infra::scheduler::spawn_cron(schedule, config.timezone, move |fire_time| {
            let state = notices.clone();
            async move {
                match crate::usecases::notices::generate_scheduled(&state, fire_time).await {
                    Ok(Some(notice)) => {
                        tracing::info!(period = %notice.period, "monthly notice drafted")
                    }
                    Ok(None) => tracing::debug!("monthly notice already drafted"),
                    Err(e) => tracing::error!(code = e.code.as_str(), "monthly notice failed"),
                }
            }
        });
    }
    anfang_infra::scheduler::spawn_every(config.overdue_check, move || {
        let state = state.clone();
        async move {
            match crate::usecases::findings::mark_overdue(&state).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(findings = n, "findings marked overdue"),
                Err(e) => tracing::error!(code = e.code.as_str(), "overdue sweep failed"),
            }
        }
    });
}
