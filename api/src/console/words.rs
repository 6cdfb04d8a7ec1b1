//! The console's words for the system's codes (statuses, outcomes, channels, flags), in both
//! languages.

use anfang_domain::report::{Channel, Grade, IntegrityFlag, Outcome, ReportStatus};

use super::lang::t;
use crate::error::Language;

pub fn status(lang: Language, s: ReportStatus) -> &'static str {
    match s {
        ReportStatus::Draft => t(lang, "草稿", "draft"),
        ReportStatus::Submitted => t(lang, "待审核", "submitted"),
        ReportStatus::InReview => t(lang, "审核中", "in review"),
        ReportStatus::Approved => t(lang, "已通过", "approved"),
        ReportStatus::Returned => t(lang, "已退回", "returned"),
        ReportStatus::Rejected => t(lang, "已驳回", "rejected"),
    }
}

pub fn outcome(lang: Language, o: Outcome) -> &'static str {
    match o {
        Outcome::Ok => t(lang, "无问题", "ok"),
        Outcome::Minor => t(lang, "一般问题", "minor"),
        Outcome::Major => t(lang, "严重问题", "major"),
        Outcome::Na => t(lang, "不适用", "n/a"),
    }
}

pub fn channel(lang: Language, c: Channel) -> &'static str {
    match c {
        Channel::OnSite => t(lang, "现场暗访", "on site"),
        Channel::Phone => t(lang, "电话暗访", "by phone"),
        Channel::Online => t(lang, "网上暗访", "online"),
        Channel::VideoReview => t(lang, "调阅录像", "video review"),
    }
}

pub fn grade(lang: Language, g: Grade) -> &'static str {
    match lang {
        Language::Zh => g.name_zh(),
        Language::En => g.as_str(),
    }
}

/// What an integrity flag means, for the reviewer deciding whether to trust the report.
pub fn flag(lang: Language, f: IntegrityFlag) -> &'static str {
    match f {
        IntegrityFlag::ImplausibleDuration => t(
            lang,
            "暗访时长不合常理（过短或过长）",
            "The visit was implausibly short or long",
        ),
        IntegrityFlag::LateSubmission => t(
            lang,
            "暗访结束很久之后才提交",
            "Submitted long after the visit ended",
        ),
        IntegrityFlag::PhotoOutsideVisit => t(
            lang,
            "有照片的拍摄时间不在暗访时段内",
            "A photo was taken outside the visit's time",
        ),
        IntegrityFlag::PhotoOutsideGeofence => t(
            lang,
            "有照片的拍摄位置不在单位附近",
            "A photo was taken away from the unit",
        ),
        IntegrityFlag::DuplicatePhoto => t(
            lang,
            "有照片与另一份报告中的照片完全相同",
            "A photo is the same as one in another report",
        ),
        IntegrityFlag::NearDuplicatePhoto => t(
            lang,
            "有照片与另一份报告中的照片几乎相同",
            "A photo is nearly the same as one in another report",
        ),
        IntegrityFlag::NoCaptureMetadata => t(
            lang,
            "有照片没有拍摄时间信息，无法确认拍摄于暗访期间",
            "A photo has no capture time, so nothing shows it was taken during the visit",
        ),
        IntegrityFlag::DeviceClockSkew => t(
            lang,
            "手机时钟与服务器相差过大，报告中的时间不可轻信",
            "The phone's clock was far off the server's, so its times cannot be taken at their word",
        ),
    }
}

pub fn severity(lang: Language, severity: &str) -> &'static str {
    match severity {
        "major" => t(lang, "严重", "major"),
        _ => t(lang, "一般", "minor"),
    }
}

pub fn finding_status(lang: Language, status: &str) -> &'static str {
    match status {
        "open" => t(lang, "待整改", "open"),
        "rectifying" => t(lang, "整改中", "rectifying"),
        "rectified" => t(lang, "已整改待核验", "rectified, to verify"),
        "verified" => t(lang, "已核验销号", "verified"),
        "overdue" => t(lang, "逾期未整改", "overdue"),
        "overturned" => t(lang, "申诉撤销", "overturned on appeal"),
        _ => "",
    }
}

pub fn appeal_decision(lang: Language, decision: &str) -> &'static str {
    match decision {
        "uphold" => t(lang, "维持原认定", "upheld"),
        "overturn" => t(lang, "撤销认定", "overturned"),
        _ => "",
    }
}

pub fn visit_status(lang: Language, status: &str) -> &'static str {
    match status {
        "pending" => t(lang, "待暗访", "to visit"),
        "visited" => t(lang, "已到访", "visited"),
        "reported" => t(lang, "已报告", "reported"),
        _ => "",
    }
}

/// A rating's cited segment of a recording, after its note.
pub fn cited_segment(lang: Language, label: &str) -> String {
    match lang {
        Language::Zh => format!("（录音录像 {label}）"),
        Language::En => format!(" (recording, {label})"),
    }
}
