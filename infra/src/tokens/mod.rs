//! Access tokens: HS256 JWTs with `exp`, `nbf`, `iss`, `aud` and `sub` all required and
//! checked, a `kid` naming the key (so keys can be rotated), and `sid` naming the session.

mod hmac_provider;

use std::collections::HashMap;

use anfang_domain::ids::{SessionId, UserId};
use chrono::{DateTime, Duration, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub const ISSUER: &str = "anfang";
pub const AUDIENCE: &str = "anfang-api";
/// Marks an access token, so no other JWT we might issue later can stand in for one.
const ACCESS_TYPE: &str = "access";

#[derive(Debug, Serialize, Deserialize)]
pub struct AccessClaims {
    pub sub: String,
    pub sid: String,
    pub iss: String,
    pub aud: String,
    pub exp: i64,
    pub nbf: i64,
    pub iat: i64,
    pub typ: String,
}

/// Signing and verification keys. The current key signs; it and any previous keys verify,
/// chosen by `kid`.
pub struct TokenKeys {
    kid: String,
    encoding: EncodingKey,
    decoding: HashMap<String, DecodingKey>,
    validation: Validation,
    pub access_ttl: Duration,
}

/// A key id that names a secret without revealing it: the first bytes of its SHA-256.
fn key_id(secret: &[u8]) -> String {
    crate::secrets::hex(&Sha256::digest(secret)[..6])
}

impl TokenKeys {
    pub fn new(secret: &[u8], previous: &[Vec<u8>], access_ttl: Duration) -> Self {
        hmac_provider::install();
        let kid = key_id(secret);
        let mut decoding = HashMap::from([(kid.clone(), DecodingKey::from_secret(secret))]);
        for old in previous {
            decoding.insert(key_id(old), DecodingKey::from_secret(old));
        }
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
        validation.validate_exp = true;
        validation.validate_nbf = true;
        validation.leeway = 5;
        Self {
            kid,
            encoding: EncodingKey::from_secret(secret),
            decoding,
            validation,
            access_ttl,
        }
    }

    pub fn issue(
        &self,
        user: UserId,
        session: SessionId,
        now: DateTime<Utc>,
    ) -> Result<String, jsonwebtoken::errors::Error> {
        let claims = AccessClaims {
            sub: user.to_string(),
            sid: session.to_string(),
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            iat: now.timestamp(),
            nbf: now.timestamp(),
            exp: (now + self.access_ttl).timestamp(),
            typ: ACCESS_TYPE.into(),
        };
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some(self.kid.clone());
        jsonwebtoken::encode(&header, &claims, &self.encoding)
    }

    /// The user and session an access token names, if it is genuine and current. Every way a
    /// token can be wrong gives `None`: the caller answers 401 without saying why.
    pub fn verify(&self, token: &str) -> Option<(UserId, SessionId)> {
        let header = jsonwebtoken::decode_header(token).ok()?;
        if header.alg != Algorithm::HS256 {
            return None;
        }
        let key = self.decoding.get(header.kid.as_deref()?)?;
        let data = jsonwebtoken::decode::<AccessClaims>(token, key, &self.validation).ok()?;
        if data.claims.typ != ACCESS_TYPE {
            return None;
        }
        Some((data.claims.sub.parse().ok()?, data.claims.sid.parse().ok()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(secret: &[u8]) -> TokenKeys {
        TokenKeys::new(secret, &[], Duration::minutes(15))
    }

    #[test]
    fn an_issued_token_verifies_to_its_user_and_session() {
        let keys = keys(&[7; 32]);
        let (user, session) = (UserId::new_random(), SessionId::new_random());
        let token = keys.issue(user, session, Utc::now()).unwrap();
        assert_eq!(keys.verify(&token), Some((user, session)));
    }

    #[test]
    fn a_token_signed_with_another_key_is_refused_until_that_key_is_listed() {
        let old = keys(&[1; 32]);
        let token = old
            .issue(UserId::new_random(), SessionId::new_random(), Utc::now())
            .unwrap();
        assert_eq!(keys(&[2; 32]).verify(&token), None);
        let rotated = TokenKeys::new(&[2; 32], &[vec![1; 32]], Duration::minutes(15));
        assert!(rotated.verify(&token).is_some());
    }

    #[test]
    fn an_expired_token_is_refused() {
        let keys = keys(&[7; 32]);
        let issued = Utc::now() - Duration::hours(1);
        let token = keys
            .issue(UserId::new_random(), SessionId::new_random(), issued)
            .unwrap();
        assert_eq!(keys.verify(&token), None);
    }
}
