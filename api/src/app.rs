//! Builds the application state and the HTTP server; used by `main` and by the tests.

use std::net::TcpListener;

use actix_web::dev::Server;
use actix_web::middleware::{DefaultHeaders, from_fn};
use actix_web::{App, HttpServer, web};
use anfang_infra::config::Config;
use anfang_infra::db::Db;
use anyhow::Context as _;

use anfang_infra::tokens::TokenKeys;
use anfang_usecases::bootstrap::{FirstAdmin, ensure_first_admin};
use anfang_usecases::{Clock, Context, ImageWork, SessionKeys, UploadWork};

use crate::error::{localize_errors, path_config};
use crate::metrics::Metrics;
use crate::state::AppState;

/// Access tokens are short-lived; sessions (refresh tokens) last a month of inactivity at most.
const ACCESS_TTL_MINUTES: i64 = 15;
const REFRESH_TTL_DAYS: i64 = 30;

/// What the use cases need, from the configuration: the database (migrated), object storage,
/// the token key. Blocking: call it before starting the runtime's work, or on a blocking
/// thread.
pub fn context(config: &Config) -> anyhow::Result<Context> {
    let db = Db::open(&config.database_url, config.database_pool_size)
        .context("ANFANG_DATABASE_URL: cannot open the database")?;
    let secret = match &config.jwt_secret {
        Some(secret) => secret.clone(),
        None => anfang_infra::secrets::load_or_create(&config.data_dir.join("jwt-secret"))
            .context("ANFANG_DATA_DIR: cannot keep the generated token secret there")?,
    };
    let storage = anfang_infra::storage::Storage::open(config)
        .context("ANFANG_STORAGE_URL: cannot open object storage")?;
    Ok(Context {
        db,
        storage,
        checklists: Default::default(),
        images: ImageWork::per_core(),
        uploads: UploadWork::new(
            config.recording_max_bytes,
            chrono::Duration::from_std(config.upload_expiry)
                .context("ANFANG_UPLOAD_EXPIRY_SECONDS: out of range")?,
        ),
        clock: Clock::system(),
        timezone: config.timezone,
        typesetter: std::sync::Arc::new(anfang_infra::documents::Typesetter::new(
            config.font_dir.clone(),
        )),
        sessions: SessionKeys {
            tokens: std::sync::Arc::new(TokenKeys::new(
                &secret,
                &[],
                chrono::Duration::minutes(ACCESS_TTL_MINUTES),
            )),
            refresh_ttl: chrono::Duration::days(REFRESH_TTL_DAYS),
        },
    })
}

/// The server's state: the use cases' context, with an admin made sure of.
pub fn prepare(config: &Config) -> anyhow::Result<(AppState, FirstAdmin)> {
    let usecases = context(config)?;
    let first_admin = ensure_first_admin(
        &usecases.db,
        usecases.clock,
        config.admin_password.as_deref(),
    )?;
    anfang_infra::passwords::warm_up();
    let state = AppState {
        usecases,
        metrics: web::Data::new(Metrics::new()?),
        metrics_token: config.metrics_token.clone(),
        proxy_hops: config.proxy_hops,
        min_client_version: config.min_client_version,
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
            .app_data(state.metrics.clone())
            .app_data(path_config())
            .wrap(from_fn(crate::middleware::refuse_encoded_bodies))
            .wrap(from_fn(crate::middleware::require_client_version))
            .wrap(from_fn(localize_errors))
            .wrap(from_fn(crate::metrics::record))
            .wrap(from_fn(crate::middleware::revalidate))
            .wrap(
                DefaultHeaders::new()
                    .add(("X-Content-Type-Options", "nosniff"))
                    .add(("Cache-Control", "no-store")),
            )
            .wrap(from_fn(crate::middleware::hold_binaries))
            .wrap(actix_web::middleware::Compress::default())
            .wrap(from_fn(crate::middleware::unmark_binaries))
            .wrap(from_fn(crate::middleware::log_requests))
            .configure(crate::console::configure)
            .configure(crate::routes::configure)
    })
    .workers(workers)
    .listen(listener)?
    .run();
    Ok(server)
}

/// Expired uploads are swept a few times per expiry period (and at least every ten minutes),
/// so their parts never linger long past it.
fn upload_sweep_period(expiry: std::time::Duration) -> std::time::Duration {
    (expiry / 4).clamp(
        std::time::Duration::from_secs(1),
        std::time::Duration::from_secs(600),
    )
}

const AUDIT_PRUNE_EVERY: std::time::Duration = std::time::Duration::from_secs(24 * 3600);

/// Starts the clock-driven work: the monthly notice on its schedule (done once across
/// replicas by the job's own claim), the overdue sweep, and, when a retention is set, the
/// daily pruning of the audit log. Needs a running Tokio runtime.
pub fn spawn_background(state: web::Data<AppState>, config: &Config) {
    if let Some(schedule) = config.notice_schedule.clone() {
        let notices = state.clone();
        anfang_infra::scheduler::spawn_cron(schedule, config.timezone, move |fire_time| {
            let state = notices.clone();
            async move {
                match anfang_usecases::notices::generate_scheduled(&state.usecases, fire_time).await
                {
                    Ok(Some(notice)) => {
                        tracing::info!(period = %notice.period, "monthly notice drafted")
                    }
                    Ok(None) => tracing::debug!("monthly notice already drafted"),
                    Err(e) => tracing::error!(error = %e, "monthly notice failed"),
                }
            }
        });
    }
    if let Some(retention) = config.audit_retention {
        let audit = state.clone();
        anfang_infra::scheduler::spawn_every(AUDIT_PRUNE_EVERY, move || {
            let state = audit.clone();
            async move {
                match anfang_usecases::audit_trail::prune(&state.usecases, retention).await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(entries = n, "audit entries past retention pruned"),
                    Err(e) => tracing::error!(error = %e, "audit pruning failed"),
                }
            }
        });
    }
    let uploads = state.clone();
    anfang_infra::scheduler::spawn_every(upload_sweep_period(config.upload_expiry), move || {
        let state = uploads.clone();
        async move {
            match anfang_usecases::uploads::sweep_expired(&state.usecases).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(uploads = n, "expired uploads swept"),
                Err(e) => tracing::error!(error = %e, "upload sweep failed"),
            }
        }
    });
    anfang_infra::scheduler::spawn_every(config.overdue_check, move || {
        let state = state.clone();
        async move {
            match anfang_usecases::findings::mark_overdue(&state.usecases).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(findings = n, "findings marked overdue"),
                Err(e) => tracing::error!(error = %e, "overdue sweep failed"),
            }
        }
    });
}
