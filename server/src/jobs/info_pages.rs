//! Every two seconds: reload the information pages when their files changed (see
//! `app::ssr::info::watch`).
use app::ssr::info::watch::{EVERY, Watcher};
use app::ssr::state::AppState;
use tokio::sync::watch;

pub async fn run(state: AppState, stop: watch::Receiver<bool>) {
    let mut watcher = Watcher::new(&state.tenant);
    super::repeat("info-pages", EVERY, stop, || {
        if let Some((count, problems)) = watcher.check(&state.tenant, &state.info) {
            for problem in &problems {
                tracing::warn!("information page left out: {problem}");
            }
            // `/search` pages are kept rendered (with their information hits) for a while.
            state.listings.rendered.invalidate();
            tracing::info!(pages = count, "information pages reloaded");
        }
        std::future::ready(Ok::<(), std::convert::Infallible>(()))
    })
    .await;
}
