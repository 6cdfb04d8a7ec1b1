use actix_web::http::StatusCode;

use super::Language;

/// Every error anfang answers with. The `as_str` names are a contract with clients (and are
/// listed in the README): never rename one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    MalformedBody,
    UnknownField,
    InvalidParameter,
    InvalidCursor,
    ValidationFailed,
    Unauthorized,
    InvalidCredentials,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    UsernameTaken,
    UnitCodeTaken,
    DistrictExists,
    ChecklistPublished,
    ReportNotEditable,
    IllegalTransition,
    ReportClaimed,
    NotClaimed,
    EditConflict,
    PreconditionFailed,
    PreconditionRequired,
    ReportIncomplete,
    IdempotencyKeyReused,
    InvalidHeader,
    DrawImpossible,
    DrawLocked,
    PhotoConflict,
    InvalidImage,
    AppealExists,
    NoticePublished,
    NoticeSigned,
    NoticeAwaitingSignature,
    NoticeNotSubmitted,
    NoticeUnsigned,
    NoticeNotPublished,
    FollowUpPending,
    UploadOffsetMismatch,
    UploadCompleted,
    UploadConflict,
    UploadExpired,
    ChecksumMismatch,
    InvalidRecording,
    TusVersionUnsupported,
    ClientUpdateRequired,
    PayloadTooLarge,
    UnsupportedMediaType,
    TooManyRequests,
    Internal,
    Unavailable,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::MalformedBody => "malformed_body",
            ErrorCode::UnknownField => "unknown_field",
            ErrorCode::InvalidParameter => "invalid_parameter",
            ErrorCode::InvalidCursor => "invalid_cursor",
            ErrorCode::ValidationFailed => "validation_failed",
            ErrorCode::Unauthorized => "unauthorized",
            ErrorCode::InvalidCredentials => "invalid_credentials",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::NotFound => "not_found",
            ErrorCode::MethodNotAllowed => "method_not_allowed",
            ErrorCode::UsernameTaken => "username_taken",
            ErrorCode::UnitCodeTaken => "unit_code_taken",
            ErrorCode::DistrictExists => "district_exists",
            ErrorCode::ChecklistPublished => "checklist_published",
            ErrorCode::ReportNotEditable => "report_not_editable",
            ErrorCode::IllegalTransition => "illegal_transition",
            ErrorCode::ReportClaimed => "report_claimed",
            ErrorCode::NotClaimed => "not_claimed",
            ErrorCode::EditConflict => "edit_conflict",
            ErrorCode::PreconditionFailed => "precondition_failed",
            ErrorCode::PreconditionRequired => "precondition_required",
            ErrorCode::ReportIncomplete => "report_incomplete",
            ErrorCode::IdempotencyKeyReused => "idempotency_key_reused",
            ErrorCode::InvalidHeader => "invalid_header",
            ErrorCode::DrawImpossible => "draw_impossible",
            ErrorCode::DrawLocked => "draw_locked",
            ErrorCode::PhotoConflict => "photo_conflict",
            ErrorCode::InvalidImage => "invalid_image",
            ErrorCode::AppealExists => "appeal_exists",
            ErrorCode::NoticePublished => "notice_published",
            ErrorCode::NoticeSigned => "notice_signed",
            ErrorCode::NoticeAwaitingSignature => "notice_awaiting_signature",
            ErrorCode::NoticeNotSubmitted => "notice_not_submitted",
            ErrorCode::NoticeUnsigned => "notice_unsigned",
            ErrorCode::NoticeNotPublished => "notice_not_published",
            ErrorCode::FollowUpPending => "follow_up_pending",
            ErrorCode::UploadOffsetMismatch => "upload_offset_mismatch",
            ErrorCode::UploadCompleted => "upload_completed",
            ErrorCode::UploadConflict => "upload_conflict",
            ErrorCode::UploadExpired => "upload_expired",
            ErrorCode::ChecksumMismatch => "checksum_mismatch",
            ErrorCode::InvalidRecording => "invalid_recording",
            ErrorCode::TusVersionUnsupported => "tus_version_unsupported",
            ErrorCode::ClientUpdateRequired => "client_update_required",
            ErrorCode::PayloadTooLarge => "payload_too_large",
            ErrorCode::UnsupportedMediaType => "unsupported_media_type",
            ErrorCode::TooManyRequests => "too_many_requests",
            ErrorCode::Internal => "internal_error",
            ErrorCode::Unavailable => "service_unavailable",
        }
    }

    pub fn status(self) -> StatusCode {
        use ErrorCode::*;
        match self {
            MalformedBody | UnknownField | InvalidParameter | InvalidHeader => {
                StatusCode::BAD_REQUEST
            }
            ValidationFailed | InvalidCursor | ReportIncomplete | IdempotencyKeyReused
            | DrawImpossible | InvalidImage | InvalidRecording => StatusCode::UNPROCESSABLE_ENTITY,
            Unauthorized | InvalidCredentials => StatusCode::UNAUTHORIZED,
            Forbidden => StatusCode::FORBIDDEN,
            NotFound => StatusCode::NOT_FOUND,
            MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            UsernameTaken
            | UnitCodeTaken
            | DistrictExists
            | ChecklistPublished
            | ReportNotEditable
            | IllegalTransition
            | ReportClaimed
            | NotClaimed
            | EditConflict
            | DrawLocked
            | PhotoConflict
            | AppealExists
            | NoticePublished
            | NoticeSigned
            | NoticeAwaitingSignature
            | NoticeNotSubmitted
            | NoticeUnsigned
            | NoticeNotPublished
            | FollowUpPending
            | UploadOffsetMismatch
            | UploadCompleted
            | UploadConflict => StatusCode::CONFLICT,
            UploadExpired => StatusCode::GONE,
            // tus 1.0's own status for a checksum that does not hold.
            ChecksumMismatch => StatusCode::from_u16(460).unwrap_or(StatusCode::BAD_REQUEST),
            TusVersionUnsupported => StatusCode::PRECONDITION_FAILED,
            ClientUpdateRequired => StatusCode::UPGRADE_REQUIRED,
            PreconditionFailed => StatusCode::PRECONDITION_FAILED,
            PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
            PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            Internal => StatusCode::INTERNAL_SERVER_ERROR,
            Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    pub fn title(self, language: Language) -> &'static str {
        let (zh, en) = match self {
            ErrorCode::MalformedBody => (
                "请求体不是有效的 JSON",
                "The request body is not valid JSON",
            ),
            ErrorCode::UnknownField => (
                "请求包含不允许的字段",
                "The request contains a field that is not allowed",
            ),
            ErrorCode::InvalidParameter => ("请求参数无效", "A request parameter is invalid"),
            ErrorCode::InvalidCursor => (
                "分页游标无效，请从第一页重新获取",
                "The cursor is not one this server issued; start again from the first page",
            ),
            ErrorCode::ValidationFailed => {
                ("提交的数据未通过校验", "The submitted data is invalid")
            }
            ErrorCode::Unauthorized => ("需要有效的登录凭证", "A valid access token is required"),
            ErrorCode::InvalidCredentials => ("用户名或密码错误", "Wrong username or password"),
            ErrorCode::Forbidden => ("无权执行此操作", "You may not do this"),
            ErrorCode::NotFound => ("资源不存在", "Not found"),
            ErrorCode::MethodNotAllowed => ("不支持该请求方法", "Method not allowed"),
            ErrorCode::UsernameTaken => ("用户名已被使用", "The username is taken"),
            ErrorCode::UnitCodeTaken => ("单位编码已被使用", "The unit code is taken"),
            ErrorCode::DistrictExists => (
                "该区县代码已登记，如需改名请修改名称",
                "The district is listed already; rename it instead",
            ),
            ErrorCode::ChecklistPublished => (
                "已发布的暗访要点版本不可修改",
                "A published checklist version cannot change",
            ),
            ErrorCode::ReportNotEditable => (
                "报告已提交，不能再修改",
                "The report has been submitted and can no longer change",
            ),
            ErrorCode::IllegalTransition => (
                "报告当前状态不允许此操作",
                "The report's status does not allow this",
            ),
            ErrorCode::ReportClaimed => (
                "另一位督查人员正在审核此报告",
                "Another supervisor is reviewing this report",
            ),
            ErrorCode::NotClaimed => ("请先领取报告再审核", "Claim the report before reviewing it"),
            ErrorCode::EditConflict => (
                "报告已被他人修改，请刷新后重试",
                "The report changed meanwhile; reload and try again",
            ),
            ErrorCode::PreconditionFailed => (
                "报告已更新，请使用最新版本",
                "The report has changed since the version you sent (If-Match)",
            ),
            ErrorCode::PreconditionRequired => (
                "修改报告需提供 If-Match 版本号",
                "Changing a report needs If-Match with its ETag",
            ),
            ErrorCode::ReportIncomplete => (
                "报告尚不完整，不能提交",
                "The report is not complete and cannot be submitted",
            ),
            ErrorCode::IdempotencyKeyReused => (
                "该幂等键已用于另一请求",
                "This Idempotency-Key was used for a different request",
            ),
            ErrorCode::InvalidHeader => ("请求头无效", "A request header is invalid"),
            ErrorCode::DrawImpossible => {
                ("按抽取规则无法完成抽签", "The draw's rules cannot be met")
            }
            ErrorCode::AppealExists => ("每个问题只能申诉一次", "A finding may be appealed once"),
            ErrorCode::FollowUpPending => (
                "复查尚未完成，暂不能核验",
                "A required follow-up visit has not been reported yet",
            ),
            ErrorCode::NoticePublished => (
                "通报已发布，不能再更改",
                "The notice is published; it never changes",
            ),
            ErrorCode::NoticeSigned => (
                "通报已签发，不能再更改",
                "The notice is signed; it no longer changes",
            ),
            ErrorCode::NoticeAwaitingSignature => (
                "通报正在送签，请先退回再修改",
                "The notice awaits signature; return it to draft to change it",
            ),
            ErrorCode::NoticeNotSubmitted => (
                "只有送签中的通报才能签发或退回，只有草稿才能送签",
                "Only a notice awaiting signature can be signed or returned, and only a draft submitted",
            ),
            ErrorCode::NoticeUnsigned => (
                "通报须经领导签发后才能发布",
                "The notice must be signed by a leader before it is published",
            ),
            ErrorCode::NoticeNotPublished => (
                "整改通知书随通报发布下发，通报尚未发布",
                "Rectification orders are issued when the notice is published",
            ),
            ErrorCode::UploadOffsetMismatch => (
                "上传偏移量与已收到的字节数不符，请先查询进度（HEAD）再续传",
                "Upload-Offset is not where the upload stands; ask with HEAD and resume from there",
            ),
            ErrorCode::UploadCompleted => (
                "上传已完成，证据请通过其自身的接口修改",
                "The upload is complete; change its evidence through its own endpoint",
            ),
            ErrorCode::UploadConflict => (
                "该证据编号正在以不同的大小或类型上传",
                "This evidence id is being uploaded with another length or kind",
            ),
            ErrorCode::UploadExpired => (
                "上传已过期，请重新开始",
                "The upload expired before it was complete; start it again",
            ),
            ErrorCode::ChecksumMismatch => (
                "本次数据的校验值不符，未被接收",
                "The checksum does not match the bytes sent; they were not kept",
            ),
            ErrorCode::InvalidRecording => ("录音录像无法接受", "The recording cannot be accepted"),
            ErrorCode::TusVersionUnsupported => (
                "需要 Tus-Resumable: 1.0.0",
                "This server speaks tus 1.0.0 (Tus-Resumable: 1.0.0)",
            ),
            ErrorCode::ClientUpdateRequired => (
                "请将暗访 App 更新到最新版本",
                "This version of the app is no longer served: update it",
            ),
            ErrorCode::PhotoConflict => (
                "该照片编号已用于另一张照片",
                "This photo id is already used for different bytes",
            ),
            ErrorCode::InvalidImage => ("图片无法接受", "The image cannot be accepted"),
            ErrorCode::DrawLocked => (
                "已有暗访报告，不能重新抽签",
                "A drawn visit already has a report; the draw cannot run again",
            ),
            ErrorCode::PayloadTooLarge => ("请求体过大", "The request body is too large"),
            ErrorCode::UnsupportedMediaType => ("不支持的内容类型", "Unsupported content type"),
            ErrorCode::TooManyRequests => (
                "尝试次数过多，请稍后再试",
                "Too many attempts; try again later",
            ),
            ErrorCode::Internal => ("服务器内部错误", "Internal server error"),
            ErrorCode::Unavailable => (
                "服务暂不可用，请稍后再试",
                "Service unavailable; try again later",
            ),
        };
        match language {
            Language::Zh => zh,
            Language::En => en,
        }
    }
}
