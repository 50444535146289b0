//! `server`: the one binary. Subcommands are a stable contract (DESIGN.md).
use clap::{Parser, Subcommand};
use server::config::Config;
use server::startup;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// mimalloc instead of glibc's malloc. Rendering a page allocates many small strings and
/// views; profiled under load, glibc's malloc and free took about 45% of the server's CPU
/// time, and its per-thread arenas kept freed memory. See the README's benchmark section
/// for the figures before and after.
///
/// Built with mimalloc's `no_thp` feature (workspace Cargo.toml): otherwise mimalloc asks
/// the kernel for transparent huge pages on its memory, so each touched 2 MiB region counts
/// as resident in full. Measured on the seeded benchmark database: 38 MB resident right
/// after start and 75 MB peak after varied searches with huge pages, 26 MB and 57 MB
/// without, at the same request rates.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "server",
    version,
    about = "Helferkreis: help matching for one district"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the platform for the district configured in the tenant folder.
    ///
    /// Reads DATABASE_URL (default sqlite://data/helferkreis.db, created and migrated on
    /// first start), BIND (default 127.0.0.1:3000), SITE_ROOT (default target/site) and
    /// RUST_LOG from the environment.
    Serve {
        /// The tenant folder (contains tenant.toml).
        #[arg(long, value_name = "DIR")]
        tenant: PathBuf,
    },
    /// Create an administrator, or make an existing account one.
    ///
    /// Asks for a password when run in a terminal; otherwise (or with --link) prints a
    /// one-time link, valid for 24 hours, where the person sets their own password.
    /// Uses DATABASE_URL and PUBLIC_URL (default http://BIND) like `serve`.
    CreateAdmin {
        /// The administrator's email address.
        #[arg(value_name = "EMAIL")]
        email: String,
        /// The tenant folder (contains tenant.toml).
        #[arg(long, value_name = "DIR")]
        tenant: PathBuf,
        /// Print a set-password link instead of asking for a password.
        #[arg(long)]
        link: bool,
    },
    /// Fill the database with demo posts in several languages, across every category and
    /// municipality, written by demo accounts that cannot log in. Shows a progress bar.
    /// Uses DATABASE_URL like `serve`.
    SeedDemo {
        /// How many posts to write.
        #[arg(long, value_name = "N")]
        posts: u64,
        /// How many accounts write them (default: one per 25 posts, 5 to 2,000).
        #[arg(long, value_name = "N")]
        users: Option<u64>,
        /// The tenant folder (contains tenant.toml).
        #[arg(long, value_name = "DIR")]
        tenant: PathBuf,
        /// Only seed when the database has no posts yet (for the demo run command).
        #[arg(long)]
        if_empty: bool,
    },
    /// Write a consistent backup of the database (DATABASE_URL) to a new file, while the
    /// server runs. SQLite: a copy of the database file; PostgreSQL: a pg_dump archive
    /// (needs pg_dump, Debian package postgresql-client). Photos are in the database.
    Backup {
        /// The backup file to write (must not exist).
        #[arg(long, value_name = "FILE")]
        to: PathBuf,
    },
    /// Restore a backup into DATABASE_URL, which must be new: a SQLite path that does
    /// not exist yet, or an empty PostgreSQL database (createdb). Start the server on it
    /// afterwards. See "Backup and restore" in the README.
    Restore {
        /// The backup file written by `backup`.
        #[arg(long, value_name = "FILE")]
        from: PathBuf,
    },
    /// Check a tenant folder and print every problem with file, line and field.
    CheckTenant {
        /// The tenant folder (contains tenant.toml).
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::CheckTenant { dir } => check_tenant(&dir),
        Command::Backup { to } => backup(&to),
        Command::Restore { from } => restore(&from),
        Command::Serve { tenant } => serve(tenant),
        Command::SeedDemo {
            posts,
            users,
            tenant,
            if_empty,
        } => seed_demo(posts, users, tenant, if_empty),
        Command::CreateAdmin {
            email,
            tenant,
            link,
        } => create_admin(&email, tenant, link),
    }
}

fn database_url() -> String {
    std::env::var("DATABASE_URL").unwrap_or_else(|_| app::ssr::db::DEFAULT_DATABASE_URL.to_string())
}

/// Runs one future on a runtime of its own (for the one-off commands).
fn block_on(work: impl std::future::Future<Output = ExitCode>) -> ExitCode {
    match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime.block_on(work),
        Err(err) => fail(format!("cannot start the async runtime: {err}")),
    }
}

fn backup(to: &Path) -> ExitCode {
    block_on(async {
        match server::backup::backup(&database_url(), to).await {
            Ok(bytes) => {
                println!("backup written to {} ({bytes} bytes)", to.display());
                ExitCode::SUCCESS
            }
            Err(err) => fail(err),
        }
    })
}

fn restore(from: &Path) -> ExitCode {
    block_on(async {
        let url = database_url();
        match server::backup::restore(&url, from).await {
            Ok(()) => {
                println!(
                    "{} restored into {}; start the server on it",
                    from.display(),
                    app::ssr::db::redact(&url)
                );
                ExitCode::SUCCESS
            }
            Err(err) => fail(err),
        }
    })
}

/// Prints an error for the operator and ends with a failure status.
fn fail(err: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {err}");
    ExitCode::FAILURE
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,tower_http=warn"));
    tracing_subscriber::fmt().with_env_filter(filter).init();
}

/// Runs a one-off command with the server's state (tenant, migrated database) and
/// the public address, on a runtime of its own.
fn with_state<F, Fut>(config: &Config, work: F) -> ExitCode
where
    F: FnOnce(app::ssr::state::AppState, String) -> Fut,
    Fut: std::future::Future<Output = ExitCode>,
{
    block_on(async move {
        let public_url = config
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", config.bind));
        match startup::prepare(config, &public_url).await {
            Ok(state) => work(state, public_url).await,
            Err(err) => fail(err),
        }
    })
}

fn check_tenant(dir: &Path) -> ExitCode {
    match app::ssr::tenant::Tenant::load(dir) {
        Ok(loaded) => {
            for warning in &loaded.warnings {
                eprintln!("warning: {warning}");
            }
            let t = &loaded.tenant;
            let subcategories: usize = t.categories.iter().map(|c| c.children.len()).sum();
            println!(
                "{}: OK: {} ({}), {} municipalities, {} categories with {} subcategories, locales {} (default {})",
                dir.join(app::ssr::tenant::TENANT_FILE).display(),
                t.name,
                t.slug,
                t.municipalities.len(),
                t.categories.len(),
                subcategories,
                t.locales.join(", "),
                t.default_locale,
            );
            // The server leaves a broken page out and keeps running; here it is an error,
            // so an editor finds out before publishing.
            let (pages, problems) = app::ssr::info::InfoSet::load(t);
            for problem in &problems {
                eprintln!("error: {problem}");
            }
            println!(
                "{}: {} information pages",
                dir.join(app::ssr::info::PAGES_DIR).display(),
                pages.len()
            );
            if problems.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

fn create_admin(email: &str, tenant: PathBuf, force_link: bool) -> ExitCode {
    use app::ssr::accounts::service::{self, AdminCreated};
    use std::io::IsTerminal;
    let config = match Config::from_env(tenant) {
        Ok(config) => config,
        Err(err) => return fail(err),
    };
    let password = if force_link || !std::io::stdin().is_terminal() {
        None
    } else {
        let first =
            rpassword::prompt_password("Password for the administrator (at least 10 characters): ");
        let second = rpassword::prompt_password("The same password again: ");
        match (first, second) {
            (Ok(a), Ok(b)) if a == b => Some(a),
            (Ok(_), Ok(_)) => {
                eprintln!("error: the two passwords differ");
                return ExitCode::FAILURE;
            }
            (Err(err), _) | (_, Err(err)) => {
                eprintln!("error: cannot read the password: {err}");
                return ExitCode::FAILURE;
            }
        }
    };
    with_state(&config, |state, public_url| async move {
        let outcome = service::create_admin(&state, email, password.as_deref()).await;
        // Addresses are stored lower-case; show the one that was stored.
        let email = email.trim().to_lowercase();
        state.db.close().await;
        match outcome {
            Ok(Ok(AdminCreated::WithPassword { user_id })) => {
                println!(
                    "{email} is an administrator (account {user_id}) and can log in at {public_url}/login"
                );
                ExitCode::SUCCESS
            }
            Ok(Ok(AdminCreated::WithLink { user_id, link })) => {
                println!("{email} is an administrator (account {user_id}).");
                println!("Open this link within 24 hours to set the password (it works once):");
                println!("{link}");
                ExitCode::SUCCESS
            }
            Ok(Err(problem)) => {
                eprintln!(
                    "error: {email}: {problem:?} (an email address and a password of 10 to 256 characters are needed)"
                );
                ExitCode::FAILURE
            }
            Err(err) => {
                eprintln!("error: {err}");
                ExitCode::FAILURE
            }
        }
    })
}

fn seed_demo(count: u64, users: Option<u64>, tenant: PathBuf, if_empty: bool) -> ExitCode {
    let config = match Config::from_env(tenant) {
        Ok(config) => config,
        Err(err) => return fail(err),
    };
    with_state(&config, |state, _| async move {
        let started = std::time::Instant::now();
        let outcome = server::seed::seed(&state, count, users, if_empty).await;
        state.db.close().await;
        match outcome {
            Ok(0) if if_empty => {
                println!("the database already has posts; nothing seeded");
                ExitCode::SUCCESS
            }
            Ok(written) => {
                println!(
                    "seeded {written} demo posts in {:.1} s",
                    started.elapsed().as_secs_f64()
                );
                ExitCode::SUCCESS
            }
            Err(err) => fail(err),
        }
    })
}

/// Threads for blocking work: reading static files, hashing passwords (at most one per
/// core anyway), encoding photos. Tokio's default of 512 let 64 concurrent downloads of
/// the stylesheet start 64 threads, each with its own stack and allocator heap, and the
/// server's memory went from 34 MB to 83 MB; a few threads serve files just as fast.
const BLOCKING_THREADS: usize = 8;

fn serve(tenant: PathBuf) -> ExitCode {
    init_logging();
    let config = match Config::from_env(tenant) {
        Ok(config) => config,
        Err(err) => return fail(err),
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(BLOCKING_THREADS)
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => return fail(format!("cannot start the async runtime: {err}")),
    };
    runtime.block_on(async move {
        let running = match startup::start(&config, startup::shutdown_signal()).await {
            Ok(running) => running,
            Err(err) => {
                eprintln!("error: {err}");
                return ExitCode::FAILURE;
            }
        };
        tracing::info!(
            "{} is listening on http://{}",
            running.state.tenant.name,
            running.addr
        );
        let result = running.task.await;
        running.state.db.close().await;
        match result {
            Ok(Ok(())) => ExitCode::SUCCESS,
            Ok(Err(err)) => {
                tracing::error!(error = %err, "server stopped with an error");
                ExitCode::FAILURE
            }
            Err(err) => {
                tracing::error!(error = %err, "server task failed");
                ExitCode::FAILURE
            }
        }
    })
}
