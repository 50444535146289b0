//! Start-up: load the tenant, open and migrate the database, bind the socket, serve.
use crate::config::Config;
use crate::jobs::{alerts, changes, cleanup, expiry, info_pages, mailer, messages};
use crate::metrics::Metrics;
use crate::router;
use crate::routes::assets;
use crate::sessions::Sessions;
use app::ssr::db::{Db, DbError};
use app::ssr::state::AppState;
use app::ssr::tenant::{Tenant, TenantError};
use axum::serve::{ListenerExt, TapIo};
use leptos::prelude::LeptosOptions;
use std::future::Future;
use std::net::SocketAddr;
use std::time::Instant;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// The name cargo-leptos gives the CSS/JS/WASM files (`output-name` in Cargo.toml).
pub const OUTPUT_NAME: &str = "helferkreis";

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Tenant(#[from] TenantError),
    #[error(transparent)]
    Database(#[from] DbError),
    #[error("search index: {0}")]
    SearchIndex(#[source] app::ssr::posts::PostError),
    #[error("session store: {0}")]
    Sessions(#[source] sqlx::Error),
    #[error(transparent)]
    Mail(#[from] mailer::MailError),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
}

/// A server that is listening. Dropping it does not stop it; use the shutdown future.
pub struct Running {
    pub addr: SocketAddr,
    pub state: AppState,
    pub task: JoinHandle<std::io::Result<()>>,
}

/// Everything short of binding: tenant, database, state. Fails with a message that
/// names the file, line and field (tenant) or the setting (database). `public_url` is
/// where people reach the site (links in mails).
pub async fn prepare(config: &Config, public_url: &str) -> Result<AppState, StartError> {
    let started = Instant::now();
    let loaded = Tenant::load(&config.tenant_dir)?;
    for warning in &loaded.warnings {
        tracing::warn!("{warning}");
    }
    let db = Db::connect(&config.database_url).await?;
    db.bind_tenant(&loaded.tenant.slug).await?;
    // The built files' addresses carry their version (see `routes::assets`): the
    // hydration script and the style sheet are linked from `pkg/<version>`.
    let assets = assets::version(&config.site_root.join(assets::PKG_DIR));
    let options = LeptosOptions::builder()
        .output_name(OUTPUT_NAME)
        .site_root(config.site_root.to_string_lossy().to_string())
        .site_pkg_dir(format!("{}/{assets}", assets::PKG_DIR))
        .site_addr(config.bind)
        .build();
    let state = AppState::new(loaded.tenant, db, options, public_url);
    let indexed = app::ssr::posts::index::ensure_current(&state)
        .await
        .map_err(StartError::SearchIndex)?;
    if indexed > 0 {
        tracing::info!(posts = indexed, "search index rebuilt");
    }
    tracing::info!(
        tenant = %state.tenant.slug,
        elapsed_ms = started.elapsed().as_millis() as u64,
        "tenant loaded and database migrated"
    );
    Ok(state)
}

/// The session store, in the same database (see `sessions`).
pub async fn session_store(state: &AppState) -> Result<Sessions, StartError> {
    Sessions::open(&state.db)
        .await
        .map_err(StartError::Sessions)
}

/// Binds `config.bind` (port 0 picks a free port) and serves until `shutdown` completes,
/// then finishes the requests in flight.
pub async fn start(
    config: &Config,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<Running, StartError> {
    let listener = TcpListener::bind(config.bind)
        .await
        .map_err(|source| StartError::Bind {
            addr: config.bind,
            source,
        })?;
    let addr = listener.local_addr().map_err(|source| StartError::Bind {
        addr: config.bind,
        source,
    })?;
    let public_url = config
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{addr}"));
    let state = prepare(config, &public_url).await?;
    let sessions = session_store(&state).await?;
    let mailer = mailer::Mailer::new(
        state.db.clone(),
        config.smtp_url.as_deref(),
        config.outbox_dir.clone(),
        &config.mail_from,
        &state.tenant.name,
        state.mail_wakeup.clone(),
    )?;
    tracing::info!(transport = %mailer.describe(), "mail");

    // Background jobs stop when the server does.
    let (stop_jobs, jobs_stopped) = watch::channel(false);
    let mail_job = tokio::spawn(mailer.run(jobs_stopped.clone()));
    let expiry_job = tokio::spawn(expiry::run(state.clone(), jobs_stopped.clone()));
    let alerts_job = tokio::spawn(alerts::run(state.clone(), jobs_stopped.clone()));
    let messages_job = tokio::spawn(messages::run(state.clone(), jobs_stopped.clone()));
    let info_job = tokio::spawn(info_pages::run(state.clone(), jobs_stopped.clone()));
    let changes_job = tokio::spawn(changes::run(state.clone(), jobs_stopped.clone()));
    let cleanup_job = tokio::spawn(cleanup::run(
        state.db.clone(),
        sessions.clone(),
        jobs_stopped,
    ));

    let proxies = config.trusted_proxies.clone().into();
    let app = router::build(state.clone(), Metrics::default(), sessions, proxies);
    let listener = with_nodelay(listener);
    let task = tokio::spawn(async move {
        let served = axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await;
        let _ = stop_jobs.send(true);
        let _ = mail_job.await;
        let _ = cleanup_job.await;
        let _ = expiry_job.await;
        let _ = alerts_job.await;
        let _ = messages_job.await;
        let _ = info_job.await;
        let _ = changes_job.await;
        served
    });
    Ok(Running { addr, state, task })
}

/// Leptos streams pages in chunks; with Nagle's algorithm on, each chunk waits for the
/// client's delayed ACK (~40 ms a page). TCP_NODELAY on every accepted socket sends them at once.
pub fn with_nodelay(listener: TcpListener) -> TapIo<TcpListener, fn(&mut TcpStream)> {
    listener.tap_io(set_nodelay as fn(&mut TcpStream))
}

fn set_nodelay(tcp: &mut TcpStream) {
    if let Err(err) = tcp.set_nodelay(true) {
        tracing::warn!(error = %err, "cannot set TCP_NODELAY");
    }
}

/// Completes on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(err) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %err, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(err) => {
                tracing::error!(error = %err, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::serve::Listener;

    #[tokio::test]
    async fn accepted_sockets_have_nodelay_set() -> std::io::Result<()> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let mut listener = with_nodelay(listener);
        let client = tokio::net::TcpStream::connect(addr).await?;
        let (accepted, _peer) = listener.accept().await;
        assert!(
            accepted.nodelay()?,
            "accepted socket has Nagle's algorithm on"
        );
        drop(client);
        Ok(())
    }
}
