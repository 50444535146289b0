//! Server-only code: tenant configuration, database access, accounts, mail, request context.
//! Views never reach in here directly; they go through `crate::api` server functions.
pub mod accounts;
pub mod alerts;
pub mod conversations;
pub mod db;
pub mod fragment;
pub mod info;
pub mod locale;
pub mod mail;
pub mod matching;
pub mod moderation;
pub mod organisations;
pub mod photos;
pub mod posts;
pub mod rate_limit;
pub mod request;
pub mod search;
pub mod state;
pub mod tenant;

/// Permits for CPU-heavy work (password hashing, full-text searches): one per core, at
/// most 8. More of it at once than there are cores answers no sooner and holds more
/// memory.
pub fn per_core_permits() -> tokio::sync::Semaphore {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    tokio::sync::Semaphore::new(cores.clamp(1, 8))
}
