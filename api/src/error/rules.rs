//! The named rules a field can break: each one's stable code (a contract with clients, listed
//! in the README: never rename one) and its words, in Chinese and English. (The domain's own
//! error messages are for logs; what a client reads is written here.)

use anfang_domain::campaign::DrawError;
use anfang_domain::catalog::ItemError;
use anfang_domain::report::CitationError;
use anfang_domain::report::RatingError;
use anfang_domain::settings::SettingsError;
use anfang_domain::user::AccountError;
use anfang_infra::images::ImageError;
use anfang_infra::recordings::RecordingError;
use anfang_usecases::Rule;

use super::Language;

pub fn code(rule: &Rule) -> &'static str {
    match rule {
        Rule::CampaignNotActive => "campaign_not_active",
        Rule::AssignmentUnitMismatch => "assignment_unit_mismatch",
        Rule::UnitInactive => "unit_inactive",
        Rule::MajorWithoutEvidence => "major_without_evidence",
        Rule::EvidenceNotReceived => "evidence_not_received",
        Rule::EvidenceNotAsDeclared => "evidence_not_as_declared",
        Rule::EvidenceAlreadyReceived => "evidence_already_received",
        Rule::WrongCurrentPassword => "wrong_current_password",
        Rule::OwnAdminAccess => "own_admin_access",
        Rule::OwnPasswordViaMe => "own_password_via_me",
        Rule::DuplicateInspector => "duplicate_inspector",
        Rule::InspectorRecused => "inspector_recused",
        Rule::FollowUpCampaignNotActive => "follow_up_campaign_not_active",
        Rule::MonthNotBegun => "month_not_begun",
        Rule::RangeReversed => "range_reversed",
        Rule::VisitEndsBeforeStart => "visit_ends_before_start",
        Rule::VisitInFuture => "visit_in_future",
        Rule::CoordinatesPaired => "coordinates_paired",
        Rule::DimensionMismatch => "dimension_mismatch",
        Rule::MeasurementRule => "measurement_rule",
        Rule::CampaignEndsBeforeStart => "campaign_ends_before_start",
        Rule::DistrictNotCountyLevel => "district_not_county_level",
        Rule::PasswordTooSimple => "password_too_simple",
        Rule::Account(e) => match e {
            AccountError::UnitManagerWithoutUnit => "unit_manager_without_unit",
            AccountError::InspectorWithoutDistrict => "inspector_without_district",
            AccountError::UnitNotAllowed => "unit_not_allowed",
        },
        Rule::Item(e) => match e {
            ItemError::Weight => "item_weight",
            ItemError::Thresholds => "item_thresholds",
            ItemError::NoApplicability => "item_no_applicability",
            ItemError::OptionalNotApplicable => "item_optional_not_applicable",
        },
        Rule::ChecklistEmpty => "checklist_empty",
        Rule::DuplicateItem(_) => "duplicate_item",
        Rule::Setting(e) => match e {
            SettingsError::OutOfRange { .. } => "setting_out_of_range",
            SettingsError::VisitBounds => "visit_bounds",
        },
        Rule::Rating(e) => match e {
            RatingError::UnknownItem => "rating_unknown_item",
            RatingError::NotApplicable => "rating_not_applicable",
            RatingError::Duplicate => "rating_duplicate",
            RatingError::OutcomeRequired => "rating_outcome_required",
            RatingError::ValueOnJudgement => "rating_value_on_judgement",
            RatingError::OutcomeOnMeasurement => "rating_outcome_on_measurement",
            RatingError::ValueRequired => "rating_value_required",
            RatingError::ValueOutOfRange => "rating_value_out_of_range",
            RatingError::UnansweredNotAllowed => "rating_unanswered_not_allowed",
        },
        Rule::Draw(e) => match e {
            DrawError::NoInspectors => "no_inspectors",
            DrawError::NotEnoughUnits { .. } => "not_enough_units",
            DrawError::CannotBalance { .. } => "cannot_balance",
        },
        Rule::Image(e) => match e {
            ImageError::Empty => "image_empty",
            ImageError::TooLarge { .. } => "image_too_large",
            ImageError::Heic => "image_heic",
            ImageError::Unsupported => "image_unsupported",
            ImageError::DeclaredTypeLies { .. } => "image_type_mismatch",
            ImageError::TooManyPixels { .. } => "image_too_many_pixels",
            ImageError::TooCostly { .. } => "image_too_costly",
            ImageError::Truncated => "image_truncated",
            ImageError::Corrupt => "image_corrupt",
        },
        Rule::Citation(e) => match e {
            CitationError::Reversed => "citation_reversed",
            CitationError::TooLate => "citation_too_late",
        },
        Rule::CitationNotInRecording => "citation_not_in_recording",
        Rule::Recording(e) => match e {
            RecordingError::NotARecording => "recording_unsupported",
            RecordingError::Truncated => "recording_truncated",
            RecordingError::IndexTooLarge { .. } => "recording_index_too_large",
            RecordingError::Corrupt => "recording_corrupt",
            RecordingError::TooLarge { .. } => "recording_too_large",
            RecordingError::Storage(_) => "recording_unreadable",
        },
    }
}

pub fn message(rule: &Rule, language: Language) -> String {
    let (zh, en): (&str, String) = match rule {
        Rule::CampaignNotActive => (
            "该暗访批次未在进行中",
            "the visit's campaign is not under way".into(),
        ),
        Rule::AssignmentUnitMismatch => (
            "须与派单的窗口单位一致",
            "must be the unit of the assignment".into(),
        ),
        Rule::UnitInactive => ("该单位已停用", "the unit is inactive".into()),
        Rule::MajorWithoutEvidence => (
            "严重问题需附照片，或说明无照片原因（至少10个字）",
            "a major problem needs a linked photo, or a note of at least 10 characters saying why there is none".into(),
        ),
        Rule::EvidenceNotReceived => (
            "申报的证据文件尚未收到（可继续上传，或撤回申报）",
            "a declared evidence file has not arrived (send it, or withdraw it)".into(),
        ),
        Rule::EvidenceNotAsDeclared => (
            "文件与申报的大小或 SHA-256 不一致",
            "the file's size or SHA-256 is not the one declared".into(),
        ),
        Rule::EvidenceAlreadyReceived => (
            "该文件已收到，申报不能再改",
            "the file has arrived; its declaration can no longer change".into(),
        ),
        Rule::WrongCurrentPassword => ("当前密码不正确", "is not your current password".into()),
        Rule::OwnAdminAccess => (
            "不能停用自己的账号或取消自己的管理员角色",
            "you cannot disable your own account or drop your own admin role".into(),
        ),
        Rule::OwnPasswordViaMe => (
            "请通过 /me/password 修改自己的密码",
            "change your own password at /me/password, with your current one".into(),
        ),
        Rule::DuplicateInspector => ("重复的暗访员", "named twice".into()),
        Rule::InspectorRecused => (
            "须回避：不得检查本单位或本辖区的单位",
            "may not inspect a unit of their own unit or district".into(),
        ),
        Rule::FollowUpCampaignNotActive => {
            ("须为进行中的暗访批次", "must be a campaign under way".into())
        }
        Rule::MonthNotBegun => ("该月份尚未开始", "that month has not begun".into()),
        Rule::RangeReversed => ("结束日期不能早于开始日期", "must not be before from".into()),
        Rule::VisitEndsBeforeStart => (
            "结束时间不能早于开始时间",
            "the visit cannot end before it starts".into(),
        ),
        Rule::VisitInFuture => (
            "暗访时间不能晚于当前时间",
            "the visit cannot be in the future".into(),
        ),
        Rule::CoordinatesPaired => (
            "经纬度须同时提供",
            "give both latitude and longitude, or neither".into(),
        ),
        Rule::DimensionMismatch => (
            "维度须与要点编码前缀一致",
            "must match the prefix of the code".into(),
        ),
        Rule::MeasurementRule => (
            "仅测量类要点需提供测量规则",
            "is required for measurement items and not allowed otherwise".into(),
        ),
        Rule::CampaignEndsBeforeStart => (
            "结束日期不能早于开始日期",
            "the campaign cannot end before it starts".into(),
        ),
        Rule::DistrictNotCountyLevel => (
            "须为区县级行政区划代码",
            "is not a county-level code (the province, or the last two digits, are zero)".into(),
        ),
        Rule::PasswordTooSimple => (
            "须至少包含字母、数字、其他字符中的两类",
            "must mix at least two of: letters, digits, other characters".into(),
        ),
        Rule::Account(e) => match e {
            AccountError::UnitManagerWithoutUnit => (
                "窗口单位负责人须绑定单位",
                "a unit manager must be bound to a unit".into(),
            ),
            AccountError::InspectorWithoutDistrict => (
                "暗访员须有所属区县",
                "an inspector must have a home district".into(),
            ),
            AccountError::UnitNotAllowed => (
                "只有窗口单位负责人和暗访员可绑定单位",
                "only unit managers and inspectors belong to a unit".into(),
            ),
        },
        Rule::Item(e) => match e {
            ItemError::Weight => (
                "分值须在 1 到 100 之间",
                "weight must be between 1 and 100 points".into(),
            ),
            ItemError::Thresholds => (
                "阈值须为非负数，至少给出一个，且一般问题阈值低于严重问题阈值",
                "thresholds must be finite, non-negative, at least one given, and minor below major"
                    .into(),
            ),
            ItemError::NoApplicability => (
                "须至少适用于一类窗口单位",
                "the item must apply to at least one unit type".into(),
            ),
            ItemError::OptionalNotApplicable => (
                "只能对适用的单位类型设为可选",
                "an item can be optional only for unit types it applies to".into(),
            ),
        },
        Rule::ChecklistEmpty => (
            "至少需要一个要点",
            "a checklist needs at least one item".into(),
        ),
        Rule::DuplicateItem(code) => (
            "要点编码重复",
            format!("item {code} appears more than once"),
        ),
        Rule::Setting(e) => (
            "设置值超出允许范围或相互矛盾",
            match e {
                SettingsError::OutOfRange { key, min, max } => {
                    format!("{key} must be a whole number from {min} to {max}")
                }
                SettingsError::VisitBounds => {
                    "the shortest plausible visit must be shorter than the longest".into()
                }
            },
        ),
        Rule::Rating(e) => match e {
            RatingError::UnknownItem => (
                "不是该版本暗访要点中的要点",
                "is not an item of this checklist version".into(),
            ),
            RatingError::NotApplicable => (
                "不适用于该类窗口单位",
                "does not apply to this type of unit".into(),
            ),
            RatingError::Duplicate => ("同一要点重复评价", "is rated twice".into()),
            RatingError::OutcomeRequired => (
                "判断类要点需给出评价结果",
                "a judgement item needs an outcome".into(),
            ),
            RatingError::ValueOnJudgement => (
                "判断类要点不填测量值",
                "a judgement item takes an outcome, not a value".into(),
            ),
            RatingError::OutcomeOnMeasurement => (
                "测量类要点由服务器根据测量值判定",
                "a measured item takes a value (or na); the server derives its outcome".into(),
            ),
            RatingError::ValueRequired => (
                "测量类要点需填写测量值",
                "a measured item needs a value, or outcome na".into(),
            ),
            RatingError::ValueOutOfRange => (
                "测量值须为非负数",
                "the value must be a finite number, zero or more".into(),
            ),
            RatingError::UnansweredNotAllowed => (
                "该要点不能标记为未接通",
                "this item cannot be marked unanswered".into(),
            ),
        },
        Rule::Draw(e) => match e {
            DrawError::NoInspectors => ("没有可用的暗访员", "no inspectors in the pool".into()),
            DrawError::NotEnoughUnits {
                unit_type,
                wanted,
                available,
                avoided,
            } => (
                "可抽取的单位不足（含回避规则排除的单位）",
                format!(
                    "{unit_type}: {wanted} units wanted, {available} can be drawn ({avoided} more \
                     have too few inspectors from other units and districts)"
                ),
            ),
            DrawError::CannotBalance { unit_type } => (
                "无法在工作量相差不超过一次的前提下组队",
                format!(
                    "{unit_type}: the teams cannot be balanced so that workloads differ by at \
                     most one visit"
                ),
            ),
        },
        Rule::Image(e) => match e {
            ImageError::Empty => ("文件为空", "the file is empty".into()),
            ImageError::TooLarge { max } => (
                "文件超过大小限制（20 MiB）",
                format!("the file is larger than {max} bytes"),
            ),
            ImageError::Heic => (
                "暂不支持 HEIC/HEIF 照片，请上传 JPEG、PNG 或 WebP",
                "HEIC/HEIF photos are not supported yet; send JPEG, PNG or WebP".into(),
            ),
            ImageError::Unsupported => (
                "不支持的文件类型，请上传 JPEG、PNG 或 WebP",
                "not an image this service accepts; send JPEG, PNG or WebP".into(),
            ),
            ImageError::DeclaredTypeLies { declared, actual } => (
                "声明的文件类型与内容不符",
                format!("the declared type {declared} does not match the content ({actual})"),
            ),
            ImageError::TooManyPixels {
                width,
                height,
                max_side,
                max_pixels,
            } => (
                "图片尺寸超过限制（每边 8192 像素、总计 5000 万像素）",
                format!(
                    "the image is {width}×{height}; at most {max_side} px a side and \
                     {max_pixels} pixels"
                ),
            ),
            ImageError::TooCostly { needed, max } => (
                "图片解码所需内存超过限制（16 位色深、透明通道或渐进式 JPEG 时像素上限更低）",
                format!("decoding the image would take {needed} bytes of memory; at most {max}"),
            ),
            ImageError::Truncated => (
                "JPEG 文件不完整",
                "the JPEG is truncated (no end-of-image marker)".into(),
            ),
            ImageError::Corrupt => ("图片无法解码", "the image cannot be decoded".into()),
        },
        Rule::Citation(e) => match e {
            CitationError::Reversed => (
                "引用片段的结束时间须晚于开始时间",
                "a cited segment must end after it starts".into(),
            ),
            CitationError::TooLate => (
                "引用片段须在录音录像开始后 24 小时之内",
                "a cited segment lies within the first 24 hours of its recording".into(),
            ),
        },
        Rule::CitationNotInRecording => (
            "引用的录音录像不在本报告中，或片段超出其时长",
            "the cited recording is not one of the report's, or the segment runs past its end"
                .into(),
        ),
        Rule::Recording(e) => match e {
            RecordingError::NotARecording => (
                "不是可接受的录音录像，请上传 M4A、AMR、MP3、Ogg、WAV、MP4、MOV 或 3GP",
                "not a recording this service accepts; send M4A, AMR, MP3, Ogg, WAV, MP4, MOV or 3GP"
                    .into(),
            ),
            RecordingError::Truncated => (
                "录音录像文件不完整（索引缺失或超出文件末尾）",
                "the recording is cut short: its index is missing or runs past its end".into(),
            ),
            RecordingError::IndexTooLarge { max } => (
                "录音录像的索引大小异常",
                format!("the recording's index claims more than {max} bytes"),
            ),
            RecordingError::Corrupt => (
                "录音录像文件格式错误",
                "the recording's container is malformed".into(),
            ),
            RecordingError::TooLarge { max } => (
                "录音录像超过大小限制",
                format!("the recording is larger than {max} bytes"),
            ),
            RecordingError::Storage(_) => (
                "录音录像暂时无法读取",
                "the recording cannot be read at the moment".into(),
            ),
        },
    };
    match language {
        Language::Zh => zh.to_owned(),
        Language::En => en,
    }
}
