//! Several instances on one PostgreSQL database: each keeps listings, rendered pages and
//! the search vocabulary in memory, so each must hear of the others' changes. A change
//! here (`ListingCache::changed`) becomes a `NOTIFY`; a notification from another
//! instance drops what this one keeps. The vocabulary is costly to load again (it reads
//! every indexed term), so it is reloaded at most every `VOCABULARY_EVERY`.
//!
//! SQLite serves one instance per database file: nothing to tell, so nothing runs.
use app::ssr::db::Backend;
use app::ssr::state::AppState;
use sqlx::postgres::PgListener;
use std::time::Duration;
use tokio::sync::watch;

const CHANNEL: &str = "helferkreis_changes";
const VOCABULARY_EVERY: Duration = Duration::from_secs(300);
const RETRY: Duration = Duration::from_secs(1);

pub async fn run(state: AppState, mut stop: watch::Receiver<bool>) {
    if state.db.backend() != Backend::Postgres {
        return;
    }
    // Tells this instance's own notifications from the others'.
    let me = format!("{:016x}", rand::random::<u64>());
    let mut vocabulary_stale = false;
    let mut vocabulary_tick = tokio::time::interval(VOCABULARY_EVERY);
    loop {
        let mut listener = match listen(&state).await {
            Ok(listener) => listener,
            Err(err) => {
                tracing::error!(error = %err, "cannot listen for other instances' changes");
                tokio::select! {
                    _ = tokio::time::sleep(RETRY) => continue,
                    _ = stop.changed() => return,
                }
            }
        };
        // Whatever happened while not listening is unknown: start afresh.
        state.listings.forget();
        loop {
            tokio::select! {
                _ = state.listings.changed.notified() => {
                    let sent = sqlx::query("SELECT pg_notify($1, $2)")
                        .bind(CHANNEL)
                        .bind(me.as_str())
                        .execute(state.db.pool())
                        .await;
                    if let Err(err) = sent {
                        tracing::error!(error = %err, "cannot tell other instances of a change");
                    }
                }
                received = listener.try_recv() => match received {
                    Ok(Some(note)) => {
                        if note.payload() != me {
                            state.listings.forget();
                            vocabulary_stale = true;
                        }
                    }
                    // The connection was lost: listen again.
                    Ok(None) | Err(_) => break,
                },
                _ = vocabulary_tick.tick() => {
                    if std::mem::take(&mut vocabulary_stale) {
                        state.search.reload_later().await;
                    }
                }
                _ = stop.changed() => return,
            }
        }
    }
}

async fn listen(state: &AppState) -> Result<PgListener, sqlx::Error> {
    let mut listener = PgListener::connect(state.db.url()).await?;
    listener.listen(CHANNEL).await?;
    Ok(listener)
}
