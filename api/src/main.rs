//! The `anfang` binary: `serve` (the default), `migrate`, `user create`, `openapi`,
//! `storage sweep`, `notice generate`, `healthcheck`.

use std::io::BufRead;
use std::net::TcpListener;
use std::process::ExitCode;

use anfang_api::app;
use anfang_api::error::command_line_sentence;
use anfang_domain::auth::Role;
use anfang_domain::catalog::DistrictCode;
use anfang_domain::ids::UnitId;
use anfang_domain::notice::NoticePeriod;
use anfang_domain::user::{DisplayName, NewUser, Password, Username};
use anfang_infra::config::Config;
use anfang_infra::db::audit::RequestOrigin;
use anfang_usecases::bootstrap::FirstAdmin;
use anyhow::Context as _;
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "anfang",
    version,
    about = "anfang (暗访): unannounced inspections of public service windows"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Manage accounts from the command line.
    #[command(subcommand)]
    User(UserCommand),
    /// Print the OpenAPI document (YAML).
    Openapi,
    /// Object-storage maintenance.
    #[command(subcommand)]
    Storage(StorageCommand),
    /// Monthly notices, for an external scheduler.
    #[command(subcommand)]
    Notice(NoticeCommand),
    /// Ask the server at ANFANG_BIND whether it is ready (`/readyz`); exit 0 if so, 1 if not.
    /// For container health checks: the image needs no HTTP client of its own.
    Healthcheck,
}

#[derive(Subcommand)]
enum NoticeCommand {
    /// Draft (or redraft) the notice of a month; a published one is left as it is (exit 1).
    Generate {
        /// The month, YYYY-MM, in ANFANG_TIMEZONE.
        #[arg(long)]
        period: String,
        /// Also write notice-YYYY-MM.{json,csv,xlsx,html} into this directory.
        #[arg(long)]
        out: Option<std::path::PathBuf>,
    },
}

#[derive(Subcommand)]
enum StorageCommand {
    /// Remove stored objects that no photo refers to (what an interrupted upload leaves).
    Sweep {
        /// Leave objects younger than this alone: an upload may be in flight.
        #[arg(long, default_value_t = 60)]
        grace_minutes: i64,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create an account; the password is read from the first line of standard input.
    Create {
        #[arg(long)]
        username: String,
        #[arg(long)]
        display_name: String,
        /// admin, supervisor, inspector, unit_manager or leader
        #[arg(long)]
        role: String,
        #[arg(long)]
        unit_id: Option<String>,
        #[arg(long)]
        district: Option<String>,
    },
}

/// Every failure ends the same way: one line on standard error, exit code 1. A use case's
/// refusal is said in plain words; nothing raw (a database message, a backtrace) is shown.
fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("anfang: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// A use case's refusal, for [`main`] to print.
fn refused(e: anfang_usecases::Error) -> anyhow::Error {
    anyhow::anyhow!(command_line_sentence(&e))
}

/// Runs a use case to its end on a runtime of its own.
fn block_on<T>(work: impl Future<Output = anfang_usecases::Result<T>>) -> anyhow::Result<T> {
    actix_web::rt::System::new().block_on(work).map_err(refused)
}

fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command.unwrap_or(Command::Serve) {
        Command::Openapi => {
            print!("{}", anfang_api::openapi::yaml());
            Ok(())
        }
        Command::Migrate => {
            let config = load_config()?;
            anfang_usecases::bootstrap::migrate(&config.database_url).map_err(refused)?;
            println!(
                "database is up to date ({})",
                config.database_url.backend_name()
            );
            Ok(())
        }
        Command::User(UserCommand::Create {
            username,
            display_name,
            role,
            unit_id,
            district,
        }) => create_user(username, display_name, role, unit_id, district),
        Command::Serve => serve(),
        Command::Healthcheck => healthcheck(),
        Command::Notice(NoticeCommand::Generate { period, out }) => generate_notice(&period, out),
        Command::Storage(StorageCommand::Sweep { grace_minutes }) => {
            let config = load_config()?;
            let ctx = app::context(&config)?;
            let store = ctx.storage.description().to_owned();
            let grace = chrono::Duration::minutes(grace_minutes);
            let expired = block_on(anfang_usecases::uploads::sweep_expired(&ctx))?;
            let removed = block_on(anfang_usecases::photos::sweep(&ctx, grace))?;
            println!(
                "removed {expired} expired uploads and {removed} unreferenced objects from {store}"
            );
            Ok(())
        }
    }
}

fn generate_notice(period: &str, out: Option<std::path::PathBuf>) -> anyhow::Result<()> {
    let period = NoticePeriod::parse(period).map_err(|e| anyhow::anyhow!("--period: {e}"))?;
    let config = load_config()?;
    let ctx = app::context(&config)?;
    actix_web::rt::System::new().block_on(async move {
        let failed = |e| anyhow::anyhow!("notice {period}: {}", command_line_sentence(&e));
        let notice = anfang_usecases::notices::generate_from_command_line(&ctx, period)
            .await
            .map_err(failed)?;
        println!(
            "notice {} for {}: {} ({} inspections, {} findings)",
            notice.id,
            notice.period,
            notice.status.as_str(),
            notice.content.totals.inspections,
            notice.content.totals.findings
        );
        if let Some(dir) = out {
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("--out: cannot create {}", dir.display()))?;
            for (format, bytes) in anfang_usecases::notices::render_all(&ctx, &notice)
                .await
                .map_err(failed)?
            {
                let path = dir.join(format!("notice-{}.{}", notice.period, format.extension()));
                std::fs::write(&path, &bytes)
                    .with_context(|| format!("--out: cannot write {}", path.display()))?;
                println!("wrote {}", path.display());
            }
        }
        Ok(())
    })
}

fn load_config() -> anyhow::Result<Config> {
    let config = Config::from_env()?;
    anfang_api::telemetry::init(config.log_format);
    Ok(config)
}

fn serve() -> anyhow::Result<()> {
    let config = load_config()?;
    let (state, first_admin) = app::prepare(&config)?;
    match first_admin {
        FirstAdmin::CreatedWithGeneratedPassword(password) => {
            println!("==============================================================");
            println!(" First admin account created. It is shown only this once:");
            println!("   username: admin");
            println!("   password: {password}");
            println!(" Change it after signing in (POST /api/v1/me/password).");
            println!("==============================================================");
        }
        FirstAdmin::CreatedWithGivenPassword => {
            println!("First admin account 'admin' created with ANFANG_ADMIN_PASSWORD.");
        }
        FirstAdmin::Exists => {}
    }
    let listener = TcpListener::bind(config.bind)
        .with_context(|| format!("ANFANG_BIND: cannot listen on {}", config.bind))?;
    tracing::info!(
        address = %config.bind,
        database = state.usecases.db.backend_name(),
        "anfang listening"
    );
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    actix_web::rt::System::new().block_on(async move {
        let state = actix_web::web::Data::new(state);
        app::spawn_background(state.clone(), &config);
        app::server(state, listener, workers)?.await
    })?;
    Ok(())
}

fn create_user(
    username: String,
    display_name: String,
    role: String,
    unit_id: Option<String>,
    district: Option<String>,
) -> anyhow::Result<()> {
    let config = load_config()?;
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    let password = Password::parse(line.trim_end_matches(['\r', '\n']))
        .map_err(|e| anyhow::anyhow!("password (standard input): {e}"))?;
    let new_user = NewUser::new(
        Username::parse(&username).map_err(|e| anyhow::anyhow!("--username: {e}"))?,
        DisplayName::parse(&display_name).map_err(|e| anyhow::anyhow!("--display-name: {e}"))?,
        role.parse::<Role>()
            .map_err(|_| anyhow::anyhow!("--role: unknown role {role}"))?,
        unit_id
            .map(|u| u.parse::<UnitId>())
            .transpose()
            .map_err(|e| anyhow::anyhow!("--unit-id: {e}"))?,
        district
            .map(|d| DistrictCode::parse(&d))
            .transpose()
            .map_err(|e| anyhow::anyhow!("--district: {e}"))?,
    )
    .map_err(|e| refused(e.into()))?;
    let ctx = app::context(&config)?;
    let user = block_on(anfang_usecases::users::create(
        &ctx,
        None,
        new_user,
        password,
        RequestOrigin::default(),
    ))?
    .value;
    println!(
        "created {} ({}) with id {}",
        user.username.as_str(),
        user.role,
        user.id
    );
    Ok(())
}

/// `GET /readyz` on the configured address over plain TCP, within five seconds.
fn healthcheck() -> anyhow::Result<()> {
    use std::io::{Read, Write};
    let config = load_config()?;
    let mut address = config.bind;
    if address.ip().is_unspecified() {
        address.set_ip(std::net::Ipv4Addr::LOCALHOST.into());
    }
    let timeout = std::time::Duration::from_secs(5);
    let mut stream = std::net::TcpStream::connect_timeout(&address, timeout)
        .with_context(|| format!("no answer at {address}"))?;
    stream.set_read_timeout(Some(timeout))?;
    stream.write_all(b"GET /readyz HTTP/1.0\r\nHost: localhost\r\n\r\n")?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer)?;
    let status = answer.lines().next().unwrap_or_default();
    if status.split_whitespace().nth(1) == Some("200") {
        println!("ready");
        Ok(())
    } else {
        anyhow::bail!("not ready: {status}")
    }
}
