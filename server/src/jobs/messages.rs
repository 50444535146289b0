//! Every minute: mail people about unread messages, bundled (see
//! `app::ssr::conversations::notify`).
use app::ssr::conversations::notify;
use app::ssr::db::now;
use app::ssr::state::AppState;
use std::time::Duration;
use tokio::sync::watch;

const EVERY: Duration = Duration::from_secs(60);

pub async fn run(state: AppState, stop: watch::Receiver<bool>) {
    super::repeat("message notices", EVERY, stop, || async {
        let mailed = notify::run_once(&state, now()).await?;
        if mailed > 0 {
            tracing::info!(mailed, "message notices");
        }
        Ok::<_, app::ssr::posts::PostError>(())
    })
    .await;
}
