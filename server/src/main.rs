//! `server`: the one binary. Subcommands are a stable contract (DESIGN.md).
use clap::{Parser, Subcommand};
use server::config::Config;
use server::startup;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

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
        Command::Serve { tenant } => serve(tenant),
    }
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,tower_http=warn"));
    tracing_subscriber::fmt().with_env_filter(filter).init();
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
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

fn serve(tenant: PathBuf) -> ExitCode {
    init_logging();
    let config = match Config::from_env(tenant) {
        Ok(config) => config,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::FAILURE;
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("error: cannot start the async runtime: {err}");
            return ExitCode::FAILURE;
        }
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
