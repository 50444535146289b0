//! Hourly housekeeping: expired sessions, stale tokens, old rate-limit counters, sent
//! mails older than 30 days (they hold addresses; the privacy notice says 30 days), and
//! accounts whose address was not confirmed within 7 days (data nobody asked us to keep).
use crate::sessions::Sessions;
use app::ssr::db::{Db, now, outbox, tokens, users};
use app::ssr::rate_limit;
use std::time::Duration;
use tokio::sync::watch;
use tower_sessions::ExpiredDeletion;

const EVERY: Duration = Duration::from_secs(3600);
const SENT_MAIL_KEEP_SECS: i64 = 30 * 24 * 3600;
/// The confirmation link lives 48 hours; a few days more for a new one, then the account goes.
pub const UNCONFIRMED_KEEP_SECS: i64 = 7 * 24 * 3600;

pub async fn run(db: Db, sessions: Sessions, stop: watch::Receiver<bool>) {
    super::repeat("clean-up", EVERY, stop, || once(&db, &sessions)).await;
}

#[derive(Debug, thiserror::Error)]
pub enum CleanupError {
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    #[error("session store: {0}")]
    Sessions(#[from] tower_sessions::session_store::Error),
}

pub async fn once(db: &Db, sessions: &Sessions) -> Result<(), CleanupError> {
    sessions.delete_expired().await?;
    let mut conn = db.pool().acquire().await?;
    let tokens = tokens::delete_stale(&mut conn, now()).await?;
    let mails = outbox::delete_sent_before(&mut conn, now() - SENT_MAIL_KEEP_SECS).await?;
    let unconfirmed =
        users::delete_unconfirmed_before(&mut conn, now() - UNCONFIRMED_KEEP_SECS).await?;
    drop(conn);
    let limits = rate_limit::clean_up(db).await?;
    tracing::info!(tokens, mails, limits, unconfirmed, "clean-up done");
    Ok(())
}
