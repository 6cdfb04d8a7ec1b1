use std::str::FromStr;

use crate::catalog::CodeFormatError;

/// How the inspector reached the unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Channel {
    OnSite,
    Phone,
    Online,
    /// 调录像: reviewing the unit's own video recordings.
    VideoReview,
}

impl Channel {
    pub const ALL: [Channel; 4] = [
        Channel::OnSite,
        Channel::Phone,
        Channel::Online,
        Channel::VideoReview,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::OnSite => "on_site",
            Channel::Phone => "phone",
            Channel::Online => "online",
            Channel::VideoReview => "video_review",
        }
    }
}

impl FromStr for Channel {
    type Err = CodeFormatError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Channel::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or(CodeFormatError {
                expected: "one of on_site, phone, online, video_review",
            })
    }
}
