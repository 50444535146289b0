//! Every minute: mail the saved searches whose digest is due (see `app::ssr::alerts`).
use app::ssr::alerts;
use app::ssr::db::now;
use app::ssr::state::AppState;
use std::time::Duration;
use tokio::sync::watch;

const EVERY: Duration = Duration::from_secs(60);

pub async fn run(state: AppState, stop: watch::Receiver<bool>) {
    super::repeat("alerts", EVERY, stop, || async {
        let mailed = alerts::run_once(&state, now()).await?;
        if mailed > 0 {
            tracing::info!(mailed, "saved-search digests");
        }
        Ok::<_, app::ssr::posts::PostError>(())
    })
    .await;
}
