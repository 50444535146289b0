//! Every 10 minutes: expire posts whose time is up and mail reminders with a renew link
//! (see `app::ssr::posts::expiry`).
use app::ssr::db::now;
use app::ssr::posts::expiry;
use app::ssr::state::AppState;
use std::time::Duration;
use tokio::sync::watch;

const EVERY: Duration = Duration::from_secs(600);

pub async fn run(state: AppState, stop: watch::Receiver<bool>) {
    super::repeat("expiry", EVERY, stop, || async {
        let report = expiry::run_once(&state, now()).await?;
        if report != expiry::Report::default() {
            tracing::info!(
                expired = report.expired,
                reminded = report.reminded,
                "post expiry"
            );
        }
        Ok::<_, app::ssr::posts::PostError>(())
    })
    .await;
}
