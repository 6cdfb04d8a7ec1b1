//! Refresh tokens: 256 random bits, shown to the client once, stored only as a SHA-256 hash.

use sha2::{Digest, Sha256};

pub struct RefreshToken(String);

impl RefreshToken {
    pub fn generate() -> Self {
        Self(anfang_infra::secrets::random_token(32))
    }

    pub fn hash(&self) -> String {
        hash_refresh_token(&self.0)
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

pub fn hash_refresh_token(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
