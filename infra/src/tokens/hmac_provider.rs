//! The cryptography behind our JWTs: HMAC only, from RustCrypto's `hmac`. jsonwebtoken's own
//! backends bring every algorithm it knows, and with them `rsa` (RUSTSEC-2023-0071, unfixed),
//! although anfang signs and accepts HS256 alone. Installed once per process, before the first
//! token is made or read. (The HS384/HS512 signers exist so the tests can forge tokens with the
//! wrong algorithm; verification refuses anything but HS256 before any key is used.)

use hmac::digest::KeyInit;
use hmac::{Hmac, Mac};
use jsonwebtoken::crypto::{CryptoProvider, JwtSigner, JwtVerifier, KeyUtils};
use jsonwebtoken::errors::{Error, ErrorKind};
use jsonwebtoken::signature;
use jsonwebtoken::{Algorithm, AlgorithmFamily, DecodingKey, DecodingKeyKind, EncodingKey};
use sha2::{Sha256, Sha384, Sha512};

static PROVIDER: CryptoProvider = CryptoProvider {
    signer_factory: signer,
    verifier_factory: verifier,
    key_utils: KeyUtils::new_unimplemented(),
};

/// Makes HMAC the process's JWT cryptography; harmless when called again.
pub fn install() {
    let _ = PROVIDER.install_default();
}

struct Keyed<M> {
    mac: M,
    algorithm: Algorithm,
}

fn keyed<M: Mac + KeyInit>(secret: &[u8], algorithm: Algorithm) -> Result<Keyed<M>, Error> {
    let mac = <M as KeyInit>::new_from_slice(secret).map_err(|_| wrong_key())?;
    Ok(Keyed { mac, algorithm })
}

fn boxed<M>(secret: &[u8], algorithm: Algorithm) -> Result<Box<Keyed<M>>, Error>
where
    M: Mac + KeyInit + Clone,
{
    keyed::<M>(secret, algorithm).map(Box::new)
}

fn wrong_key() -> Error {
    ErrorKind::InvalidKeyFormat.into()
}

fn signer(algorithm: &Algorithm, key: &EncodingKey) -> Result<Box<dyn JwtSigner>, Error> {
    if key.family() != AlgorithmFamily::Hmac {
        return Err(wrong_key());
    }
    let secret = key.as_bytes();
    Ok(match algorithm {
        Algorithm::HS256 => boxed::<Hmac<Sha256>>(secret, *algorithm)?,
        Algorithm::HS384 => boxed::<Hmac<Sha384>>(secret, *algorithm)?,
        Algorithm::HS512 => boxed::<Hmac<Sha512>>(secret, *algorithm)?,
        _ => return Err(ErrorKind::InvalidAlgorithm.into()),
    })
}

fn verifier(algorithm: &Algorithm, key: &DecodingKey) -> Result<Box<dyn JwtVerifier>, Error> {
    let secret = match (key.family(), key.kind()) {
        (AlgorithmFamily::Hmac, DecodingKeyKind::SecretOrDer(secret)) => secret,
        _ => return Err(wrong_key()),
    };
    Ok(match algorithm {
        Algorithm::HS256 => boxed::<Hmac<Sha256>>(secret, *algorithm)?,
        _ => return Err(ErrorKind::InvalidAlgorithm.into()),
    })
}

impl<M: Mac + Clone> signature::Signer<Vec<u8>> for Keyed<M> {
    fn try_sign(&self, message: &[u8]) -> Result<Vec<u8>, signature::Error> {
        let mut mac = self.mac.clone();
        mac.update(message);
        Ok(mac.finalize().into_bytes().to_vec())
    }
}

impl<M: Mac + Clone> signature::Verifier<Vec<u8>> for Keyed<M> {
    fn verify(&self, message: &[u8], tag: &Vec<u8>) -> Result<(), signature::Error> {
        let mut mac = self.mac.clone();
        mac.update(message);
        // Constant-time comparison.
        mac.verify_slice(tag).map_err(|_| signature::Error::new())
    }
}

impl<M: Mac + Clone> JwtSigner for Keyed<M> {
    fn algorithm(&self) -> Algorithm {
        self.algorithm
    }
}

impl<M: Mac + Clone> JwtVerifier for Keyed<M> {
    fn algorithm(&self) -> Algorithm {
        self.algorithm
    }
}
