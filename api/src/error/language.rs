use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::Next;

use super::ApiError;

/// The language of messages: zh-CN unless the client prefers English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Language {
    #[default]
    Zh,
    En,
}

impl Language {
    pub fn tag(self) -> &'static str {
        match self {
            Language::Zh => "zh-CN",
            Language::En => "en",
        }
    }

    /// Picks from an `Accept-Language` header: the supported language with the highest
    /// q-value; on a tie, the one listed first; zh-CN when neither is acceptable.
    pub fn negotiate(header: Option<&str>) -> Self {
        let Some(header) = header else {
            return Language::Zh;
        };
        let mut best: Option<(f32, Language)> = None;
        for part in header.split(',') {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            let language = if tag == "en" || tag.starts_with("en-") {
                Language::En
            } else if tag == "zh" || tag.starts_with("zh-") {
                Language::Zh
            } else {
                continue;
            };
            if q > 0.0 && best.is_none_or(|(b, _)| q > b) {
                best = Some((q, language));
            }
        }
        best.map(|(_, l)| l).unwrap_or(Language::Zh)
    }
}

/// Renders error bodies again in English for clients that ask for it. Errors are created
/// far from the request (extractors, use cases), so the language is applied here, once.
pub async fn localize_errors(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let language = Language::negotiate(
        req.headers()
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    );
    let response = next.call(req).await?;
    if language == Language::Zh {
        return Ok(response.map_into_left_body());
    }
    let error = response.response().extensions().get::<ApiError>().cloned();
    Ok(match error {
        Some(error) => response
            .into_response(error.render(language))
            .map_into_right_body(),
        None => response.map_into_left_body(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_unless_english_is_preferred() {
        assert_eq!(Language::negotiate(None), Language::Zh);
        assert_eq!(Language::negotiate(Some("en-US,en;q=0.9")), Language::En);
        assert_eq!(
            Language::negotiate(Some("zh-CN,zh;q=0.9,en;q=0.8")),
            Language::Zh
        );
        assert_eq!(Language::negotiate(Some("fr, en;q=0.5")), Language::En);
        assert_eq!(Language::negotiate(Some("fr")), Language::Zh);
        assert_eq!(Language::negotiate(Some("en;q=0")), Language::Zh);
    }
}
