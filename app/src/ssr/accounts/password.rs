//! Password hashing with argon2id at the OWASP parameters (19 MiB, 2 passes, 1 lane).
//! Hashing takes tens of milliseconds of CPU, so it runs on the blocking thread pool,
//! never on the async workers that serve other requests.
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::LazyLock;

#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    #[error("password hashing failed: {0}")]
    Hash(argon2::password_hash::Error),
    #[error("password hashing task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
}

fn hasher() -> Argon2<'static> {
    // OWASP Password Storage Cheat Sheet: m=19456 KiB, t=2, p=1.
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

fn hash_now(password: &str) -> Result<String, PasswordError> {
    let salt = SaltString::generate(&mut OsRng);
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(PasswordError::Hash)
}

/// Compared against when the address is unknown, so that a login for an unknown address
/// costs the same time as one for a known address (no account discovery by timing).
static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| hash_now("not a real password, only for equal timing").unwrap_or_default());

pub async fn hash(password: String) -> Result<String, PasswordError> {
    tokio::task::spawn_blocking(move || hash_now(&password)).await?
}

/// True only when `stored` is a hash and `password` matches it. With `None` (unknown
/// account, or no password set yet) the same work is done against a dummy hash.
pub async fn verify(password: String, stored: Option<String>) -> Result<bool, PasswordError> {
    tokio::task::spawn_blocking(move || {
        let known = stored.is_some();
        let stored = stored.unwrap_or_else(|| DUMMY_HASH.clone());
        let matches = match PasswordHash::new(&stored) {
            Ok(parsed) => hasher()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok(),
            Err(_) => false,
        };
        known && matches
    })
    .await
    .map_err(PasswordError::from)
}

/// Computes the dummy hash at start-up rather than in the first unknown login.
pub fn warm_up() {
    LazyLock::force(&DUMMY_HASH);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_are_argon2id_salted_and_verify() -> Result<(), PasswordError> {
        let a = hash("ein langer satz".into()).await?;
        let b = hash("ein langer satz".into()).await?;
        assert!(a.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{a}");
        assert_ne!(a, b, "each hash has its own salt");
        assert!(verify("ein langer satz".into(), Some(a.clone())).await?);
        assert!(!verify("ein anderer satz".into(), Some(a)).await?);
        Ok(())
    }

    #[tokio::test]
    async fn unknown_accounts_never_verify() -> Result<(), PasswordError> {
        assert!(!verify("not a real password, only for equal timing".into(), None).await?);
        assert!(!verify("x".into(), Some("garbage".into())).await?);
        Ok(())
    }
}
