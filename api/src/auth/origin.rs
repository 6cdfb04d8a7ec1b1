//! Where a request came from, for the audit log and per-address throttling.

use std::future::{Ready, ready};
use std::net::IpAddr;

use actix_web::dev::Payload;
use actix_web::http::header::{self, HeaderMap};
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use anfang_infra::db::audit::RequestOrigin;

use crate::middleware::RequestId;
use crate::state::AppState;

/// The client address, the request id, the user agent, and the client's clock.
pub struct Origin(pub RequestOrigin);

/// The client's address behind `hops` trusted proxies. Each proxy appends the address it was
/// reached from to `X-Forwarded-For`, so only the right-most `hops` entries are the proxies'
/// word; everything left of them is whatever the client chose to send. The entry the farthest
/// trusted proxy appended is the client. Without proxies, or without a usable entry, the peer.
pub fn client_address(peer: Option<IpAddr>, headers: &HeaderMap, hops: usize) -> Option<IpAddr> {
    if hops == 0 {
        return peer;
    }
    let entries: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    // Fewer entries than proxies: every entry was appended by a trusted proxy.
    let client = entries.len().saturating_sub(hops);
    entries
        .get(client)
        .and_then(|entry| entry.parse::<IpAddr>().ok())
        .or(peer)
}

impl FromRequest for Origin {
    type Error = actix_web::Error;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let hops = req
            .app_data::<web::Data<AppState>>()
            .map_or(0, |s| s.proxy_hops);
        let client_ip = client_address(req.peer_addr().map(|a| a.ip()), req.headers(), hops)
            .map(|ip| ip.to_string());
        let request_id = req.extensions().get::<RequestId>().map(|id| id.0.clone());
        let user_agent = req
            .headers()
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(|ua| ua.chars().take(256).collect());
        // A phone's clock, as its `Date` says; a date that does not parse says nothing.
        let device_time = req
            .headers()
            .get(header::DATE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<header::HttpDate>().ok())
            .map(|d| chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::from(d)));
        ready(Ok(Origin(RequestOrigin {
            client_ip,
            request_id,
            user_agent,
            device_time,
        })))
    }
}

#[cfg(test)]
mod tests {
    use actix_web::http::header::HeaderValue;

    use super::*;

    fn forwarded(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for v in values {
            headers.append(
                header::HeaderName::from_static("x-forwarded-for"),
                HeaderValue::from_str(v).unwrap(),
            );
        }
        headers
    }

    fn ip(s: &str) -> Option<IpAddr> {
        Some(s.parse().unwrap())
    }

    #[test]
    fn the_client_cannot_choose_its_address_behind_one_proxy() {
        let peer = ip("10.0.0.2");
        // The client sent "1.1.1.1"; the proxy appended the address it saw.
        let headers = forwarded(&["1.1.1.1, 203.0.113.7"]);
        assert_eq!(client_address(peer, &headers, 1), ip("203.0.113.7"));
        assert_eq!(
            client_address(peer, &headers, 0),
            peer,
            "no proxy: the peer"
        );
    }

    #[test]
    fn two_proxies_count_two_entries_from_the_right() {
        let peer = ip("10.0.0.2");
        let headers = forwarded(&["6.6.6.6, 203.0.113.7", "10.0.0.9"]);
        assert_eq!(client_address(peer, &headers, 2), ip("203.0.113.7"));
    }

    #[test]
    fn without_a_usable_entry_the_peer_is_the_client() {
        let peer = ip("10.0.0.2");
        assert_eq!(client_address(peer, &HeaderMap::new(), 1), peer);
        assert_eq!(
            client_address(peer, &forwarded(&["not-an-address"]), 1),
            peer
        );
        assert_eq!(
            client_address(peer, &forwarded(&["203.0.113.7"]), 3),
            ip("203.0.113.7")
        );
    }
}
