//! Refresh tokens: 256 random bits, shown to the client once, stored only as a SHA-256 hash.

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
    anfang_infra::secrets::sha256_hex(token.as_bytes())
}
