//! Every 10 minutes: expire posts whose time is up and mail reminders with a renew link
//! (see `app::ssr::posts::expiry`).
use app::ssr::db::now;
use app::ssr::posts::expiry;
use app::ssr::state::AppState;
use std::time::Duration;
use tokio::sync::watch;

const EVERY: Duration = Duration::from_secs(600);

pub async fn run(state: AppState, mut stop: watch::Receiver<bool>) {
    loop {
        if *stop.borrow() {
            break;
        }
        match expiry::run_once(&state, now()).await {
            Ok(report) if report != expiry::Report::default() => {
                tracing::info!(
                    expired = report.expired,
                    reminded = report.reminded,
                    "post expiry"
                );
            }
            Ok(_) => {}
            Err(err) => tracing::error!(error = %err, "post expiry failed"),
        }
        tokio::select! {
            _ = tokio::time::sleep(EVERY) => {}
            _ = stop.changed() => {}
        }
    }
}
