//! Starts the real server in-process on port 0 with a fresh database, and stops it when
//! dropped. The database is a SQLite file in a temporary folder, or, when
//! `TEST_POSTGRES_URL` is set (scripts/test.sh runs the suite a second time that way), a
//! new database in that PostgreSQL server.
use app::domain::account::Role;
use app::ssr::db::users::{self, NewUser, UserRecord};
use server::config::Config;
use server::startup::{self, Running, StartError};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use tempfile::TempDir;
use tokio::sync::oneshot;

/// Servers run on one shared multi-thread runtime, as in production, not on each
/// test's own runtime: a test that fails and drops its runtime must not strand
/// tasks that other tests' servers spawned (that made the whole suite hang).
static SERVER_RUNTIME: LazyLock<tokio::runtime::Runtime> = LazyLock::new(|| {
    show_server_panics();
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name(SERVER_THREAD)
        .enable_all()
        .build()
        .unwrap_or_else(|e| panic!("test server runtime: {e}"))
});

/// The name of the servers' threads (see `show_server_panics`).
const SERVER_THREAD: &str = "test-server";

/// A panic in a server's thread is printed to the real standard error. The test harness
/// captures a test's output, and threads inherit the capture of the test that started
/// them, so without this a handler's panic would be kept with whichever test happened to
/// start the shared runtime and lost; another test would only see its request fail.
fn show_server_panics() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let thread = std::thread::current();
        if thread.name() != Some(SERVER_THREAD) {
            return previous(info);
        }
        SERVER_PANICS.fetch_add(1, Ordering::SeqCst);
        let message = server::middleware::panics::message(info.payload());
        let place = info.location().map(|l| l.to_string()).unwrap_or_default();
        let backtrace = std::backtrace::Backtrace::capture();
        let text = format!("\nserver thread panicked at {place}:\n{message}\n{backtrace}\n");
        // Straight to the file descriptor: `eprintln!` would go into the capture.
        let _ = std::io::Write::write_all(&mut std::io::stderr(), text.as_bytes());
    }));
}

static SERVER_PANICS: AtomicUsize = AtomicUsize::new(0);

/// How many times a server thread has panicked since the test binary started (all
/// tests' servers share one runtime). Every one is a bug: the server answers failures
/// with messages, not panics.
pub fn server_panics() -> usize {
    SERVER_PANICS.load(Ordering::SeqCst)
}

pub fn tenant_dir(slug: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tenants")
        .join(slug)
}

/// The URL of a new, empty database for one test server: a SQLite file under `data`,
/// or a new database in the PostgreSQL server at `TEST_POSTGRES_URL` (a URL of its
/// maintenance database, e.g. `postgres://helferkreis@127.0.0.1:5433/postgres`). The
/// databases go with the throwaway server that scripts/test.sh starts.
pub async fn fresh_database(data: &TempDir) -> String {
    let Ok(admin) = std::env::var("TEST_POSTGRES_URL") else {
        return format!(
            "sqlite://{}",
            data.path().join("data/helferkreis.db").display()
        );
    };
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let name = format!("test_{}_{n}", std::process::id());
    let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(&admin)
        .await
        .unwrap_or_else(|e| panic!("TEST_POSTGRES_URL {admin}: {e}"));
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await
        .unwrap_or_else(|e| panic!("CREATE DATABASE {name}: {e}"));
    let _ = sqlx::Connection::close(conn).await;
    let base = admin
        .rsplit_once('/')
        .map_or(admin.as_str(), |(base, _)| base);
    format!("{base}/{name}")
}

/// Whether the suite runs on PostgreSQL (see `fresh_database`).
pub fn on_postgres() -> bool {
    std::env::var_os("TEST_POSTGRES_URL").is_some()
}

pub struct TestServer {
    pub addr: SocketAddr,
    pub running: Running,
    /// Holds the database (on SQLite); removed when the server is dropped.
    pub data: TempDir,
    /// The database this server uses.
    pub database_url: String,
    stop: Option<oneshot::Sender<()>>,
}

impl TestServer {
    /// A server for the example tenant `slug` with its own empty database.
    pub async fn start(slug: &str) -> Self {
        let data = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
        let url = fresh_database(&data).await;
        match Self::start_with(slug, &url, data).await {
            Ok(server) => server,
            Err(err) => panic!("server did not start: {err}"),
        }
    }

    pub async fn start_with(
        slug: &str,
        database_url: &str,
        data: TempDir,
    ) -> Result<Self, StartError> {
        Self::start_configured(slug, database_url, data, |_| {}).await
    }

    /// A server whose configuration the test adjusts (for example `smtp_url`).
    pub async fn start_configured(
        slug: &str,
        database_url: &str,
        data: TempDir,
        adjust: impl FnOnce(&mut Config),
    ) -> Result<Self, StartError> {
        let mut config = Config {
            tenant_dir: tenant_dir(slug),
            database_url: database_url.to_string(),
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            site_root: data.path().join("site"),
            public_url: None,
            smtp_url: None,
            mail_from: "noreply@helferkreis.test".to_string(),
            outbox_dir: data.path().join("outbox"),
            trusted_proxies: Vec::new(),
        };
        adjust(&mut config);
        let database_url = config.database_url.clone();
        let (stop, stopped) = oneshot::channel::<()>();
        let running = SERVER_RUNTIME
            .spawn(async move {
                startup::start(&config, async move {
                    let _ = stopped.await;
                })
                .await
            })
            .await
            .unwrap_or_else(|e| panic!("server start task: {e}"))?;
        Ok(Self {
            addr: running.addr,
            running,
            data,
            database_url,
            stop: Some(stop),
        })
    }

    /// Where this server writes mails when no SMTP server is configured.
    /// A confirmed account with `role`, written straight into the database.
    pub async fn user(&self, email: &str, role: Role) -> UserRecord {
        let db = &self.running.state.db;
        let mut conn = db.pool().acquire().await.unwrap_or_else(|e| panic!("{e}"));
        let id = users::insert(
            &mut conn,
            &NewUser {
                email,
                display_name: "Someone",
                password_hash: None,
                role,
                locale: "en",
                verified_at: Some(1),
                now: 1,
            },
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("{email} exists"));
        users::by_id(&mut conn, id)
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|| panic!("user {id} missing"))
    }

    /// A visitor signed in as a new confirmed account with `role` (password login
    /// through the real form).
    pub async fn signed_in(&self, email: &str, role: Role) -> (visitor::Visitor, UserRecord) {
        const PASSWORD: &str = "ein langer satz";
        let user = self.user(email, role).await;
        let hash = app::ssr::accounts::password::hash(PASSWORD.to_string())
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
            .bind(hash)
            .bind(user.id)
            .execute(self.running.state.db.pool())
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let visitor = visitor::Visitor::new(&self.url(""));
        visitor.log_in(email, PASSWORD).await;
        (visitor, user)
    }

    pub fn outbox(&self) -> PathBuf {
        self.data.path().join("outbox")
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// Stops accepting, finishes requests in flight and waits for the server to end.
    pub async fn stop(mut self) -> std::io::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let task = std::mem::replace(
            &mut self.running.task,
            SERVER_RUNTIME.spawn(async { Ok(()) }),
        );
        let result = task.await.map_err(std::io::Error::other)?;
        self.running.state.db.close().await;
        result
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

pub mod images;
pub mod mail;
pub mod smtp;
pub mod visitor;

/// A plain HTTP client that does not keep cookies (each test sends what it means to).
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap_or_else(|e| panic!("http client: {e}"))
}

/// `GET url` as JSON (the public API); panics when there is no JSON answer.
pub async fn get_json(url: &str) -> serde_json::Value {
    client()
        .get(url)
        .send()
        .await
        .unwrap_or_else(|e| panic!("GET {url}: {e}"))
        .json()
        .await
        .unwrap_or_else(|e| panic!("GET {url}: {e}"))
}

/// The text after each `marker` in `text`, up to the next `end` (e.g. the value of each
/// `nonce="…"` attribute of a page), in order.
pub fn after_each<'a>(text: &'a str, marker: &str, end: char) -> Vec<&'a str> {
    text.split(marker)
        .skip(1)
        .filter_map(|rest| rest.split(end).next())
        .collect()
}
