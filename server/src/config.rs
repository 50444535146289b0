//! Settings from the command line and the environment, with safe local defaults.
//!
//! | variable       | default                           | meaning                              |
//! |----------------|-----------------------------------|--------------------------------------|
//! | `DATABASE_URL` | `sqlite://data/helferkreis.db`    | database; created and migrated       |
//! | `BIND`         | `127.0.0.1:3000`                  | address to listen on (`:0` = any port)|
//! | `SITE_ROOT`    | `target/site`                     | built CSS/JS/WASM from cargo-leptos  |
//! | `RUST_LOG`     | `info`                            | log filter (tracing EnvFilter)       |
//!
//! `SMTP_URL` and `SECRET_KEY` come with the accounts feature.
use std::net::SocketAddr;
use std::path::PathBuf;

pub const DEFAULT_BIND: &str = "127.0.0.1:3000";
pub const DEFAULT_SITE_ROOT: &str = "target/site";

#[derive(Debug, Clone)]
pub struct Config {
    pub tenant_dir: PathBuf,
    pub database_url: String,
    pub bind: SocketAddr,
    pub site_root: PathBuf,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("environment variable BIND=`{value}` is not an address like 127.0.0.1:3000: {source}")]
    Bind {
        value: String,
        #[source]
        source: std::net::AddrParseError,
    },
}

impl Config {
    /// Reads the environment; `tenant_dir` comes from the command line.
    pub fn from_env(tenant_dir: PathBuf) -> Result<Self, ConfigError> {
        Self::from_lookup(tenant_dir, |key| std::env::var(key).ok())
    }

    pub fn from_lookup(
        tenant_dir: PathBuf,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, ConfigError> {
        let bind_text = lookup("BIND").unwrap_or_else(|| DEFAULT_BIND.to_string());
        let bind = bind_text.parse().map_err(|source| ConfigError::Bind {
            value: bind_text.clone(),
            source,
        })?;
        Ok(Self {
            tenant_dir,
            database_url: lookup("DATABASE_URL")
                .unwrap_or_else(|| app::ssr::db::DEFAULT_DATABASE_URL.to_string()),
            bind,
            site_root: lookup("SITE_ROOT")
                .or_else(|| lookup("LEPTOS_SITE_ROOT"))
                .unwrap_or_else(|| DEFAULT_SITE_ROOT.to_string())
                .into(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_local_and_safe() {
        let config = Config::from_lookup("t".into(), |_| None).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(config.bind.to_string(), DEFAULT_BIND);
        assert!(config.database_url.starts_with("sqlite://data/"));
    }

    #[test]
    fn a_bad_bind_names_the_variable() {
        let err = Config::from_lookup("t".into(), |k| (k == "BIND").then(|| "localhost".into()))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("BIND=`localhost`"), "{err}");
    }
}
