//! Password hashing with argon2id at OWASP parameters (7 MiB, 5 passes, 1 lane).
//!
//! OWASP's Password Storage Cheat Sheet lists m=19 MiB/t=2 and m=7 MiB/t=5 (among
//! others) as giving the same defence, trading memory for passes. We take the small
//! memory: the server is meant to run a district in 64 MB, and with 19 MiB two logins
//! at once held 38 MiB of it. Five passes over 7 MiB are not slower: 25 ms against 31 ms
//! per hash with the reference implementation on the 2-core machine.
//! Hashes made with other parameters (the 19 MiB ones of earlier versions) still verify:
//! a hash carries its parameters.
//!
//! Each hash takes tens of milliseconds of CPU and 7 MiB of memory. So hashing runs on
//! the blocking thread pool, never on the async workers that serve other requests, and
//! at most one hash per CPU core runs at a time. A burst of logins therefore waits in
//! line instead of growing the server's memory: six concurrent logins took the process
//! from 16 MB to 137 MB before this bound. Each work area is given back after its hash
//! (allocating 7 MiB costs far less than the hash itself); keeping them for reuse held
//! one work area per core for the life of the process (at 19 MiB, a third of an idle
//! server's memory).
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use std::sync::LazyLock;
use tokio::sync::Semaphore;

#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    #[error("password hashing failed: {0}")]
    Hash(argon2::Error),
    #[error("password hash encoding failed: {0}")]
    Encoding(argon2::password_hash::Error),
    #[error("password hashing task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
    #[error("password hashing is shut down")]
    Closed,
}

/// OWASP Password Storage Cheat Sheet: m=7168 KiB, t=5, p=1.
const M_COST: u32 = 7 * 1024;
const T_COST: u32 = 5;
const P_COST: u32 = 1;
const OUTPUT_LEN: usize = 32;

fn params() -> Params {
    Params::new(M_COST, T_COST, P_COST, Some(OUTPUT_LEN)).unwrap_or_default()
}

/// One permit per core: the number of hashes that may run at once.
static PERMITS: LazyLock<Semaphore> = LazyLock::new(crate::ssr::per_core_permits);

/// Runs `work` on the blocking pool with a fresh work area of `blocks` blocks, once a
/// permit is free.
async fn with_work_area<R: Send + 'static>(
    blocks: usize,
    work: impl FnOnce(&mut [Block]) -> R + Send + 'static,
) -> Result<R, PasswordError> {
    let _permit = PERMITS.acquire().await.map_err(|_| PasswordError::Closed)?;
    let result = tokio::task::spawn_blocking(move || {
        let mut area = vec![Block::default(); blocks];
        work(&mut area)
    })
    .await?;
    Ok(result)
}

fn argon2(params: Params) -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes into a PHC string such as `$argon2id$v=19$m=7168,t=5,p=1$salt$hash`.
pub async fn hash(password: String) -> Result<String, PasswordError> {
    let params = params();
    let blocks = params.block_count();
    with_work_area(blocks, move |area| {
        let salt = SaltString::generate(&mut OsRng);
        let mut salt_bytes = [0u8; 64];
        let salt_raw = salt
            .decode_b64(&mut salt_bytes)
            .map_err(PasswordError::Encoding)?;
        let mut out = [0u8; OUTPUT_LEN];
        argon2(params.clone())
            .hash_password_into_with_memory(password.as_bytes(), salt_raw, &mut out, area)
            .map_err(PasswordError::Hash)?;
        let phc = PasswordHash {
            algorithm: argon2::ARGON2ID_IDENT,
            version: Some(Version::V0x13.into()),
            params: ParamsString::try_from(&params).map_err(PasswordError::Encoding)?,
            salt: Some(salt.as_salt()),
            hash: Some(Output::new(&out).map_err(PasswordError::Encoding)?),
        };
        Ok(phc.to_string())
    })
    .await?
}

/// Compared against when the address is unknown, so that a login for an unknown address
/// costs the same time as one for a known address (no account discovery by timing). A
/// fixed string at the standard parameters: verifying does the same work as for a real
/// hash, and nothing has to be hashed (and 7 MiB held) at start-up. No password
/// matches it, and `verify` refuses unknown accounts anyway.
const DUMMY_HASH: &str = "$argon2id$v=19$m=7168,t=5,p=1$aGVsZmVya3JlaXMtZHVtbQ$ZXF1YWwtdGltaW5nLWZvci11bmtub3duLWFkZHJlc3M";

/// True only when `stored` is a hash and `password` matches it. With `None` (unknown
/// account, or no password set yet) the same work is done against a dummy hash.
pub async fn verify(password: String, stored: Option<String>) -> Result<bool, PasswordError> {
    let known = stored.is_some();
    let stored = match stored {
        Some(stored) => stored,
        None => DUMMY_HASH.to_string(),
    };
    let blocks = match PasswordHash::new(&stored).and_then(|h| Params::try_from(&h)) {
        Ok(params) => params.block_count(),
        // Not a hash we can read: nothing can match it.
        Err(_) => return Ok(false),
    };
    let matches = with_work_area(blocks, move |area| {
        let Ok(parsed) = PasswordHash::new(&stored) else {
            return false;
        };
        let (Ok(params), Some(salt), Some(expected)) =
            (Params::try_from(&parsed), parsed.salt, parsed.hash)
        else {
            return false;
        };
        let mut salt_bytes = [0u8; 64];
        let Ok(salt_raw) = salt.decode_b64(&mut salt_bytes) else {
            return false;
        };
        let mut out = vec![0u8; expected.len()];
        if argon2(params)
            .hash_password_into_with_memory(password.as_bytes(), salt_raw, &mut out, area)
            .is_err()
        {
            return false;
        }
        // `Output` compares in constant time.
        Output::new(&out).is_ok_and(|computed| computed == expected)
    })
    .await?;
    Ok(known && matches)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_are_argon2id_salted_and_verify() -> Result<(), PasswordError> {
        let a = hash("ein langer satz".into()).await?;
        let b = hash("ein langer satz".into()).await?;
        assert!(a.starts_with("$argon2id$v=19$m=7168,t=5,p=1$"), "{a}");
        assert_ne!(a, b, "each hash has its own salt");
        assert!(verify("ein langer satz".into(), Some(a.clone())).await?);
        assert!(!verify("ein anderer satz".into(), Some(a)).await?);
        Ok(())
    }

    #[tokio::test]
    async fn hashes_from_the_standard_library_path_verify_too() -> Result<(), PasswordError> {
        // A hash written by argon2's own `PasswordHasher` (other tools, older versions).
        use argon2::password_hash::PasswordHasher;
        let salt = SaltString::generate(&mut OsRng);
        let other = argon2(Params::new(8 * 1024, 1, 1, None).unwrap_or_default())
            .hash_password(b"ein langer satz", &salt)
            .map_err(PasswordError::Encoding)?
            .to_string();
        assert!(verify("ein langer satz".into(), Some(other.clone())).await?);
        assert!(!verify("falsch".into(), Some(other)).await?);
        Ok(())
    }

    #[test]
    fn the_dummy_hash_costs_what_a_real_hash_costs() {
        let dummy = PasswordHash::new(DUMMY_HASH).and_then(|h| Params::try_from(&h));
        assert_eq!(dummy.map(|p| p.block_count()), Ok(params().block_count()));
        assert!(DUMMY_HASH.starts_with("$argon2id$v=19$m=7168,t=5,p=1$"));
    }

    #[tokio::test]
    async fn unknown_accounts_never_verify() -> Result<(), PasswordError> {
        assert!(!verify("not a real password, only for equal timing".into(), None).await?);
        assert!(!verify("x".into(), Some("garbage".into())).await?);
        Ok(())
    }
}
