//! Password hashing with argon2id (the `argon2` crate's defaults: OWASP's recommended
//! m=19 MiB, t=2, p=1). Hashing is CPU-bound: call these from a blocking thread.

use std::sync::LazyLock;

use anfang_domain::user::Password;
use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

#[derive(Debug, thiserror::Error)]
#[error("password hashing failed: {0}")]
pub struct HashError(String);

pub fn hash(password: &Password) -> Result<String, HashError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.expose().as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| HashError(e.to_string()))
}

/// Does `candidate` match the stored hash? A malformed stored hash never matches.
pub fn verify(candidate: &str, stored_hash: &str) -> bool {
    PasswordHash::new(stored_hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(candidate.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A hash of a random password, verified against when the account does not exist, so that an
/// unknown user costs the same time as a wrong password.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    let random = crate::secrets::random_token(24);
    Password::parse(&format!("{random}-1"))
        .ok()
        .and_then(|p| hash(&p).ok())
        .unwrap_or_default()
});

/// Computes the stand-in hash now, at start-up, so that the first unknown-user login does not
/// take longer than the others.
pub fn warm_up() {
    LazyLock::force(&DUMMY_HASH);
}

/// Spends the time of one verification and returns false.
pub fn verify_against_nothing(candidate: &str) -> bool {
    verify(candidate, &DUMMY_HASH);
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let password = Password::parse("correct horse 42").unwrap();
        let stored = hash(&password).unwrap();
        assert!(stored.starts_with("$argon2id$"));
        assert!(verify("correct horse 42", &stored));
        assert!(!verify("correct horse 43", &stored));
        assert!(!verify("correct horse 42", "not a hash"));
        assert!(!verify_against_nothing("correct horse 42"));
    }
}
