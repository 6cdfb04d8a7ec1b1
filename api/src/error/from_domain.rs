//! Domain and infrastructure errors, turned into answers. This is the only place that knows
//! both sides.

use anfang_domain::catalog::{ChecklistError, CodeFormatError, DistrictError, GeoError, ItemError};
use anfang_domain::text::TextError;
use anfang_domain::user::{AccountError, PasswordError};
use anfang_infra::db::DbError;

use super::{ApiError, ErrorCode, FieldIssue};

impl From<DbError> for ApiError {
    fn from(e: DbError) -> Self {
        match e {
            DbError::Pool(_) => {
                tracing::error!(error = %e, "database unavailable");
                ApiError::new(ErrorCode::Unavailable).retry_after(std::time::Duration::from_secs(5))
            }
            other => ApiError::internal(other),
        }
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
