//! `server backup --to FILE` and `server restore --from FILE`, for both backends.
//!
//! SQLite: the backup is a consistent copy made while the server runs (`VACUUM INTO`,
//! one transaction's view of the database), a database file itself. Restoring copies it
//! to the path of `DATABASE_URL`, which must not exist yet.
//!
//! PostgreSQL: the backup is `pg_dump --format=custom` (consistent: one snapshot), so
//! `pg_dump` of the server's major version must be installed (Debian:
//! `postgresql-client`). Restoring runs `pg_restore` into the database of
//! `DATABASE_URL`, which must exist and be empty (`createdb`).
//!
//! Photos live in the database, so both carry them. The tenant folder (configuration,
//! information pages) is not in the database: keep it in version control.
use app::ssr::db::{DbError, is_postgres_url, redact, sqlite_parts};
use sqlx::Connection;
use std::path::{Path, PathBuf};
use std::process::Command;

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(transparent)]
    Database(#[from] DbError),
    #[error("database: {0}")]
    Query(#[from] sqlx::Error),
    #[error("{0} exists already; choose a new file (a backup never overwrites one)")]
    TargetExists(PathBuf),
    #[error("{0} exists already; a restore only creates a new database (move the old one aside)")]
    DatabaseExists(PathBuf),
    #[error("{0} is not a SQLite database backup")]
    NotSqlite(PathBuf),
    #[error("the database at {0} is not empty; restore into a new, empty database")]
    NotEmpty(String),
    #[error("DATABASE_URL `{0}` is neither sqlite://PATH nor postgres://…")]
    UnsupportedUrl(String),
    #[error("{path}: {source}")]
    File {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot run {program} (on Debian: apt-get install postgresql-client): {source}")]
    Tool {
        program: &'static str,
        #[source]
        source: std::io::Error,
    },
    #[error("{program} failed: {message}")]
    ToolFailed {
        program: &'static str,
        message: String,
    },
}

/// Writes a backup of the database at `url` to `to` (a new file). Returns its size.
/// It only reads: no migrations, so an upgraded binary can back up the database an older
/// server still serves.
pub async fn backup(url: &str, to: &Path) -> Result<u64, BackupError> {
    if to.exists() {
        return Err(BackupError::TargetExists(to.to_path_buf()));
    }
    if is_postgres_url(url) {
        run(
            "pg_dump",
            &[
                "--format=custom".as_ref(),
                "--no-owner".as_ref(),
                "--file".as_ref(),
                to.as_os_str(),
                "--dbname".as_ref(),
                url.as_ref(),
            ],
        )?;
    } else {
        let file = sqlite_file(url)?;
        let read_only = format!("sqlite://{}?mode=ro", file.display());
        let mut conn = sqlx::SqliteConnection::connect(&read_only)
            .await
            .map_err(|source| DbError::Connect {
                url: read_only.clone(),
                source,
            })?;
        let copied = sqlx::query("VACUUM INTO $1")
            .bind(to.to_string_lossy().to_string())
            .execute(&mut conn)
            .await;
        let _ = conn.close().await;
        copied?;
    }
    std::fs::metadata(to)
        .map(|m| m.len())
        .map_err(|source| BackupError::File {
            path: to.to_path_buf(),
            source,
        })
}

/// The database file a `sqlite://PATH?options` URL names.
fn sqlite_file(url: &str) -> Result<PathBuf, BackupError> {
    sqlite_parts(url)
        .map(|(file, _)| PathBuf::from(file))
        .ok_or_else(|| BackupError::UnsupportedUrl(redact(url)))
}

/// Restores the backup `from` into the (new) database at `url`.
pub async fn restore(url: &str, from: &Path) -> Result<(), BackupError> {
    let file_error = |source| BackupError::File {
        path: from.to_path_buf(),
        source,
    };
    std::fs::metadata(from).map_err(file_error)?;
    if is_postgres_url(url) {
        let mut conn = sqlx::PgConnection::connect(url).await?;
        let (tables,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM information_schema.tables \
             WHERE table_schema NOT IN ('pg_catalog', 'information_schema')",
        )
        .fetch_one(&mut conn)
        .await?;
        let _ = conn.close().await;
        if tables > 0 {
            return Err(BackupError::NotEmpty(redact(url)));
        }
        return run(
            "pg_restore",
            &[
                "--no-owner".as_ref(),
                "--exit-on-error".as_ref(),
                "--dbname".as_ref(),
                url.as_ref(),
                from.as_os_str(),
            ],
        );
    }
    let target = sqlite_file(url)?;
    if target.exists() {
        return Err(BackupError::DatabaseExists(target));
    }
    let mut header = [0u8; 16];
    let read = std::fs::File::open(from)
        .and_then(|mut file| std::io::Read::read_exact(&mut file, &mut header));
    if read.is_err() || &header != b"SQLite format 3\0" {
        return Err(BackupError::NotSqlite(from.to_path_buf()));
    }
    let target_error = |source| BackupError::File {
        path: target.clone(),
        source,
    };
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(target_error)?;
    }
    // Copied under another name first: a restore cut short leaves no half database.
    let partial = target.with_extension("restoring");
    std::fs::copy(from, &partial).map_err(target_error)?;
    std::fs::rename(&partial, &target).map_err(target_error)?;
    Ok(())
}

fn run(program: &'static str, args: &[&std::ffi::OsStr]) -> Result<(), BackupError> {
    let output = Command::new(program)
        .args(args)
        .output()
        .map_err(|source| BackupError::Tool { program, source })?;
    if output.status.success() {
        Ok(())
    } else {
        Err(BackupError::ToolFailed {
            program,
            message: String::from_utf8_lossy(&output.stderr).trim().to_string(),
        })
    }
}
