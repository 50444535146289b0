//! Background work that runs beside the web server and stops with it.
pub mod alerts;
pub mod changes;
pub mod cleanup;
pub mod expiry;
pub mod info_pages;
pub mod mailer;
pub mod messages;

use std::future::Future;
use std::time::Duration;
use tokio::sync::watch;

/// Runs `step` now and then every `every` until `stop` turns true. A failed step is
/// logged under `name` and tried again next time.
pub async fn repeat<F, Fut, E>(
    name: &'static str,
    every: Duration,
    mut stop: watch::Receiver<bool>,
    mut step: F,
) where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<(), E>>,
    E: std::fmt::Display,
{
    loop {
        if *stop.borrow() {
            break;
        }
        if let Err(err) = step().await {
            tracing::error!(job = name, error = %err, "background job failed");
        }
        tokio::select! {
            _ = tokio::time::sleep(every) => {}
            _ = stop.changed() => {}
        }
    }
}
