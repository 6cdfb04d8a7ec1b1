//! Typed configuration from the `ANFANG_*` environment variables (SPEC §5), optionally
//! completed by a TOML file named by `ANFANG_CONFIG` whose keys are the variable names without
//! the prefix, in lowercase (`bind = "0.0.0.0:8080"`). The environment wins over the file.
//! A bad value stops start-up with an error naming the variable.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use chrono_tz::Tz;

use crate::scheduler::Schedule;

/// The 1st of every month at 02:00 (SPEC §3.6).
pub const DEFAULT_NOTICE_SCHEDULE: &str = "0 2 1 * *";
use thiserror::Error;

/// Every variable anfang reads, without the `ANFANG_` prefix.
const KEYS: &[&str] = &[
    "BIND",
    "DATA_DIR",
    "DATABASE_URL",
    "DATABASE_POOL_SIZE",
    "STORAGE_URL",
    "S3_ENDPOINT",
    "ADMIN_PASSWORD",
    "JWT_SECRET",
    "TIMEZONE",
    "LOG_FORMAT",
    "METRICS_TOKEN",
    "PROXY_HOPS",
    "NOTICE_SCHEDULE",
    "OVERDUE_CHECK_SECONDS",
    "AUDIT_RETENTION_MONTHS",
    "FONT_DIR",
    "RECORDING_MAX_BYTES",
    "UPLOAD_EXPIRY_SECONDS",
    "MIN_CLIENT_VERSION",
];

/// The S3 client's usual variables, read alongside ours.
const AWS_KEYS: &[&str] = &[
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
];

#[derive(Debug, Error)]
pub enum ConfigError {
    #[error("{var}: {reason}")]
    Invalid { var: String, reason: String },
    #[error("{} {}: not a setting of anfang (a misspelling?); the settings are ANFANG_{}", if .0.len() == 1 { "unknown variable" } else { "unknown variables" }, .0.join(", "), KEYS.join(", ANFANG_"))]
    Unknown(Vec<String>),
    #[error("ANFANG_CONFIG: cannot read {path}: {reason}")]
    File { path: String, reason: String },
}

fn invalid(key: &str, reason: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        var: format!("ANFANG_{key}"),
        reason: reason.into(),
    }
}

/// Where the relational data lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// An SQLite file: one instance only.
    Sqlite(PathBuf),
    /// A PostgreSQL connection string: any number of replicas.
    Postgres(String),
}

impl DatabaseUrl {
    pub fn parse(raw: &str) -> Result<Self, String> {
        if raw.starts_with("postgres://") || raw.starts_with("postgresql://") {
            Ok(DatabaseUrl::Postgres(raw.to_owned()))
        } else if let Some(path) = raw.strip_prefix("sqlite://") {
            if path.is_empty() {
                Err("an sqlite:// URL needs a file path, e.g. sqlite://./data/anfang.db".into())
            } else {
                Ok(DatabaseUrl::Sqlite(PathBuf::from(path)))
            }
        } else {
            Err("must start with postgres://, postgresql:// or sqlite://".into())
        }
    }

    pub fn backend_name(&self) -> &'static str {
        match self {
            DatabaseUrl::Sqlite(_) => "sqlite",
            DatabaseUrl::Postgres(_) => "postgres",
        }
    }
}

/// Where photos and exports live.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorageUrl {
    /// A local directory.
    File(PathBuf),
    /// An S3 bucket; credentials come from the usual `AWS_*` variables.
    S3 { bucket: String },
}

impl StorageUrl {
    pub fn parse(raw: &str) -> Result<Self, String> {
        if let Some(path) = raw.strip_prefix("file://") {
            if path.is_empty() {
                return Err("a file:// URL needs a directory, e.g. file://./data/objects".into());
            }
            Ok(StorageUrl::File(PathBuf::from(path)))
        } else if let Some(bucket) = raw.strip_prefix("s3://") {
            let bucket = bucket.trim_end_matches('/');
            let valid = (3..=63).contains(&bucket.len())
                && bucket.bytes().all(|b| {
                    b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.'
                });
            if valid {
                Ok(StorageUrl::S3 {
                    bucket: bucket.to_owned(),
                })
            } else {
                Err("an s3:// URL needs a bucket name: 3 to 63 lowercase letters, digits, '-' or '.'".into())
            }
        } else {
            Err("must start with file:// or s3://".into())
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// Human-readable lines, for a terminal.
    Text,
    /// One JSON object a line, for a log collector.
    Json,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub bind: SocketAddr,
    pub data_dir: PathBuf,
    pub database_url: DatabaseUrl,
    pub database_pool_size: u32,
    pub storage_url: StorageUrl,
    pub s3_endpoint: Option<String>,
    /// From `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_REGION`; when absent, the S3
    /// client looks for credentials the usual ways (instance roles, …).
    pub s3_credentials: Option<(String, String)>,
    pub s3_region: Option<String>,
    pub admin_password: Option<String>,
    /// At least 32 bytes; when absent, a secret is generated once and kept in the data dir.
    pub jwt_secret: Option<Vec<u8>>,
    pub timezone: Tz,
    pub log_format: LogFormat,
    /// When set, `/metrics` needs `Authorization: Bearer <token>`; when not, it answers
    /// loopback clients only (request counts could hint at inspection activity).
    pub metrics_token: Option<String>,
    /// How many reverse proxies stand in front, each appending to `X-Forwarded-For`; the
    /// client's address is the entry the farthest of them appended. 0: the peer's address.
    pub proxy_hops: usize,
    /// The oldest phone app served: a request saying (`Anfang-Client-Version`) it is older
    /// gets 426, telling the app to update. `None`: every version is served.
    pub min_client_version: Option<anfang_domain::auth::ClientVersion>,
    /// When the monthly notice is drafted (in `timezone`); `None` (`off`) leaves it to
    /// `anfang notice generate` run by an external scheduler.
    pub notice_schedule: Option<Schedule>,
    /// How often findings past their deadline are marked overdue.
    pub overdue_check: std::time::Duration,
    /// Audit entries older than this many months are pruned; `None`: kept forever.
    pub audit_retention: Option<AuditRetention>,
    /// Fonts for the official documents besides the system's (a bureau's licensed 小标宋 and
    /// 仿宋_GB2312), searched first.
    pub font_dir: Option<PathBuf>,
    /// The largest recording accepted (2 GiB unless set).
    pub recording_max_bytes: u64,
    /// How long an unfinished resumable upload waits for its next part before it expires.
    pub upload_expiry: std::time::Duration,
}

/// Bounds of `ANFANG_RECORDING_MAX_BYTES`: a recording of a minute at least, 64 GiB at most.
const RECORDING_MAX_BYTES_RANGE: std::ops::RangeInclusive<u64> = (1 << 20)..=(64 << 30);
const DEFAULT_RECORDING_MAX_BYTES: u64 = 2 << 30;

/// How long the audit log keeps its entries: at least six months, as China's Cybersecurity Law
/// (网络安全法, art. 21) requires of network logs; the database refuses to delete younger ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuditRetention {
    months: u32,
}

impl AuditRetention {
    pub const MINIMUM_MONTHS: u32 = 6;

    pub fn months(months: u32) -> Option<Self> {
        (Self::MINIMUM_MONTHS..=1200)
            .contains(&months)
            .then_some(Self { months })
    }

    pub fn in_months(self) -> u32 {
        self.months
    }
}

impl Config {
    /// Reads the process environment (and the file `ANFANG_CONFIG` names, if any).
    pub fn from_env() -> Result<Self, ConfigError> {
        let env: HashMap<String, String> = std::env::vars()
            .filter(|(k, _)| k.starts_with("ANFANG_") || AWS_KEYS.contains(&k.as_str()))
            .collect();
        Self::from_map(env)
    }

    /// Builds the configuration from `ANFANG_*` variables given as a map.
    pub fn from_map(mut env: HashMap<String, String>) -> Result<Self, ConfigError> {
        let mut unknown: Vec<String> = env
            .keys()
            .filter_map(|k| k.strip_prefix("ANFANG_"))
            .filter(|k| *k != "CONFIG" && !k.starts_with("TEST_") && !KEYS.contains(k))
            .map(|k| format!("ANFANG_{k}"))
            .collect();
        if !unknown.is_empty() {
            unknown.sort();
            return Err(ConfigError::Unknown(unknown));
        }
        if let Some(path) = env.get("ANFANG_CONFIG").cloned() {
            for (key, value) in read_file(Path::new(&path))? {
                env.entry(format!("ANFANG_{key}")).or_insert(value);
            }
        }
        let get = |key: &str| {
            env.get(&format!("ANFANG_{key}"))
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };

        let bind = match get("BIND") {
            Some(v) => v
                .parse()
                .map_err(|_| invalid("BIND", "must be an address and port, e.g. 127.0.0.1:8080"))?,
            None => SocketAddr::from(([127, 0, 0, 1], 8080)),
        };
        let data_dir = PathBuf::from(get("DATA_DIR").unwrap_or_else(|| "./data".into()));
        let database_url = match get("DATABASE_URL") {
            Some(v) => DatabaseUrl::parse(&v).map_err(|r| invalid("DATABASE_URL", r))?,
            None => DatabaseUrl::Sqlite(data_dir.join("anfang.db")),
        };
        let database_pool_size = match get("DATABASE_POOL_SIZE") {
            Some(v) => v
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=200).contains(n))
                .ok_or_else(|| {
                    invalid("DATABASE_POOL_SIZE", "must be a whole number from 1 to 200")
                })?,
            None => 10,
        };
        let storage_url = match get("STORAGE_URL") {
            Some(v) => StorageUrl::parse(&v).map_err(|r| invalid("STORAGE_URL", r))?,
            None => StorageUrl::File(data_dir.join("objects")),
        };
        let jwt_secret = match get("JWT_SECRET") {
            Some(v) if v.len() < 32 => {
                return Err(invalid("JWT_SECRET", "must be at least 32 characters"));
            }
            Some(v) => Some(v.into_bytes()),
            None => None,
        };
        let timezone = match get("TIMEZONE") {
            Some(v) => v.parse::<Tz>().map_err(|_| {
                invalid("TIMEZONE", "must be an IANA time zone, e.g. Asia/Shanghai")
            })?,
            None => chrono_tz::Asia::Shanghai,
        };
        let log_format = match get("LOG_FORMAT").as_deref() {
            None | Some("text") => LogFormat::Text,
            Some("json") => LogFormat::Json,
            Some(_) => return Err(invalid("LOG_FORMAT", "must be text or json")),
        };

        let proxy_hops = match get("PROXY_HOPS") {
            Some(v) => v
                .parse::<usize>()
                .ok()
                .filter(|n| *n <= 10)
                .ok_or_else(|| invalid("PROXY_HOPS", "must be a whole number from 0 to 10"))?,
            None => 0,
        };

        let min_client_version = match get("MIN_CLIENT_VERSION") {
            Some(v) => Some(
                anfang_domain::auth::ClientVersion::parse(&v).ok_or_else(|| {
                    invalid(
                        "MIN_CLIENT_VERSION",
                        "must be a version such as 2.4 or 2.4.1",
                    )
                })?,
            ),
            None => None,
        };

        let notice_schedule = match get("NOTICE_SCHEDULE").as_deref() {
            Some("off") => None,
            Some(v) => Some(Schedule::parse(v).map_err(|r| {
                invalid(
                    "NOTICE_SCHEDULE",
                    format!("must be a five-field cron expression or off ({r})"),
                )
            })?),
            None => Some(
                Schedule::parse(DEFAULT_NOTICE_SCHEDULE)
                    .map_err(|r| invalid("NOTICE_SCHEDULE", r))?,
            ),
        };
        let overdue_check = match get("OVERDUE_CHECK_SECONDS") {
            Some(v) => v
                .parse::<u64>()
                .ok()
                .filter(|n| (1..=86_400).contains(n))
                .map(std::time::Duration::from_secs)
                .ok_or_else(|| {
                    invalid(
                        "OVERDUE_CHECK_SECONDS",
                        "must be a whole number from 1 to 86400",
                    )
                })?,
            None => std::time::Duration::from_secs(600),
        };

        let recording_max_bytes = match get("RECORDING_MAX_BYTES") {
            Some(v) => v
                .parse::<u64>()
                .ok()
                .filter(|n| RECORDING_MAX_BYTES_RANGE.contains(n))
                .ok_or_else(|| {
                    invalid(
                        "RECORDING_MAX_BYTES",
                        "must be a number of bytes from 1048576 (1 MiB) to 68719476736 (64 GiB)",
                    )
                })?,
            None => DEFAULT_RECORDING_MAX_BYTES,
        };
        let upload_expiry = match get("UPLOAD_EXPIRY_SECONDS") {
            Some(v) => v
                .parse::<u64>()
                .ok()
                .filter(|n| (1..=30 * 86_400).contains(n))
                .map(std::time::Duration::from_secs)
                .ok_or_else(|| {
                    invalid(
                        "UPLOAD_EXPIRY_SECONDS",
                        "must be a whole number of seconds from 1 to 2592000 (30 days)",
                    )
                })?,
            None => std::time::Duration::from_secs(86_400),
        };

        let audit_retention = match get("AUDIT_RETENTION_MONTHS") {
            None => None,
            Some(v) if v == "never" => None,
            Some(v) => Some(
                v.parse::<u32>()
                    .ok()
                    .and_then(AuditRetention::months)
                    .ok_or_else(|| {
                        invalid(
                            "AUDIT_RETENTION_MONTHS",
                            "must be a whole number of months from 6 (the legal minimum) to 1200, or never",
                        )
                    })?,
            ),
        };

        let font_dir = match get("FONT_DIR") {
            Some(v) if !std::path::Path::new(&v).is_dir() => {
                return Err(invalid("FONT_DIR", "must be a directory of font files"));
            }
            v => v.map(PathBuf::from),
        };

        Ok(Config {
            font_dir,
            notice_schedule,
            overdue_check,
            audit_retention,
            recording_max_bytes,
            upload_expiry,
            bind,
            data_dir,
            database_url,
            database_pool_size,
            storage_url,
            s3_endpoint: get("S3_ENDPOINT"),
            s3_credentials: match (
                env.get("AWS_ACCESS_KEY_ID"),
                env.get("AWS_SECRET_ACCESS_KEY"),
            ) {
                (Some(id), Some(secret)) => Some((id.clone(), secret.clone())),
                _ => None,
            },
            s3_region: env
                .get("AWS_REGION")
                .or_else(|| env.get("AWS_DEFAULT_REGION"))
                .cloned(),
            admin_password: get("ADMIN_PASSWORD"),
            jwt_secret,
            timezone,
            log_format,
            metrics_token: get("METRICS_TOKEN"),
            proxy_hops,
            min_client_version,
        })
    }
}

/// The file's keys, upper-cased, as strings; unknown keys are refused so a typo cannot pass
/// silently.
fn read_file(path: &Path) -> Result<Vec<(String, String)>, ConfigError> {
    let file_error = |reason: String| ConfigError::File {
        path: path.display().to_string(),
        reason,
    };
    let text = std::fs::read_to_string(path).map_err(|e| file_error(e.to_string()))?;
    let table: toml::Table = text
        .parse()
        .map_err(|e: toml::de::Error| file_error(e.to_string()))?;
    table
        .into_iter()
        .map(|(key, value)| {
            let upper = key.to_ascii_uppercase();
            if !KEYS.contains(&upper.as_str()) {
                return Err(file_error(format!("unknown key {key}")));
            }
            let value = match value {
                toml::Value::String(s) => s,
                toml::Value::Integer(i) => i.to_string(),
                toml::Value::Float(f) => f.to_string(),
                toml::Value::Boolean(b) => b.to_string(),
                _ => return Err(file_error(format!("{key} must be a string or a number"))),
            };
            Ok((upper, value))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        Config::from_map(
            pairs
                .iter()
                .map(|(k, v)| (format!("ANFANG_{k}"), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn with_nothing_set_it_runs_embedded_on_localhost() {
        let c = config(&[]).unwrap();
        assert_eq!(c.bind.to_string(), "127.0.0.1:8080");
        assert_eq!(
            c.database_url,
            DatabaseUrl::Sqlite(PathBuf::from("./data/anfang.db"))
        );
        assert_eq!(
            c.storage_url,
            StorageUrl::File(PathBuf::from("./data/objects"))
        );
        assert_eq!(c.timezone, chrono_tz::Asia::Shanghai);
        assert_eq!(
            c.notice_schedule.map(|s| s.as_str().to_owned()).as_deref(),
            Some(DEFAULT_NOTICE_SCHEDULE)
        );
        assert_eq!(c.overdue_check, std::time::Duration::from_secs(600));
        assert_eq!(c.recording_max_bytes, 2 << 30, "recordings of 2 GiB");
        assert_eq!(c.upload_expiry, std::time::Duration::from_secs(86_400));
        assert_eq!(
            c.audit_retention, None,
            "the audit log is kept forever by default"
        );
    }

    #[test]
    fn the_notice_schedule_can_be_moved_or_turned_off() {
        let moved = config(&[("NOTICE_SCHEDULE", "30 6 2 * *")]).unwrap();
        assert_eq!(moved.notice_schedule.unwrap().as_str(), "30 6 2 * *");
        assert!(
            config(&[("NOTICE_SCHEDULE", "off")])
                .unwrap()
                .notice_schedule
                .is_none()
        );
    }

    #[test]
    fn a_bad_value_names_its_variable() {
        for (key, value) in [
            ("BIND", "localhost"),
            ("DATABASE_URL", "mysql://x"),
            ("STORAGE_URL", "ftp://x"),
            ("JWT_SECRET", "short"),
            ("NOTICE_SCHEDULE", "monthly"),
            ("OVERDUE_CHECK_SECONDS", "never"),
            ("AUDIT_RETENTION_MONTHS", "5"),
            ("AUDIT_RETENTION_MONTHS", "forever"),
            ("TIMEZONE", "Mars/Olympus"),
            ("DATABASE_POOL_SIZE", "0"),
            ("LOG_FORMAT", "xml"),
            ("PROXY_HOPS", "yes"),
            ("RECORDING_MAX_BYTES", "1024"),
            ("UPLOAD_EXPIRY_SECONDS", "0"),
            ("MIN_CLIENT_VERSION", "v2"),
        ] {
            let err = config(&[(key, value)]).unwrap_err().to_string();
            assert!(err.starts_with(&format!("ANFANG_{key}:")), "{err}");
        }
    }

    #[test]
    fn a_misspelt_variable_stops_start_up_naming_it() {
        let err = config(&[("DATABSE_URL", "postgres://x"), ("BIND", "127.0.0.1:1")])
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("unknown variable ANFANG_DATABSE_URL:"),
            "{err}"
        );
        assert!(
            err.contains("ANFANG_DATABASE_URL"),
            "names the real ones: {err}"
        );
        let err = config(&[("TRUST_FORWARDED_FOR", "true"), ("X", "1")])
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("unknown variables ANFANG_TRUST_FORWARDED_FOR, ANFANG_X:"),
            "{err}"
        );
    }

    #[test]
    fn postgres_and_s3_are_recognised() {
        let c = config(&[
            ("DATABASE_URL", "postgres://postgres@127.0.0.1/anfang"),
            ("STORAGE_URL", "s3://anfang-evidence"),
        ])
        .unwrap();
        assert_eq!(c.database_url.backend_name(), "postgres");
        assert_eq!(
            c.storage_url,
            StorageUrl::S3 {
                bucket: "anfang-evidence".into()
            }
        );
    }

    #[test]
    fn the_file_fills_in_what_the_environment_leaves_out() {
        let dir = std::env::temp_dir().join(format!("anfang-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("anfang.toml");
        std::fs::write(&path, "bind = \"0.0.0.0:9000\"\ntimezone = \"UTC\"\n").unwrap();
        let c = config(&[
            ("CONFIG", path.to_str().unwrap()),
            ("TIMEZONE", "Asia/Urumqi"),
        ])
        .unwrap();
        assert_eq!(c.bind.to_string(), "0.0.0.0:9000");
        assert_eq!(c.timezone, chrono_tz::Asia::Urumqi);

        std::fs::write(&path, "bnid = \"0.0.0.0:9000\"\n").unwrap();
        assert!(config(&[("CONFIG", path.to_str().unwrap())]).is_err());
        std::fs::remove_dir_all(dir).unwrap();
    }
}
