//! Words of the ledger and of notices as the bureau reads them.

/// How a status or severity reads in Chinese.
pub fn zh(word: &str) -> &'static str {
    match word {
        "open" => "待整改",
        "rectifying" => "整改中",
        "rectified" => "已整改待核验",
        "verified" => "已核验",
        "overdue" => "逾期未整改",
        "overturned" => "申诉撤销",
        "major" => "严重",
        "minor" => "一般",
        "draft" => "草稿",
        "published" => "已发布",
        _ => "",
    }
}

/// How a visit was made, as a sentence's verb phrase reads it.
pub fn channel_zh(channel: &str) -> &'static str {
    match channel {
        "on_site" => "现场暗访",
        "phone" => "电话暗访",
        "online" => "网上暗访",
        "video_review" => "调阅录像",
        _ => "暗访",
    }
}
