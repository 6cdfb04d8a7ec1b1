//! Domain and infrastructure errors, turned into answers. This is the only place that knows
//! both sides.

use anfang_domain::campaign::{CampaignError, DrawError};
use anfang_domain::catalog::{ChecklistError, CodeFormatError, DistrictError, GeoError, ItemError};
use anfang_domain::report::{RatingError, RatingsError, TransitionError};
use anfang_domain::settings::SettingsError;
use anfang_domain::text::TextError;
use anfang_domain::user::{AccountError, PasswordError};
use anfang_infra::db::DbError;

use super::{ApiError, ErrorCode, FieldIssue};

/// An outage fails every request: one error line per ten seconds says so, not one per request.
fn log_unavailable(e: &DbError) {
    use std::sync::atomic::{AtomicI64, Ordering};
    static LAST_LOGGED: AtomicI64 = AtomicI64::new(0);
    let now = chrono::Utc::now().timestamp();
    let last = LAST_LOGGED.load(Ordering::Relaxed);
    if now - last >= 10
        && LAST_LOGGED
            .compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed)
            .is_ok()
    {
        tracing::error!(error = %e, "database unavailable (logged once per 10 s while it lasts)");
    } else {
        tracing::debug!(error = %e, "database unavailable");
    }
}

impl From<DbError> for ApiError {
    fn from(e: DbError) -> Self {
        if e.is_unavailable() {
            log_unavailable(&e);
            return ApiError::new(ErrorCode::Unavailable)
                .retry_after(std::time::Duration::from_secs(5));
        }
        ApiError::internal(e)
    }
}

impl From<TextError> for FieldIssue {
    fn from(e: TextError) -> Self {
        match e {
            TextError::Empty => FieldIssue::Required,
            TextError::TooLong { max } => FieldIssue::TooLong { max },
            TextError::ControlCharacter => FieldIssue::Format {
                expected: "text without control characters",
            },
        }
    }
}

impl From<CodeFormatError> for FieldIssue {
    fn from(e: CodeFormatError) -> Self {
        FieldIssue::Format {
            expected: e.expected,
        }
    }
}

impl From<DistrictError> for FieldIssue {
    fn from(e: DistrictError) -> Self {
        match e {
            DistrictError::Format => FieldIssue::Format {
                expected: "six digits (GB/T 2260), e.g. 330102",
            },
            DistrictError::NotCountyLevel => FieldIssue::Rule {
                zh: "须为区县级行政区划代码",
                en: e.to_string(),
            },
        }
    }
}

impl From<GeoError> for FieldIssue {
    fn from(_: GeoError) -> Self {
        FieldIssue::OutOfRange
    }
}

impl From<PasswordError> for FieldIssue {
    fn from(e: PasswordError) -> Self {
        match e {
            PasswordError::TooShort { min } => FieldIssue::TooShort { min },
            PasswordError::TooLong { max } => FieldIssue::TooLong { max },
            PasswordError::TooSimple => FieldIssue::Rule {
                zh: "须至少包含字母、数字、其他字符中的两类",
                en: e.to_string(),
            },
        }
    }
}

impl From<ItemError> for FieldIssue {
    fn from(e: ItemError) -> Self {
        let zh = match e {
            ItemError::Weight => "分值须在 1 到 100 之间",
            ItemError::Thresholds => "阈值须为非负数，至少给出一个，且一般问题阈值低于严重问题阈值",
            ItemError::NoApplicability => "须至少适用于一类窗口单位",
            ItemError::OptionalNotApplicable => "只能对适用的单位类型设为可选",
        };
        FieldIssue::Rule {
            zh,
            en: e.to_string(),
        }
    }
}

impl From<AccountError> for ApiError {
    fn from(e: AccountError) -> Self {
        let (field, zh) = match e {
            AccountError::UnitManagerWithoutUnit => ("unit_id", "窗口单位负责人须绑定单位"),
            AccountError::InspectorWithoutDistrict => ("district", "暗访员须有所属区县"),
            AccountError::UnitNotAllowed => ("unit_id", "只有窗口单位负责人和暗访员可绑定单位"),
        };
        ApiError::field(
            field,
            FieldIssue::Rule {
                zh,
                en: e.to_string(),
            },
        )
    }
}

impl From<ChecklistError> for ApiError {
    fn from(e: ChecklistError) -> Self {
        match e {
            ChecklistError::Published => ApiError::new(ErrorCode::ChecklistPublished),
            ChecklistError::NoItems => ApiError::field(
                "items",
                FieldIssue::Rule {
                    zh: "至少需要一个要点",
                    en: e.to_string(),
                },
            ),
            ChecklistError::DuplicateItem(_) => ApiError::field(
                "items",
                FieldIssue::Rule {
                    zh: "要点编码重复",
                    en: e.to_string(),
                },
            ),
        }
    }
}

impl From<TransitionError> for ApiError {
    fn from(e: TransitionError) -> Self {
        ApiError::new(match e {
            TransitionError::NotAuthor | TransitionError::OwnReport => ErrorCode::Forbidden,
            TransitionError::Illegal { .. } => ErrorCode::IllegalTransition,
            TransitionError::LeaseHeldByOther => ErrorCode::ReportClaimed,
            TransitionError::NotClaimed => ErrorCode::NotClaimed,
        })
    }
}

impl From<SettingsError> for ApiError {
    fn from(e: SettingsError) -> Self {
        let field: &str = match &e {
            SettingsError::OutOfRange { key, .. } => key,
            SettingsError::VisitBounds => "min_visit_minutes",
        };
        ApiError::field(
            field,
            FieldIssue::Rule {
                zh: "设置值超出允许范围或相互矛盾",
                en: e.to_string(),
            },
        )
    }
}

/// Each refused rating names its place in the request: `ratings[3].item_code`, `ratings[3].value` …
impl From<RatingsError> for ApiError {
    fn from(e: RatingsError) -> Self {
        let fields = e
            .0
            .into_iter()
            .map(|(i, error)| {
                let (field, zh) = match error {
                    RatingError::UnknownItem => ("item_code", "不是该版本暗访要点中的要点"),
                    RatingError::NotApplicable => ("item_code", "不适用于该类窗口单位"),
                    RatingError::Duplicate => ("item_code", "同一要点重复评价"),
                    RatingError::OutcomeRequired => ("outcome", "判断类要点需给出评价结果"),
                    RatingError::ValueOnJudgement => ("value", "判断类要点不填测量值"),
                    RatingError::OutcomeOnMeasurement => {
                        ("outcome", "测量类要点由服务器根据测量值判定")
                    }
                    RatingError::ValueRequired => ("value", "测量类要点需填写测量值"),
                    RatingError::ValueOutOfRange => ("value", "测量值须为非负数"),
                    RatingError::UnansweredNotAllowed => ("unanswered", "该要点不能标记为未接通"),
                };
                super::FieldError::new(
                    format!("ratings[{i}].{field}"),
                    FieldIssue::Rule {
                        zh,
                        en: error.to_string(),
                    },
                )
            })
            .collect();
        ApiError::fields(fields)
    }
}

impl From<CampaignError> for ApiError {
    fn from(e: CampaignError) -> Self {
        match e {
            CampaignError::EndsBeforeStart => ApiError::field(
                "ends_on",
                FieldIssue::Rule {
                    zh: "结束日期不能早于开始日期",
                    en: e.to_string(),
                },
            ),
            CampaignError::NoUnitTypes => ApiError::field("unit_types", FieldIssue::Required),
            CampaignError::Status(_) => ApiError::new(ErrorCode::IllegalTransition),
            CampaignError::DrawHasReports => ApiError::new(ErrorCode::DrawLocked),
        }
    }
}

/// Which rule could not be met, for which unit type.
impl From<DrawError> for ApiError {
    fn from(e: DrawError) -> Self {
        let (field, zh) = match &e {
            DrawError::NoInspectors => ("team_size", "没有可用的暗访员"),
            DrawError::NotEnoughUnits { .. } => {
                ("units_per_type", "可抽取的单位不足（含回避规则排除的单位）")
            }
            DrawError::CannotBalance { .. } => {
                ("team_size", "无法在工作量相差不超过一次的前提下组队")
            }
        };
        let mut error = ApiError::field(
            field,
            FieldIssue::Rule {
                zh,
                en: e.to_string(),
            },
        );
        error.code = ErrorCode::DrawImpossible;
        error
    }
}
